package org.pveaudit.job.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.AuditRequestLoader;
import org.sqlite.SQLiteDataSource;

/**
 * The configurations of a scale-out test: the manager's (the three sample clusters: prod at site dc-east,
 * lab local, branch at dc-west) and a worker's (only prod, at dc-east), on one history and one broker. The
 * history is the SQLite file {@link #history()}, or the PostgreSQL database {@code postgres} when one is given;
 * {@link #singleProcessConfig()} is the same audit without scale-out, every cluster read by the one process.
 */
record ScaleOutSetup(Path dir, String broker, String partitionWait, String scaleOutExtra, HistoryConnection postgres) {

    ScaleOutSetup(Path dir, String broker, String partitionWait) {
        this(dir, broker, partitionWait, "");
    }

    ScaleOutSetup(Path dir, String broker, String partitionWait, String scaleOutExtra) {
        this(dir, broker, partitionWait, scaleOutExtra, null);
    }

    static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();

    /** The SQLite history file (unused when the history is in PostgreSQL). */
    Path history() {
        return dir.resolve("history.db");
    }

    /** The shared history as manager and workers connect to it. */
    HistoryConnection historyConnection() {
        return postgres != null ? postgres : HistoryConnection.file(history());
    }

    /** The {@code history:} section of every configuration: the same database for manager and workers. */
    private String historySection() {
        return postgres == null ? "history:\n  database: " + history()
                : "history:\n  database: " + postgres.url() + "\n  username: " + postgres.username();
    }

    /** The manager's configuration: prod and branch name only their site, their settings are the workers'. */
    Path managerConfig() throws IOException {
        return write("manager.yml", String.join("\n",
                "clusters:",
                "  - name: prod",
                "    site: dc-east",
                "  - name: lab",
                "    source: snapshot",
                "    path: " + SAMPLES.resolve("lab"),
                "  - name: branch",
                "    site: dc-west",
                rulesReportsAndHistory(),
                "scale-out:",
                "  broker: " + broker,
                "  wait: " + partitionWait,
                scaleOutExtra));
    }

    /** A worker's configuration: the one cluster of its site, with the source settings the manager lacks. */
    Path workerConfig(String site, String cluster) throws IOException {
        return write("worker-" + site + ".yml", String.join("\n",
                "clusters:",
                "  - name: " + cluster,
                "    site: " + site,
                source(cluster),
                historySection(),
                "scale-out:",
                "  broker: " + broker,
                scaleOutExtra));
    }

    /** A sample cluster's source settings, as a worker's configuration has them. */
    private static String source(String cluster) {
        return cluster.equals("branch")
                ? String.join("\n", "    source: usercfg",
                        "    user-cfg: " + SAMPLES.resolve("branch/user.cfg"),
                        "    domains-cfg: " + SAMPLES.resolve("branch/domains.cfg"),
                        "    pve-version: \"9.1\"")
                : "    source: snapshot\n    path: " + SAMPLES.resolve(cluster);
    }

    /**
     * The manager's audit without scale-out: the same clusters, rules, reports and history, each cluster with
     * the source its site's worker reads it from, all read by this one process.
     */
    Path singleProcessConfig() throws IOException {
        return write("single.yml", String.join("\n",
                "clusters:",
                "  - name: prod",
                source("prod"),
                "  - name: lab",
                source("lab"),
                "  - name: branch",
                source("branch"),
                rulesReportsAndHistory(),
                ""));
    }

    /** The baseline rules, json reports under the folder, and the history: the same in every configuration. */
    private String rulesReportsAndHistory() {
        return String.join("\n",
                "rules:",
                "  - " + SAMPLES.resolve("../rules/baseline.yml").normalize(),
                "report:",
                "  out: " + dir.resolve("reports"),
                "  formats: [json]",
                historySection());
    }

    AuditRequest singleProcessRequest() throws IOException {
        return AuditRequestLoader.load(singleProcessConfig(), List.of(), null, FailurePolicy.DEFAULT, List.of());
    }

    AuditRequest managerRequest() throws IOException {
        return AuditRequestLoader.load(managerConfig(), List.of(), null, FailurePolicy.DEFAULT, List.of());
    }

    AuditRequest workerRequest(String site, String cluster) throws IOException {
        return AuditRequestLoader.load(workerConfig(site, cluster), List.of(), null, FailurePolicy.DEFAULT,
                List.of());
    }

    AuditHistory openHistory() {
        if (postgres != null) {
            return AuditHistory.open(postgres, false);
        }
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + history() + "?busy_timeout=30000");
        return new AuditHistory(ds);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
