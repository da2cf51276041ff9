package org.pveaudit.job;

import org.pveaudit.job.scaleout.RemoteCollectConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The Spring Boot application that hosts the audit job (Batch, JDBC, Flyway); started per run by the CLI.
 * It names the auto-configurations the job uses instead of scanning for them: a context started for every run
 * should not weigh a hundred candidates, a validator or a template engine it never uses (a tenth of a large
 * audit's time went into starting it). Boot's JMS and Artemis set-up stays out: the broker of scale-out comes
 * from {@code pve-audit.yml} ({@code scaleout.BrokerConnection}), and a run without it creates no broker.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        FlywayAutoConfiguration.class, BatchJdbcAutoConfiguration.class})
@Import({AuditJobConfiguration.class, RemoteCollectConfiguration.class})
public class AuditApplication {
}
