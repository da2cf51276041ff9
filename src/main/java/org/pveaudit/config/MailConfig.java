package org.pveaudit.config;

import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The {@code mail:} section: where and how the audit result is sent by e-mail. Absent means no e-mail.
 *
 * <p>The SMTP password comes from an environment placeholder ({@code password: ${SMTP_PASSWORD}}) or a
 * file ({@code password-file}, for example {@code ${CREDENTIALS_DIRECTORY}/smtp-password} under systemd);
 * {@link #toString()} never shows it.
 *
 * @param security   {@code none}, {@code starttls} (required, not opportunistic) or {@code smtps}
 * @param port       default 25, 587 or 465 by {@code security}
 * @param caFile     PEM certificate(s) to trust for the SMTP server instead of the JVM's trust store
 * @param send       when a message is sent at all
 * @param minSeverity findings below this severity do not trigger {@code on-findings} / {@code on-new-findings}
 * @param routes     extra recipients for runs with findings at or above a severity
 * @param maxAttachmentBytes above this total, only the workbook is attached and the body names the report folder
 * @param attachHtml whether the HTML report is attached besides the workbook (default no: many mail gateways
 *                   quarantine {@code .html} attachments; the body says where the report is)
 * @param retries    attempts after the first for transient SMTP errors
 */
public record MailConfig(
        String host,
        Integer port,
        Security security,
        String username,
        String password,
        String passwordFile,
        String caFile,
        String from,
        List<String> to,
        List<String> cc,
        Send send,
        String minSeverity,
        List<Route> routes,
        String subjectPrefix,
        DataSize maxAttachmentBytes,
        Integer retries,
        Duration retryBackoff,
        Duration timeout,
        Boolean attachHtml) {

    public static final DataSize DEFAULT_MAX_ATTACHMENT = DataSize.ofMegabytes(10);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public MailConfig {
        security = security == null ? Security.STARTTLS : security;
        port = port == null ? security.defaultPort : port;
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        routes = routes == null ? List.of() : List.copyOf(routes);
        send = send == null ? Send.ALWAYS : send;
        minSeverity = minSeverity == null ? "low" : minSeverity;
        subjectPrefix = subjectPrefix == null ? "[pve-audit]" : subjectPrefix;
        maxAttachmentBytes = maxAttachmentBytes == null ? DEFAULT_MAX_ATTACHMENT : maxAttachmentBytes;
        retries = retries == null ? DEFAULT_RETRIES : retries;
        retryBackoff = retryBackoff == null ? DEFAULT_RETRY_BACKOFF : retryBackoff;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        attachHtml = attachHtml != null && attachHtml;
    }

    MailConfig resolvedAgainst(java.nio.file.Path dir) {
        return new MailConfig(host, port, security, username, password, AuditConfig.resolve(dir, passwordFile),
                AuditConfig.resolve(dir, caFile), from, to, cc, send, minSeverity, routes, subjectPrefix,
                maxAttachmentBytes, retries, retryBackoff, timeout, attachHtml);
    }

    /** The same settings with another retry policy (tests use a short backoff). */
    public MailConfig withRetries(int retries, Duration backoff) {
        return new MailConfig(host, port, security, username, password, passwordFile, caFile, from, to, cc, send,
                minSeverity, routes, subjectPrefix, maxAttachmentBytes, retries, backoff, timeout, attachHtml);
    }

    /** The password is shown as {@code <redacted>} when set. */
    @Override
    public String toString() {
        return "MailConfig[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                + ", password=" + (password == null ? null : "<redacted>") + ", passwordFile=" + passwordFile
                + ", caFile=" + caFile + ", from=" + from + ", to=" + to + ", cc=" + cc + ", send=" + send
                + ", minSeverity=" + minSeverity + ", routes=" + routes + ", subjectPrefix=" + subjectPrefix
                + ", maxAttachmentBytes=" + maxAttachmentBytes + ", retries=" + retries
                + ", retryBackoff=" + retryBackoff + ", timeout=" + timeout + "]";
    }

    /** How the connection to the SMTP server is protected. */
    public enum Security {
        NONE(25), STARTTLS(587), SMTPS(465);

        final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    /** When a run sends a message. */
    public enum Send {
        /** Every run. */
        ALWAYS,
        /** Unwaived findings at or above {@code min-severity}, or the run failed. */
        ON_FINDINGS,
        /** New (or regressed) unwaived findings at or above {@code min-severity}, or the run failed. */
        ON_NEW_FINDINGS,
        /** A cluster was not audited, the input was invalid, or the job failed (exit code 2 or 3). */
        ON_FAILURE,
        /** Never (keeps the settings, for example while an SMTP server is replaced). */
        NEVER
    }

    /**
     * More recipients for runs with an unwaived finding at or above {@code minSeverity}
     * ({@code newOnly}: only when such a finding is new or regressed).
     */
    public record Route(String minSeverity, List<String> to, List<String> cc, Boolean newOnly) {

        public Route {
            to = to == null ? List.of() : List.copyOf(to);
            cc = cc == null ? List.of() : List.copyOf(cc);
            newOnly = newOnly != null && newOnly;
        }
    }
}
