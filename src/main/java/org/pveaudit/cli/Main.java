package org.pveaudit.cli;

import org.pveaudit.failure.Cause;
import org.pveaudit.job.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pve-audit} command line. */
@Command(name = "pve-audit", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Audits Proxmox VE access control: who can do what, what breaks policy, what changed.",
        subcommands = {AuditCommand.class, ScheduleCommand.class, CollectCommand.class, WorkerCommand.class, CheckAccessCommand.class, RulesCommand.class,
                PermissionsCommand.class, ExplainCommand.class, WhoCanCommand.class,
                HistoryCommand.class, DiffCommand.class, ReviewCommand.class, PersonCommand.class, DeclaredCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodeHelp.AUDIT_OK, ExitCodeHelp.AUDIT_FINDINGS, ExitCodeHelp.AUDIT_USAGE,
                ExitCodeHelp.AUDIT_NOT_AUDITED, ExitCodeHelp.AUDIT_STOPPED})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code, without exiting (for tests). */
    public static int run(String... args) {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            // answered without building the command tree (start-up time, docs/operations.md)
            System.out.println(new Version().getVersion()[0]);
            System.out.flush();
            return ExitCode.OK;
        }
        return newCommandLine(args).execute(args);
    }

    /**
     * The command line for these arguments. picocli builds a model of every command class it is given, by
     * reflection, which is most of the start-up time of a short command; so when the first argument names a
     * subcommand, only that subcommand is registered. Everything else (top-level help, errors) gets the
     * full tree.
     */
    static CommandLine newCommandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> sub : Main.class.getAnnotation(Command.class).subcommands()) {
                Command c = sub.getAnnotation(Command.class);
                if (c != null && c.name().equals(args[0]) && sub != CommandLine.HelpCommand.class) {
                    CommandLine cl = new CommandLine(CommandLine.Model.CommandSpec.create().name("pve-audit")
                            .mixinStandardHelpOptions(true).versionProvider(new Version()));
                    cl.addSubcommand(c.name(), sub);
                    return configure(cl);
                }
            }
        }
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            return configure(overview());
        }
        return newCommandLine();
    }

    /**
     * The top-level help: each subcommand only by name and description, which is all that help shows
     * (a test checks the text equals the full tree's).
     */
    static CommandLine overview() {
        Command main = Main.class.getAnnotation(Command.class);
        CommandLine.Model.CommandSpec top = CommandLine.Model.CommandSpec.create().name(main.name())
                .mixinStandardHelpOptions(true).versionProvider(new Version());
        java.util.Map<String, String> exitCodes = new java.util.LinkedHashMap<>();
        for (String line : main.exitCodeList()) {
            int colon = line.indexOf(':');
            exitCodes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        top.usageMessage().description(main.description()).exitCodeListHeading(main.exitCodeListHeading())
                .exitCodeList(exitCodes);
        for (Class<?> sub : main.subcommands()) {
            Command c = sub.getAnnotation(Command.class);
            CommandLine.Model.CommandSpec stub = CommandLine.Model.CommandSpec.create().name(c.name());
            stub.usageMessage().header(c.header()).description(c.description()).hidden(c.hidden());
            top.addSubcommand(c.name(), stub);
        }
        return new CommandLine(top);
    }

    static CommandLine newCommandLine() {
        return configure(new CommandLine(new Main()));
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExitCodeExceptionMapper(e -> ExitCode.INPUT_ERROR);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("pve-audit: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return ExitCode.INPUT_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // input problems are reported as one line, without a stack trace
            commandLine.getErr().println("pve-audit: " + oneLine(ex));
            commandLine.getErr().flush();
            return ExitCode.INPUT_ERROR;
        });
        return cl;
    }

    private static String oneLine(Exception ex) {
        String m = ex.getMessage();
        if (ex instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            // its message is the bare path; the reason is the point
            m = fs.getFile() + ": " + Cause.of(ex);
        } else if (ex instanceof java.io.IOException) {
            m = Cause.of(ex);
        } else if (m == null || m.isBlank() || !(ex instanceof InputError
                || ex instanceof org.pveaudit.source.usercfg.UserCfgException
                || ex instanceof IllegalArgumentException)) {
            String why = Cause.of(ex);
            m = why.equals("internal error") ? why : "internal error: " + why;
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
