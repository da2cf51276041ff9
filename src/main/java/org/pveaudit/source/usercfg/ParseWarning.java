package org.pveaudit.source.usercfg;

/** Something Proxmox would drop or ignore while reading a config file, with its 1-based line number. */
public record ParseWarning(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
