package org.pveaudit.cli;

import org.pveaudit.job.ExitCode;

/** The audit's exit codes as its help and the top-level help list them (picocli's "code:text" form; values of {@link ExitCode}). */
final class ExitCodeHelp {
    static final String AUDIT_OK = ExitCode.OK + ":nothing at or above the --fail-on threshold";
    static final String AUDIT_FINDINGS = ExitCode.FINDINGS + ":findings at or above the threshold";
    static final String AUDIT_USAGE = ExitCode.INPUT_ERROR + ":usage, configuration or input error";
    static final String AUDIT_NOT_AUDITED = ExitCode.NOT_AUDITED
            + ":at least one cluster could not be audited (the others still are), the e-mail could not be sent, "
            + "or the history database or a report could not be written (disk full, read-only, damaged)";
    /** The JVM's own exit after SIGTERM (128 + 15), not one pve-audit returns: the run is marked INTERRUPTED first. */
    static final String AUDIT_STOPPED = "143:stopped by SIGTERM (130: by Ctrl-C); the run is marked INTERRUPTED "
            + "and audit --restart RUN_ID resumes it";

    private ExitCodeHelp() {
    }
}
