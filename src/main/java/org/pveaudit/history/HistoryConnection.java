package org.pveaudit.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the history database is and as whom to log in: a SQLite file's URL, or a PostgreSQL URL with a user
 * and password (from a file or the environment, never from the configuration's text). {@link #toString()}
 * never shows the password.
 */
public record HistoryConnection(String url, String username, String password) {

    /** A SQLite history file (no login). */
    public static HistoryConnection file(Path file) {
        return new HistoryConnection(SqliteDialect.url(file), null, null);
    }

    public SqlDialect dialect() {
        return SqlDialect.of(url);
    }

    /** The driver's login properties (user, password); TLS settings travel in the URL ({@code sslmode=…}). */
    public Properties login() {
        Properties p = new Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** A new connection of its own (not from a pool). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, login());
    }

    /** The database as messages name it: the URL without its parameters (which may carry TLS key paths). */
    public String describe() {
        int q = url.indexOf('?');
        return q >= 0 ? url.substring(0, q) : url;
    }

    @Override
    public String toString() {
        return "HistoryConnection[url=" + url + ", username=" + username + ", password="
                + (password == null ? "null" : "<redacted>") + "]";
    }
}
