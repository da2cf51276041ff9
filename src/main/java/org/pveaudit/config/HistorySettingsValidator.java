package org.pveaudit.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.pveaudit.history.SqlDialect;

/**
 * The checks of the {@code history} settings: a SQLite file or a PostgreSQL URL, and PostgreSQL's login with the
 * password from an environment placeholder or a file, never written into the configuration (nor into the URL).
 * Messages name the key and never a secret value.
 */
final class HistorySettingsValidator {

    private HistorySettingsValidator() {
    }

    static void check(HistoryConfig h, UnaryOperator<String> where, UnaryOperator<String> raw) {
        String db = h.database();
        boolean postgres = h.dialect() == SqlDialect.POSTGRESQL;
        if (db.startsWith("jdbc:") && !db.startsWith("jdbc:sqlite:") && !postgres) {
            throw ApiSettingsValidator.fail(where, "history.database", "'" + db.split("[?;]", 2)[0]
                    + "' is neither a SQLite file nor a jdbc:postgresql:// URL");
        }
        if (!postgres) {
            for (String key : new String[] {"username", "password", "password-file"}) {
                if (raw.apply("history." + key) != null) {
                    throw ApiSettingsValidator.fail(where, "history." + key, "only for a jdbc:postgresql:// database");
                }
            }
            return;
        }
        if (HistoryConfig.carriesPassword(db)) {
            // the problem, never the URL: it would print the password
            throw ApiSettingsValidator.fail(where, "history.database", "the URL carries a password; use "
                    + "history.password-file or history.password: ${PGPASSWORD}");
        }
        if (h.username() == null || h.username().isBlank()) {
            throw ApiSettingsValidator.fail(where, "history.username", "required for a jdbc:postgresql:// database");
        }
        if (h.password() != null || h.passwordFile() != null) {
            ApiSettingsValidator.secret(where, raw, "history", "password", h.password(), "password-file",
                    h.passwordFile(), "PGPASSWORD");
        }
    }

    /** After paths are resolved: the password file must exist. */
    static void checkFiles(HistoryConfig h, UnaryOperator<String> where) {
        if (h.passwordFile() != null && !Files.isRegularFile(Path.of(h.passwordFile()))) {
            throw ApiSettingsValidator.fail(where, "history.password-file", "file not found: " + h.passwordFile());
        }
    }
}
