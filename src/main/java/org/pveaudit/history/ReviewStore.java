package org.pveaudit.history;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pveaudit.input.InputJson;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;
import org.pveaudit.review.ReviewState;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The review tables (migration V14): campaigns, the rows each reviews, every import of a filled workbook and
 * the decisions in force. Campaigns are evidence and outlive the history's retention.
 */
public final class ReviewStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = InputJson.storedMapper();
    private static final TypeReference<Map<String, String>> FACTS = new TypeReference<>() {
    };

    private final HistorySql sql;

    ReviewStore(HistorySql sql) {
        this.sql = sql;
    }

    /** One import of a filled workbook: when, by whom, which file (its SHA-256), whose answers it carried. */
    public record Import(long id, long campaignId, Instant importedAt, String importedBy, String fileName,
                         String sha256, List<String> reviewers) {
    }

    /** Opens a campaign on a completed run with its rows, in one transaction; its token is new and random. */
    public Campaign open(String name, long runId, LocalDate due, Instant startedAt, List<ReviewRow> rows) {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        String hex = HexFormat.of().formatHex(token);
        return sql.inTransaction(() -> {
            sql.jdbc.update("INSERT INTO review_campaign(name, run_id, due, started_at, token) VALUES (?, ?, ?, ?, ?)",
                    name, runId, due.toString(), startedAt.toString(), hex);
            long id = sql.jdbc.queryForObject("SELECT id FROM review_campaign WHERE name = ?", Long.class, name);
            sql.jdbc.batchUpdate("INSERT INTO review_row(campaign_id, cluster, principal, kind, reviewer, "
                    + "admin_equivalent, access_digest, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows, 500, (ps, r) -> {
                        ps.setLong(1, id);
                        ps.setString(2, r.cluster());
                        ps.setString(3, r.principal());
                        ps.setString(4, r.kind());
                        ps.setString(5, r.reviewer());
                        ps.setInt(6, r.adminEquivalent() ? 1 : 0);
                        ps.setString(7, r.accessDigest());
                        ps.setString(8, JSON.writeValueAsString(new java.util.TreeMap<>(r.facts())));
                    });
            return campaign(name).orElseThrow();
        });
    }

    public Optional<Campaign> campaign(String name) {
        return sql.jdbc.query("SELECT * FROM review_campaign WHERE name = ?", (rs, i) -> campaign(rs), name).stream()
                .findFirst();
    }

    /** Every campaign, oldest first. */
    public List<Campaign> campaigns() {
        return sql.jdbc.query("SELECT * FROM review_campaign ORDER BY id", (rs, i) -> campaign(rs));
    }

    public List<ReviewRow> rows(long campaignId) {
        return sql.jdbc.query("SELECT * FROM review_row WHERE campaign_id = ? ORDER BY "
                + sql.dialect.insertionOrder("review_row"), (rs, i) ->
                new ReviewRow(rs.getString("cluster"), rs.getString("principal"), rs.getString("kind"),
                        rs.getString("reviewer"), rs.getInt("admin_equivalent") == 1, rs.getString("access_digest"),
                        JSON.readValue(rs.getString("facts"), FACTS)), campaignId);
    }

    public List<Decision> decisions(long campaignId) {
        return sql.jdbc.query("SELECT * FROM review_decision WHERE campaign_id = ? ORDER BY cluster, principal",
                (rs, i) -> new Decision(rs.getString("cluster"), rs.getString("principal"),
                        Decision.Verdict.of(rs.getString("decision")), rs.getString("justification"),
                        rs.getString("reviewer"), LocalDate.parse(rs.getString("decided_on"))), campaignId);
    }

    /**
     * Records an import and puts its decisions in force, in one transaction: the earlier answers of the reviewers
     * it carries are replaced (the earlier imports stay as the trail).
     */
    public Import recordImport(long campaignId, String importedBy, String fileName, String sha256,
                               Set<String> reviewers, List<Decision> decisions) {
        Instant at = Instant.now();
        List<String> sorted = reviewers.stream().sorted().toList();
        return sql.inTransaction(() -> {
            sql.jdbc.update("INSERT INTO review_import(campaign_id, imported_at, imported_by, file_name, file_sha256, "
                    + "reviewers) VALUES (?, ?, ?, ?, ?, ?)", campaignId, at.toString(), importedBy, fileName, sha256,
                    String.join("\n", sorted));
            long id = sql.jdbc.queryForObject("SELECT MAX(id) FROM review_import WHERE campaign_id = ?", Long.class,
                    campaignId);
            for (String reviewer : sorted) {
                sql.jdbc.update("DELETE FROM review_decision WHERE campaign_id = ? AND reviewer = ?", campaignId,
                        reviewer);
            }
            sql.jdbc.batchUpdate(sql.dialect.insertOrReplace("review_decision", "campaign_id, cluster, principal",
                    "campaign_id, cluster, principal, decision, justification, reviewer, decided_on, import_id"),
                    decisions,
                    500, (ps, d) -> {
                        ps.setLong(1, campaignId);
                        ps.setString(2, d.cluster());
                        ps.setString(3, d.principal());
                        ps.setString(4, d.verdict().key());
                        ps.setString(5, d.justification());
                        ps.setString(6, d.reviewer());
                        ps.setString(7, d.decidedOn().toString());
                        ps.setLong(8, id);
                    });
            return imports(campaignId).stream().filter(m -> m.id() == id).findFirst().orElseThrow();
        });
    }

    /** The trail of a campaign's imports, oldest first. */
    public List<Import> imports(long campaignId) {
        return sql.jdbc.query("SELECT * FROM review_import WHERE campaign_id = ? ORDER BY id", (rs, i) ->
                new Import(rs.getLong("id"), rs.getLong("campaign_id"), Instant.parse(rs.getString("imported_at")),
                        rs.getString("imported_by"), rs.getString("file_name"), rs.getString("file_sha256"),
                        List.of(rs.getString("reviewers").split("\n"))), campaignId);
    }

    /** Freezes a campaign: no import is taken after this. */
    public void close(long campaignId, Instant at) {
        sql.jdbc.update("UPDATE review_campaign SET closed_at = ? WHERE id = ? AND closed_at IS NULL", at.toString(),
                campaignId);
    }

    /**
     * What the PVE-REVIEW rules see of a cluster at {@code asOf}: the latest campaign started by then that has rows
     * of the cluster, its rows of the cluster and the decisions in force; empty when no campaign covers it.
     */
    public Optional<ReviewState> stateOf(String cluster, Instant asOf) {
        List<Campaign> covering = sql.jdbc.query("SELECT c.* FROM review_campaign c WHERE c.started_at <= ? AND "
                + "EXISTS (SELECT 1 FROM review_row r WHERE r.campaign_id = c.id AND r.cluster = ?) "
                + "ORDER BY c.started_at DESC, c.id DESC LIMIT 1", (rs, i) -> campaign(rs), asOf.toString(), cluster);
        if (covering.isEmpty()) {
            return Optional.empty();
        }
        Campaign c = covering.get(0);
        return Optional.of(new ReviewState(c, rows(c.id()).stream().filter(r -> r.cluster().equals(cluster)).toList(),
                decisions(c.id()).stream().filter(d -> d.cluster().equals(cluster)).toList()));
    }

    private static Campaign campaign(ResultSet rs) throws SQLException {
        String closed = rs.getString("closed_at");
        return new Campaign(rs.getLong("id"), rs.getString("name"), rs.getLong("run_id"),
                LocalDate.parse(rs.getString("due")), Instant.parse(rs.getString("started_at")),
                closed == null ? null : Instant.parse(closed), rs.getString("token"));
    }
}
