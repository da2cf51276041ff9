package org.pveaudit.job.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.AuditRequestLoader;
import org.sqlite.SQLiteDataSource;

/**
 * The configurations of a scale-out test: the manager's (the three sample clusters: prod at site dc-east,
 * lab local, branch at dc-west) and a worker's (only prod, at dc-east), on one SQLite history and one broker.
 */
record ScaleOutSetup(Path dir, String broker, String partitionWait, String scaleOutExtra) {

    ScaleOutSetup(Path dir, String broker, String partitionWait) {
        this(dir, broker, partitionWait, "");
    }

    static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();

    Path history() {
        return dir.resolve("history.db");
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
                "rules:",
                "  - " + SAMPLES.resolve("../rules/baseline.yml").normalize(),
                "report:",
                "  out: " + dir.resolve("reports"),
                "  formats: [json]",
                "history:",
                "  database: " + history(),
                "scale-out:",
                "  broker: " + broker,
                "  wait: " + partitionWait,
                scaleOutExtra));
    }

    /** A worker's configuration: the one cluster of its site, with the source settings the manager lacks. */
    Path workerConfig(String site, String cluster) throws IOException {
        String source = cluster.equals("branch")
                ? String.join("\n", "    source: usercfg",
                        "    user-cfg: " + SAMPLES.resolve("branch/user.cfg"),
                        "    domains-cfg: " + SAMPLES.resolve("branch/domains.cfg"),
                        "    pve-version: \"9.1\"")
                : "    source: snapshot\n    path: " + SAMPLES.resolve(cluster);
        return write("worker-" + site + ".yml", String.join("\n",
                "clusters:",
                "  - name: " + cluster,
                "    site: " + site,
                source,
                "history:",
                "  database: " + history(),
                "scale-out:",
                "  broker: " + broker,
                scaleOutExtra));
    }

    AuditRequest managerRequest() throws IOException {
        return AuditRequestLoader.load(managerConfig(), List.of(), null, FailurePolicy.DEFAULT, List.of());
    }

    AuditRequest workerRequest(String site, String cluster) throws IOException {
        return AuditRequestLoader.load(workerConfig(site, cluster), List.of(), null, FailurePolicy.DEFAULT,
                List.of());
    }

    AuditHistory openHistory() {
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
