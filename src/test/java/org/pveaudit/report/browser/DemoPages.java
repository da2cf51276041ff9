package org.pveaudit.report.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.pveaudit.cli.Main;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.notify.MailSummary;
import org.pveaudit.notify.MailTemplates;
import org.pveaudit.report.ReportData;
import org.sqlite.SQLiteDataSource;

/**
 * The demo of docs/history.md, run in a temporary folder: the three sample clusters audited twice by the real
 * {@code pve-audit audit}, with a change to the branch cluster between the runs, so that the second run's
 * {@code report.html} has findings of every severity in three clusters, new and open ones, resolved findings
 * and access drift; and the HTML part of the mail about that run.
 */
record DemoPages(Path report, Path mail) {

    /** Runs the demo under {@code work}; takes a few seconds per run. */
    static DemoPages write(Path work) throws IOException {
        copy(Path.of("sample-data"), work.resolve("sample-data"));
        Path data = work.resolve("sample-data");
        // the demo configuration, with its report folder and history in the work folder rather than in the
        // folder the test runs in (report.out and history.database are relative to the working directory)
        Path config = data.resolve("browser-test.yml");
        String demo = Files.readString(data.resolve("pve-audit.yml"));
        Files.writeString(config, demo.replace("../rules/baseline.yml", Path.of("rules/baseline.yml").toAbsolutePath()
                        .toString())
                .replace("out: reports", "out: " + work.resolve("reports"))
                .replace("database: pve-audit.db", "database: " + work.resolve("pve-audit.db")));
        audit(config);
        // as in docs/history.md: a token without expiry or privilege separation appears, an ACL entry goes
        Path userCfg = data.resolve("branch/user.cfg");
        String cfg = Files.readString(userCfg);
        assertThat(cfg).contains("acl:1:/:jdoe@corp-ad:PVEAdmin:\n");
        Files.writeString(userCfg, cfg.replace("acl:1:/:jdoe@corp-ad:PVEAdmin:\n", "")
                + "token:b.admin@pam!cron:0:0::\n");
        audit(config);

        Path report;
        try (Stream<Path> dirs = Files.list(work.resolve("reports"))) {
            report = dirs.filter(d -> d.getFileName().toString().endsWith("-r2")).findFirst().orElseThrow()
                    .resolve("report.html");
        }
        assertThat(report).isRegularFile();
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + work.resolve("pve-audit.db"));
        ReportData run = ReportData.of(new AuditHistory(ds), 2);
        MailSummary summary = new MailSummary(run, 1, null, OptionalInt.of(run.resolved().size()));
        Map<String, Object> model = MailTemplates.model(summary, summary.subject("[pve-audit]"),
                report.getParent().toString(), List.of("report.xlsx"), null);
        model.put("reportUrl", "");
        Path mail = Files.writeString(work.resolve("mail.html"), new MailTemplates(null).html(model));
        return new DemoPages(report, mail);
    }

    /**
     * Writes the demo's pages under the folder given (run from the repository's root folder) and prints their
     * paths, {@code report PATH} and {@code mail PATH}: what {@code scripts/render-report-png} renders by default.
     */
    public static void main(String[] args) throws IOException {
        DemoPages pages = write(Files.createDirectories(Path.of(args[0]).toAbsolutePath()));
        System.out.println("report " + pages.report());
        System.out.println("mail " + pages.mail());
    }

    /** {@code pve-audit audit -c config}, in this JVM; the demo exits 1 (critical and high findings). */
    private static synchronized void audit(Path config) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(o, true, StandardCharsets.UTF_8));
            exit = Main.run("audit", "-c", config.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(exit).as(o.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
