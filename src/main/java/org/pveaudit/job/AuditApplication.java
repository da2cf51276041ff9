package org.pveaudit.job;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring Boot application that hosts the audit job (Batch, JDBC, Flyway); started per run by the CLI. */
@SpringBootApplication
public class AuditApplication {
}
