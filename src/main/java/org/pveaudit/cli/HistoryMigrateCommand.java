package org.pveaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.history.HistoryException;
import org.pveaudit.history.HistoryMigration;
import org.pveaudit.history.TableCopy;
import org.pveaudit.job.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pve-audit history migrate --from FILE --to URL}: a SQLite history copied into PostgreSQL, then verified. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Copy a SQLite history into a new, empty PostgreSQL database and verify the copy "
                + "(rows and a SHA-256 per table).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:copied and verified", "2:a usage error, a source or target that cannot be used, "
                + "or a table that differs after the copy"})
final class HistoryMigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The SQLite history file.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "The PostgreSQL database: jdbc:postgresql://host:5432/db[?sslmode=verify-full&...].")
    String to;

    @Option(names = "--username", paramLabel = "USER", description = "The PostgreSQL user.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file with the password (default: the environment variable PGPASSWORD).")
    Path passwordFile;

    @Override
    public Integer call() {
        if (HistoryConfig.carriesPassword(to)) {
            throw new InputError("--to: the URL carries a password; use --password-file or PGPASSWORD");
        }
        List<TableCopy> copies;
        try {
            copies = HistoryMigration.copy(from, new HistoryConnection(to, username, password()));
        } catch (HistoryException e) {
            throw new InputError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-30s %10s %10s  %s%n", "TABLE", "SQLITE", "POSTGRESQL", "SHA-256");
        TableCopy differs = null;
        for (TableCopy c : copies) {
            out.printf("%-30s %10d %10d  %s%n", c.table(), c.sourceRows(), c.targetRows(),
                    c.matches() ? c.targetDigest().substring(0, 16) : "DIFFERS");
            if (!c.matches() && differs == null) {
                differs = c;
            }
        }
        out.flush();
        if (differs != null) {
            spec.commandLine().getErr().println("pve-audit: history migrate: table " + differs.table()
                    + " differs after the copy (" + differs.sourceRows() + " rows in " + from + ", "
                    + differs.targetRows() + " in the target)");
            return ExitCode.INPUT_ERROR;
        }
        return ExitCode.OK;
    }

    /** From the file (its first line) or PGPASSWORD; never an option's text, which other users can see in ps. */
    private String password() {
        if (passwordFile == null) {
            return System.getenv("PGPASSWORD");
        }
        try {
            return Files.readString(passwordFile).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new InputError("--password-file " + passwordFile + ": cannot read: " + Cause.of(e));
        }
    }
}
