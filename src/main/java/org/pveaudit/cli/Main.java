package org.pveaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pve-audit} command line. */
@Command(name = "pve-audit", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Audits Proxmox VE access control: who can do what, what breaks policy, what changed.",
        subcommands = {AuditCommand.class, ScheduleCommand.class, CollectCommand.class, CheckAccessCommand.class, RulesCommand.class,
                PermissionsCommand.class, ExplainCommand.class, WhoCanCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:nothing at or above the --fail-on threshold",
                "1:findings at or above the threshold",
                "2:usage, configuration or input error",
                "3:at least one cluster could not be audited (the others still are), or the e-mail could not be sent"})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code, without exiting (for tests). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("pve-audit: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // input problems are reported as one line, without a stack trace
            commandLine.getErr().println("pve-audit: " + oneLine(ex));
            commandLine.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    private static String oneLine(Exception ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank() || !(ex instanceof InputError
                || ex instanceof org.pveaudit.source.usercfg.UserCfgException
                || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException)) {
            m = "internal error: " + ex + (m == null ? "" : "");
        }
        return m.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** The version Maven wrote into the jar manifest, or {@code dev} when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pve-audit " + version()};
        }
    }
}
