package org.pveaudit.cli;

import ch.qos.logback.classic.Level;
import org.pveaudit.job.ClusterProgress;
import org.pveaudit.logging.LogSetup;
import picocli.CommandLine.Option;

/** {@code -v}, {@code --quiet} and {@code --log-format} of the commands that run audits. */
final class LogOptions {

    @Option(names = {"-v", "--verbose"}, description = "Log what each step collected and how long it took (INFO).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors: no summary, no progress, logs at ERROR.")
    boolean quiet;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one JSON object per line on stderr, for log collectors; "
                    + "INFO by default). Default: ${DEFAULT-VALUE}.")
    String format;

    boolean json() {
        return "json".equalsIgnoreCase(format);
    }

    /** @return null when fine, else the usage problem */
    String check() {
        if (!"json".equalsIgnoreCase(format) && !"text".equalsIgnoreCase(format)) {
            return "--log-format: '" + format + "' is not one of text, json";
        }
        if (quiet && verbose) {
            return "--quiet and --verbose exclude each other";
        }
        return null;
    }

    /**
     * Sets the process's logging.
     *
     * @param infoByDefault INFO unless {@code --quiet} (for long-lived processes whose log is their output)
     */
    void apply(boolean infoByDefault) {
        Level level = quiet ? Level.ERROR : verbose || infoByDefault || json() ? Level.INFO : Level.WARN;
        LogSetup.configure(level, json());
    }

    /** A progress line per cluster: only for a person at a terminal. */
    boolean progress() {
        return !quiet && !json() && ClusterProgress.interactive();
    }
}
