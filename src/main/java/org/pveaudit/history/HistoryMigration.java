package org.pveaudit.history;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.pveaudit.failure.Cause;

/**
 * Moves a SQLite history into an empty PostgreSQL one ({@code pve-audit history migrate}): migrates the target to
 * this version, copies every table in one transaction, in foreign-key order and each in the order its rows were
 * written, moves the target's id sequences past the copied ids, then compares the two table by table: the row
 * count and a SHA-256 over the rows. The digest hashes each row and then the sorted row hashes, so it does not
 * depend on an ORDER BY, whose order for text differs between SQLite (bytes) and PostgreSQL (a collation).
 */
public final class HistoryMigration {

    /** The tables of schema version {@value AuditHistory#SCHEMA_VERSION}, parents before children. */
    static final List<String> TABLES = List.of("batch_job_instance", "batch_job_execution",
            "batch_job_execution_params", "batch_job_execution_context", "batch_step_execution",
            "batch_step_execution_context", "audit_run", "run_cluster", "rule_outcome", "finding", "run_waiver",
            "run_rule_alias", "resolved_finding", "access_drift", "run_mail", "access_fact", "run_access",
            "run_finding_digest", "unevaluated_finding", "review_campaign", "review_row", "review_import",
            "review_decision");

    /** SQLite's bookkeeping and Batch's id tables, which PostgreSQL keeps as sequences. */
    private static final Set<String> NOT_COPIED = Set.of("flyway_schema_history", "sqlite_sequence",
            "batch_job_instance_seq", "batch_job_execution_seq", "batch_step_execution_seq");

    /** Identity columns and Batch's sequences, moved past the copied ids: {@code table.column -> sequence}. */
    private static final Map<String, String> SEQUENCES = Map.of(
            "batch_job_instance.job_instance_id", "batch_job_instance_seq",
            "batch_job_execution.job_execution_id", "batch_job_execution_seq",
            "batch_step_execution.step_execution_id", "batch_step_execution_seq",
            "audit_run.id", "", "finding.id", "", "review_campaign.id", "", "review_import.id", "");

    private static final int BATCH = 500;

    private HistoryMigration() {
    }

    /**
     * Copies {@code from} into {@code to} and verifies the copy.
     *
     * @return one entry per table, in copy order
     * @throws HistoryException when the source is no current history, or the target cannot be used or is not empty
     */
    public static List<TableCopy> copy(Path from, HistoryConnection to) {
        if (to.dialect() != SqlDialect.POSTGRESQL) {
            throw new HistoryException("--to must be a jdbc:postgresql:// URL");
        }
        if (!Files.isRegularFile(from)) {
            throw new HistoryException("no history database at " + from);
        }
        AuditHistory.openForReading(from); // refuses a file that is no history, or one of an older schema
        try {
            Flyway.configure().dataSource(to.url(), to.username(), to.password())
                    .locations(SqlDialect.POSTGRESQL.migrations().toArray(String[]::new)).load().migrate();
        } catch (FlywayException e) {
            throw new HistoryException("cannot migrate " + to.describe() + ": " + firstLine(e.getMessage()));
        }
        try (Connection source = HistoryConnection.file(from).connect(); Connection target = to.connect()) {
            checkTables(source, from);
            Map<String, Map<String, String>> types = new LinkedHashMap<>();
            for (String table : TABLES) {
                types.put(table, columnTypes(target, table));
                long rows = count(target, table);
                if (rows > 0) {
                    throw new HistoryException(to.describe() + " is not empty (" + table + " has " + rows
                            + " rows): migrate into a new database");
                }
            }
            target.setAutoCommit(false);
            for (String table : TABLES) {
                copyTable(source, target, table, types.get(table));
            }
            moveSequences(target);
            target.commit();
        } catch (SQLException e) {
            throw new HistoryException("cannot copy " + from + " to " + to.describe() + ": " + Cause.of(e));
        }
        return verify(from, to);
    }

    /** Compares every table of a SQLite history with its copy in PostgreSQL: rows and digest. */
    public static List<TableCopy> verify(Path from, HistoryConnection to) {
        try (Connection source = HistoryConnection.file(from).connect(); Connection target = to.connect()) {
            // PostgreSQL's driver streams a result (fetch size) only inside a transaction; otherwise it would hold
            // every snapshot of run_cluster in memory at once
            target.setAutoCommit(false);
            target.setReadOnly(true);
            List<TableCopy> copies = new ArrayList<>();
            for (String table : TABLES) {
                Map<String, String> types = columnTypes(target, table);
                copies.add(new TableCopy(table, count(source, table), count(target, table),
                        digest(source, table, types), digest(target, table, types)));
            }
            return copies;
        } catch (SQLException e) {
            throw new HistoryException("cannot compare " + from + " with " + to.describe() + ": " + Cause.of(e));
        }
    }

