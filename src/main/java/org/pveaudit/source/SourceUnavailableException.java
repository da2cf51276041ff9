package org.pveaudit.source;

/**
 * The cluster could not be read at all: no endpoint answered, or the credential was refused. The
 * cluster is reported as not audited (exit code 3) while the other clusters are audited. The
 * message names the endpoint and the credential id, never a secret.
 */
public class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
