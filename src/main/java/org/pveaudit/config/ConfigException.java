package org.pveaudit.config;

/** A configuration the audit cannot run with; the message is one line naming file, key and problem. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
