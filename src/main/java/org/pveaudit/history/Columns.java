package org.pveaudit.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** Reading the history's columns: nullable numbers, instants stored as text, and a finding's columns. */
final class Columns {

    /** SQL ordering rows by severity, most severe first. */
    static final String SEVERITY_ORDER = "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 "
            + "WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

    private Columns() {
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /** The finding of a row of {@code finding}, {@code resolved_finding} or {@code unevaluated_finding}. */
    static Finding finding(ResultSet rs) throws SQLException {
        return new Finding(rs.getString("cluster"), rs.getString("rule_id"), Severity.parse(rs.getString("severity")),
                rs.getString("title"), SubjectKind.parse(rs.getString("subject_kind")), rs.getString("subject_key"),
                rs.getString("principal"), rs.getString("path"), rs.getString("message"));
    }
}
