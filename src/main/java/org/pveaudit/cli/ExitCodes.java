package org.pveaudit.cli;

import org.pveaudit.job.ExitCode;

/** The exit codes of every command (the values of {@link ExitCode}), documented in README and {@code --help}. */
public final class ExitCodes {
    public static final int OK = ExitCode.OK;
    public static final int FINDINGS = ExitCode.FINDINGS;
    public static final int USAGE = ExitCode.INPUT_ERROR;
    public static final int CLUSTER_NOT_AUDITED = ExitCode.NOT_AUDITED;

    // The audit's exit codes as its help and the top-level help list them (picocli's "code:text" form).
    static final String AUDIT_OK = "0:nothing at or above the --fail-on threshold";
    static final String AUDIT_FINDINGS = "1:findings at or above the threshold";
    static final String AUDIT_USAGE = "2:usage, configuration or input error";
    static final String AUDIT_NOT_AUDITED =
            "3:at least one cluster could not be audited (the others still are), the e-mail could not be sent, "
                    + "or the history database or a report could not be written (disk full, read-only, damaged)";
    /** The JVM's own exit after SIGTERM (128 + 15), not one pve-audit returns: the run is marked INTERRUPTED first. */
    static final String AUDIT_STOPPED = "143:stopped by SIGTERM (130: by Ctrl-C); the run is marked INTERRUPTED "
            + "and audit --restart RUN_ID resumes it";

    private ExitCodes() {
    }
}
