package org.pveaudit.job.scaleout;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The Spring Boot application of {@code pve-audit worker}: Batch's job repository and the history on the
 * shared database, and the worker's flow; none of the audit job's steps, and Boot's own JMS set-up off (the
 * broker comes from the worker's configuration). Not a {@code @Configuration}: the audit's application imports
 * its configurations by name ({@code AuditApplication}), and none of the worker's may slip into an audit.
 */
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration",
        "org.springframework.boot.jms.autoconfigure.JmsAutoConfiguration",
        "org.springframework.boot.jms.autoconfigure.JndiConnectionFactoryAutoConfiguration",
        "org.springframework.boot.jms.autoconfigure.health.JmsHealthContributorAutoConfiguration"})
@Import(WorkerConfiguration.class)
public class WorkerApplication {
}
