package org.pveaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A working folder for history tests: a copy of the sample {@code prod} cluster that tests change
 * between runs, a configuration pointing at it, and helpers to run the command line and query the
 * SQLite file.
 */
final class HistoryFixture {

    static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The result of one command-line run. */
    record Run(int exit, String out, String err) {
    }

    final Path work;
    final Path prod;
    final Path db;
    final Path config;

    HistoryFixture(Path work) throws IOException {
        this(work, "");
    }

    /** @param history extra lines under {@code history:} (retention settings) */
    HistoryFixture(Path work, String history) throws IOException {
        this.work = work;
        this.prod = work.resolve("prod");
        this.db = work.resolve("history.db");
        copy(SAMPLES.resolve("prod"), prod);
        Path extra = work.resolve("extra-rules.yml");
        Files.writeString(extra, """
                pack: extra
                version: "0.1"
                rules:
                  - id: TEST-GROUP-001
                    title: Group with more than four members
                    severity: medium
                    subject: group
                    when: "memberCount > 4"
                    message: "group {id} has {memberCount} members"
                """);
        config = work.resolve("pve-audit.yml");
        writeConfig(Path.of("src/test/resources/seed-rules.yml").toAbsolutePath(), history); // frozen seed rules
    }

    void writeConfig(Path baseline, String history) throws IOException {
        Files.writeString(config, """
                clusters:
                  - {name: prod, source: snapshot, path: %s}
                rules: [%s, %s]
                report:
                  out: %s
                  formats: [json]
                history:
                  database: %s
                %s""".formatted(prod, baseline, work.resolve("extra-rules.yml"), work.resolve("reports"), db,
                history.indent(2)));
    }

    /**
     * Audits the three sample clusters once into {@code dir} (configuration, reports and {@code history.db}),
     * with the bundled baseline; returns the history file.
     */
    static Path auditedSamples(Path dir) throws IOException {
        Path config = dir.resolve("pve-audit.yml");
        Files.writeString(config, """
                clusters:
                  - {name: prod, source: snapshot, path: %1$s/prod}
                  - {name: lab, source: snapshot, path: %1$s/lab}
                  - {name: branch, source: usercfg, user-cfg: %1$s/branch/user.cfg,
                     domains-cfg: %1$s/branch/domains.cfg, pve-version: "9.1"}
                rules: [%2$s]
                report:
                  out: %3$s
                  formats: [json]
                history:
                  database: %4$s
                """.formatted(SAMPLES, Path.of("rules/baseline.yml").toAbsolutePath(), dir.resolve("reports"),
                dir.resolve("history.db")));
        Run audit = run("audit", "-c", config.toString());
        if (audit.exit() != 1) {
            throw new AssertionError("the sample audit exited " + audit.exit() + ": " + audit.err());
        }
        return dir.resolve("history.db");
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Run audit(String... more) {
        List<String> args = new ArrayList<>(List.of("audit", "-c", config.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** Edits the list (bare or under {@code data}) of a file of the prod copy. */
    void edit(String file, Consumer<ArrayNode> change) {
        Path p = prod.resolve(file);
        JsonNode root = JSON.readTree(p.toFile());
        change.accept(root instanceof ArrayNode bare ? bare : (ArrayNode) root.get("data"));
        JSON.writeValue(p.toFile(), root);
    }

    static ObjectNode find(ArrayNode list, String field, String value) {
        for (JsonNode n : list) {
            if (value.equals(n.path(field).asString())) {
                return (ObjectNode) n;
            }
        }
        throw new AssertionError("no " + field + "=" + value);
    }

    long queryLong(String sql, Object... args) {
        List<List<Object>> rows = query(sql, args);
        return ((Number) rows.get(0).get(0)).longValue();
    }

    List<List<Object>> query(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "rule subject state" of each finding of a run, sorted. */
    List<String> findings(long run) {
        return query("SELECT rule_id || ' ' || subject_key || ' ' || state FROM finding WHERE run_id = ? "
                + "ORDER BY 1", run).stream().map(r -> (String) r.get(0)).toList();
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
