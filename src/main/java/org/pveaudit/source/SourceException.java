package org.pveaudit.source;

/** Input that cannot be what Proxmox wrote; the message is one line naming file, line and field. */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
