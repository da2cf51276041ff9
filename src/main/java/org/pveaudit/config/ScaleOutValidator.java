package org.pveaudit.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The checks of the {@code scale-out:} section: a broker URL Artemis' core client understands, a user with a
 * password from an environment placeholder or a file (never written in the file), a positive wait.
 */
final class ScaleOutValidator {

    private ScaleOutValidator() {
    }

    static void check(ScaleOutConfig s, UnaryOperator<String> where, UnaryOperator<String> raw) {
        if (s.broker() == null || s.broker().isBlank()) {
            throw ApiSettingsValidator.fail(where, "scale-out.broker",
                    "required (the Artemis broker, such as tcp://broker:61616)");
        }
        // tcp:// for a real broker, vm:// for one embedded in the same JVM (tests)
        if (!s.broker().matches("(tcp|vm)://\\S+")) {
            throw ApiSettingsValidator.fail(where, "scale-out.broker",
                    "must be a URL such as tcp://broker:61616 (TLS: tcp://broker:61617?sslEnabled=true&...)");
        }
        if (s.broker().matches("(?i).*[?&;]\\w*password=.*")) {
            throw ApiSettingsValidator.fail(where, "scale-out.broker",
                    "must not carry a password (the trust store's: scale-out.trust-store-password-file; the "
                            + "account's: scale-out.password-file)");
        }
        if (s.user() != null) {
            ApiSettingsValidator.secret(where, raw, "scale-out", "password", s.password(), "password-file",
                    s.passwordFile(), "BROKER_PASSWORD");
        } else if (s.password() != null || s.passwordFile() != null) {
            throw ApiSettingsValidator.fail(where, s.password() != null ? "scale-out.password"
                    : "scale-out.password-file", "needs scale-out.user");
        }
        if (s.partitionWait().isNegative() || s.partitionWait().isZero()) {
            throw ApiSettingsValidator.fail(where, "scale-out.wait", "must be longer than 0");
        }
    }

    /** After paths are resolved: the password file must exist. */
    static void checkFiles(ScaleOutConfig s, UnaryOperator<String> where) {
        if (s.passwordFile() != null && !Files.isRegularFile(Path.of(s.passwordFile()))) {
            throw ApiSettingsValidator.fail(where, "scale-out.password-file", "file not found: " + s.passwordFile());
        }
        if (s.trustStorePasswordFile() != null && !Files.isRegularFile(Path.of(s.trustStorePasswordFile()))) {
            throw ApiSettingsValidator.fail(where, "scale-out.trust-store-password-file", "file not found: "
                    + s.trustStorePasswordFile());
        }
    }
}
