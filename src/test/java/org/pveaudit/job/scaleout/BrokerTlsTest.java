package org.pveaudit.job.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.job.AuditResult;
import org.pveaudit.job.AuditRunner;

/**
 * Manager and worker over TLS, as docs/scale-out.md configures it: the trust store in the broker URL, its password
 * from {@code scale-out.trust-store-password-file}, the broker's name verified; a manager that does not trust the
 * broker's certificate cannot hand a cluster over.
 */
@Tag("e2e")
class BrokerTlsTest {

    @TempDir
    Path dir;

    @Test
    void managerAndWorkerTalkOverTlsAndAManagerThatDoesNotTrustTheBrokerSendsNothing() throws Exception {
        try (TestBroker broker = TestBroker.startTls(dir)) {
            Files.writeString(dir.resolve("trust-pw"), "trust-pw\n");
            String url = broker.url() + "?sslEnabled=true&verifyHost=true&trustStoreType=PKCS12&trustStorePath="
                    + dir.resolve("trust.p12");
            ScaleOutSetup setup = new ScaleOutSetup(dir, url, "3s",
                    "  trust-store-password-file: " + dir.resolve("trust-pw") + "\n");
            try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                    new WorkerIdentity("dc-east", "east-1"), false)) {
                AuditResult result = AuditRunner.run(setup.managerRequest(), "test", false);
                assertThat(result.clusters()).filteredOn(c -> c.cluster().equals("prod"))
                        .extracting(ClusterRun::status).containsExactly(ClusterRun.Status.EVALUATED);

                // the same broker without the trust store: the JVM's own trust does not know it
                ScaleOutSetup untrusting = new ScaleOutSetup(dir, broker.url() + "?sslEnabled=true", "3s");
                AuditResult refused = AuditRunner.run(untrusting.managerRequest(), "test", false);
                ClusterRun prod = refused.clusters().stream().filter(c -> c.cluster().equals("prod")).findFirst()
                        .orElseThrow();
                assertThat(prod.status()).isEqualTo(ClusterRun.Status.NOT_AUDITED);
                assertThat(prod.error()).startsWith("not sent to site dc-east: the broker did not take it: ");
            }
        }
    }
}
