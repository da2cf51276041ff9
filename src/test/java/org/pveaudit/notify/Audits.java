package org.pveaudit.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pveaudit.cli.CapturedRun;

/** Runs {@code pve-audit audit} on the sample clusters, capturing stdout and stderr (with the log lines). */
final class Audits {

    static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();

    /** A rule that puts a user's comment into the finding message, so hostile text reaches the e-mail. */
    static final String HOSTILE_PACK = """
            pack: hostile
            version: "1"
            rules:
              - id: TEST-HOSTILE-001
                title: Comment with markup
                severity: low
                subject: user
                when: "comment != null and comment matches '.*<script>.*'"
                message: "{id} has the comment {comment}"
            """;

    record Run(int exit, String out, String err) {
    }

    private Audits() {
    }

    /** Writes {@code pve-audit.yml} for the three sample clusters plus {@code extra} YAML (a mail section). */
    static Path config(Path work, String extra) throws IOException {
        Path hostile = work.resolve("hostile.yml");
        Files.writeString(hostile, HOSTILE_PACK);
        Path file = work.resolve("pve-audit.yml");
        Files.writeString(file, """
                clusters:
                  - {name: prod, source: snapshot, path: %1$s/prod}
                  - {name: lab, source: snapshot, path: %1$s/lab}
                  - {name: branch, source: usercfg, user-cfg: %1$s/branch/user.cfg,
                     domains-cfg: %1$s/branch/domains.cfg, pve-version: "9.1"}
                rules: [%2$s, %3$s]
                report:
                  out: %4$s
                history:
                  database: %5$s
                """.formatted(SAMPLES, Path.of("src/test/resources/seed-rules.yml").toAbsolutePath(), hostile,
                work.resolve("reports"), work.resolve("history.db")) + extra);
        return file;
    }

    static Run run(String... args) {
        CapturedRun r = CapturedRun.of(args);
        return new Run(r.exit(), r.out(), r.err());
    }
}
