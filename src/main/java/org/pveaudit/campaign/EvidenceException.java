package org.pveaudit.campaign;

/**
 * A problem with what the operator gave for an evidence bundle (no such campaign, a workbook changed after its
 * import, a bundle that cannot be read as one, a wrong passphrase); its message is one line naming the file.
 */
public final class EvidenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EvidenceException(String message) {
        super(message);
    }
}
