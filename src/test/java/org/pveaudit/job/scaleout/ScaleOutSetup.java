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
record ScaleOutSetup(Path dir, String broker, String partitionWait) {

    static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();

    Path history() {
        return dir.resolve("history.db");
    }

    Path managerConfig() throws IOException {
        return write("manager.yml", """
                clusters:
                  - name: prod
                    source: snapshot
                    path: %1$s/prod
                    site: dc-east
                  - name: lab
                    source: snapshot
                    path: %1$s/lab
                  - name: branch
                    source: usercfg
                    user-cfg: %1$s/branch/user.cfg
                    domains-cfg: %1$s/branch/domains.cfg
                    pve-version: "9.1"
                    site: dc-west
                rules:
                  - %1$s/../rules/baseline.yml
                report:
                  out: %2$s/reports
                  formats: [json]
                history:
                  database: %3$s
                scale-out:
                  broker: %4$s
                  wait: %5$s
                """.formatted(SAMPLES, dir, history(), broker, partitionWait));
    }

    Path workerConfig(String site, String cluster) throws IOException {
        return write("worker-" + site + ".yml", """
                clusters:
                  - name: %6$s
                    source: snapshot
                    path: %1$s/%6$s
                    site: %5$s
                history:
                  database: %3$s
                scale-out:
                  broker: %4$s
                """.formatted(SAMPLES, dir, history(), broker, site, cluster));
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