    /** The source must hold exactly the tables this version knows, so nothing is left behind unnoticed. */
    private static void checkTables(Connection source, Path from) throws SQLException {
        Set<String> found = new TreeSet<>();
        try (Statement s = source.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                found.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        found.removeAll(NOT_COPIED);
        Set<String> unknown = new TreeSet<>(found);
        TABLES.forEach(unknown::remove);
        Set<String> missing = new TreeSet<>(TABLES);
        missing.removeAll(found);
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            throw new HistoryException(from + ": tables " + (unknown.isEmpty() ? "missing: " + missing
                    : "this version does not know: " + unknown));
        }
    }

    /** The target's columns of a table and their types, in the table's order. */
    private static Map<String, String> columnTypes(Connection target, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT column_name, data_type FROM "
                + "information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
                + "ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        // review_row.row_order is PostgreSQL's stand-in for SQLite's rowid: numbered anew in the copy order
        types.remove("row_order");
        return types;
    }

    private static void copyTable(Connection source, Connection target, String table, Map<String, String> types)
            throws SQLException {
        List<String> columns = new ArrayList<>(types.keySet());
        String names = String.join(", ", columns);
        String insert = "INSERT INTO " + table + "(" + names + ") VALUES (" + SqliteDialect.parameters(names) + ")";
        try (Statement s = source.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + names + " FROM " + table + " ORDER BY rowid");
             PreparedStatement ps = target.prepareStatement(insert)) {
            int pending = 0;
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(ps, i + 1, read(rs, i + 1, types.get(columns.get(i))));
                }
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private static void moveSequences(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            for (Map.Entry<String, String> e : SEQUENCES.entrySet()) {
                String[] tc = e.getKey().split("\\.");
                String sequence = e.getValue().isEmpty() ? "pg_get_serial_sequence('" + tc[0] + "', '" + tc[1] + "')"
                        : "'" + e.getValue() + "'";
                // setval is strict: an empty table (MAX is NULL) leaves the sequence at its start
                s.execute("SELECT setval(" + sequence + ", (SELECT MAX(" + tc[1] + ") FROM " + tc[0] + "))");
            }
        }
    }

    /** A value as the target's column type holds it, read the same way from either database. */
    private static Object read(ResultSet rs, int i, String type) throws SQLException {
        Object v = switch (type) {
            case "bigint", "integer", "smallint" -> rs.getLong(i);
            case "bytea" -> rs.getBytes(i);
            case "timestamp without time zone" -> rs.getTimestamp(i);
            case "double precision", "numeric", "real" -> rs.getDouble(i);
            default -> rs.getString(i);
        };
        return rs.wasNull() ? null : v;
    }

    private static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else if (v instanceof byte[] b) {
            ps.setBytes(i, b);
        } else if (v instanceof Timestamp t) {
            ps.setTimestamp(i, t);
        } else if (v instanceof Double d) {
            ps.setDouble(i, d);
        } else {
            ps.setString(i, (String) v);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** SHA-256 over the sorted SHA-256 of each row (each value typed, length-prefixed, NULL distinct from ''). */
    static String digest(Connection c, String table, Map<String, String> types) throws SQLException {
        List<String> columns = new ArrayList<>(types.keySet());
        List<byte[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.setFetchSize(BATCH);
            ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table);
            while (rs.next()) {
                MessageDigest row = sha256();
                for (int i = 0; i < columns.size(); i++) {
                    byte[] value = canonical(read(rs, i + 1, types.get(columns.get(i))));
                    row.update((value == null ? "N" : "V" + value.length + ":").getBytes(StandardCharsets.US_ASCII));
                    if (value != null) {
                        row.update(value);
                    }
                }
                rows.add(row.digest());
            }
        }
        rows.sort(Arrays::compareUnsigned);
        MessageDigest all = sha256();
        rows.forEach(all::update);
        return HexFormat.of().formatHex(all.digest());
    }

    private static byte[] canonical(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof Timestamp t) {
            return t.toInstant().toString().getBytes(StandardCharsets.US_ASCII);
        }
        return v.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip();
        int nl = line.indexOf('\n');
        return nl >= 0 ? line.substring(0, nl).strip() : line;
    }
}
