package org.pveaudit.config;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.pveaudit.rules.Severity;

/**
 * The checks of the {@code mail:} section: a host, a sender, at least one recipient, addresses that parse,
 * a password only from an environment placeholder or a file (and never repeated in a message).
 */
final class MailSettingsValidator {

    private MailSettingsValidator() {
    }

    static void check(MailConfig m, UnaryOperator<String> where, UnaryOperator<String> raw) {
        if (m.host() == null || m.host().isBlank()) {
            throw missing(where, "mail", "mail.host", "required (the SMTP server)");
        }
        if (m.port() < 1 || m.port() > 65535) {
            throw ApiSettingsValidator.fail(where, "mail.port", "must be between 1 and 65535");
        }
        if (m.from() == null) {
            throw missing(where, "mail", "mail.from", "required (the sender address)");
        }
        address(where, "mail.from", m.from());
        addresses(where, "mail.to", m.to());
        addresses(where, "mail.cc", m.cc());
        if (m.to().isEmpty() && m.routes().isEmpty()) {
            throw missing(where, "mail", "mail.to", "needs at least one recipient (or a route)");
        }
        severity(where, "mail.min-severity", m.minSeverity());
        for (int i = 0; i < m.routes().size(); i++) {
            MailConfig.Route r = m.routes().get(i);
            String prefix = "mail.routes[" + i + "]";
            if (r.minSeverity() == null) {
                throw missing(where, prefix, prefix + ".min-severity", "required");
            }
            severity(where, prefix + ".min-severity", r.minSeverity());
            if (r.to().isEmpty() && r.cc().isEmpty()) {
                throw missing(where, prefix, prefix + ".to", "needs at least one recipient");
            }
            addresses(where, prefix + ".to", r.to());
            addresses(where, prefix + ".cc", r.cc());
        }
        if (m.username() != null) {
            ApiSettingsValidator.secret(where, raw, "mail", "password", m.password(), "password-file",
                    m.passwordFile(), "SMTP_PASSWORD");
        } else if (m.password() != null || m.passwordFile() != null) {
            throw ApiSettingsValidator.fail(where, m.password() != null ? "mail.password" : "mail.password-file",
                    "needs mail.username");
        }
        if (m.retries() < 0 || m.retries() > 10) {
            throw ApiSettingsValidator.fail(where, "mail.retries", "must be between 0 and 10");
        }
        if (m.retryBackoff().isNegative()) {
            throw ApiSettingsValidator.fail(where, "mail.retry-backoff", "must not be negative");
        }
        if (m.timeout().isNegative() || m.timeout().isZero()) {
            throw ApiSettingsValidator.fail(where, "mail.timeout", "must be longer than 0");
        }
        if (m.maxAttachmentBytes().isNegative()) {
            throw ApiSettingsValidator.fail(where, "mail.max-attachment-bytes", "must not be negative");
        }
        if (m.caFile() != null && m.security() == MailConfig.Security.NONE) {
            throw ApiSettingsValidator.fail(where, "mail.ca-file", "needs security starttls or smtps");
        }
    }

    /** After paths are resolved: the files must exist. */
    static void checkFiles(MailConfig m, UnaryOperator<String> where) {
        for (String[] f : new String[][] {{"mail.password-file", m.passwordFile()}, {"mail.ca-file", m.caFile()}}) {
            if (f[1] != null && !Files.isRegularFile(Path.of(f[1]))) {
                throw ApiSettingsValidator.fail(where, f[0], "file not found: " + f[1]);
            }
        }
    }

    private static ConfigException missing(UnaryOperator<String> where, String at, String key, String problem) {
        return new ConfigException(where.apply(at) + key + ": " + problem);
    }

    private static void severity(UnaryOperator<String> where, String key, String value) {
        Severity s = Severity.parse(value);
        if (s == null || s == Severity.INFO) {
            throw ApiSettingsValidator.fail(where, key, "'" + value + "' is not one of critical, high, medium, low");
        }
    }

    private static void addresses(UnaryOperator<String> where, String key, List<String> list) {
        for (int i = 0; i < list.size(); i++) {
            address(where, key + "[" + i + "]", list.get(i));
        }
    }

    private static void address(UnaryOperator<String> where, String key, String value) {
        try {
            new InternetAddress(value, true).validate();
        } catch (AddressException e) {
            throw ApiSettingsValidator.fail(where, key, "'" + value + "' is not an e-mail address");
        }
    }
}
