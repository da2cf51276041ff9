package org.pveaudit.cli;

import org.pveaudit.job.ExitCode;

/** The exit codes of every command (the values of {@link ExitCode}), documented in README and {@code --help}. */
public final class ExitCodes {
    public static final int OK = ExitCode.OK;
    public static final int FINDINGS = ExitCode.FINDINGS;
    public static final int USAGE = ExitCode.INPUT_ERROR;
    public static final int CLUSTER_NOT_AUDITED = ExitCode.NOT_AUDITED;

    private ExitCodes() {
    }
}
