package org.pveaudit.source.api;

import org.pveaudit.model.Dataset;

/**
 * One read the audit needs, and how it went.
 *
 * @param path    the API path ({@code /access/acl})
 * @param file    where {@code collect} writes it in a snapshot folder ({@code access/acl.json})
 * @param needs   the privilege a complete answer needs (reference 4.4/4.5)
 * @param missing the privilege the credential lacks when not {@link Status#OK}, else null
 * @param detail  Proxmox's message or the error, when not {@link Status#OK}
 */
public record ReadResult(String path, String file, Dataset dataset, Status status, String needs, String missing,
                         String detail) {

    /** How a read went. */
    public enum Status {
        /** Read completely. */
        OK,
        /** 403: nothing read. */
        FORBIDDEN,
        /** Answered, but Proxmox leaves out what the credential may not see. */
        PARTIAL,
        /** Another error status. */
        FAILED
    }

    public boolean allowed() {
        return status == Status.OK;
    }
}
