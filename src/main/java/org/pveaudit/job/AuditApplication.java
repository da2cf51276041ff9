package org.pveaudit.job;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot application that hosts the audit job (Batch, JDBC, Flyway); started per run by the CLI.
 * Boot's JMS and Artemis set-up stays off: the broker of scale-out comes from {@code pve-audit.yml}
 * ({@code scaleout.BrokerConnection}), and a run without it must not create (or, in tests, embed) a broker.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration",
        "org.springframework.boot.jms.autoconfigure.JmsAutoConfiguration",
        "org.springframework.boot.jms.autoconfigure.JndiConnectionFactoryAutoConfiguration",
        "org.springframework.boot.jms.autoconfigure.health.JmsHealthContributorAutoConfiguration"})
public class AuditApplication {
}
