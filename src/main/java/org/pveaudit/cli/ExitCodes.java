package org.pveaudit.cli;

/** The exit codes of every command, documented in README and {@code --help}. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;
    public static final int CLUSTER_NOT_AUDITED = 3;

    private ExitCodes() {
    }
}
