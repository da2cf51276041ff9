package org.pveaudit.history;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pveaudit.model.Dataset;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the history last knew of a cluster before a run: for each rule, the latest completed live
 * run that evaluated it, and for each dataset, the latest one that read it. A coverage gap or a
 * cluster not audited leaves the last known state where it was, so a finding is resolved only by a
 * run that evaluated its rule, and access is compared only between runs that both read it.
 */
final class LastKnown {

    private final JdbcTemplate jdbc;

    LastKnown(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The canonical ids of the rules a run evaluated for the cluster (outcome other than NOT_EVALUATED). */
    Set<String> evaluatedRules(long runId, String cluster, RuleAliases aliases) {
        Set<String> out = new HashSet<>();
        jdbc.query("SELECT rule_id FROM rule_outcome WHERE run_id = ? AND cluster = ? AND status <> 'NOT_EVALUATED'",
                (java.sql.ResultSet rs) -> {
                    out.add(aliases.canonical(rs.getString(1)));
                }, runId, cluster);
        return out;
    }

    /** The canonical ids of every rule with an outcome in the run for the cluster, evaluated or not. */
    private Set<String> ruleIds(long runId, String cluster, RuleAliases aliases) {
        Set<String> out = new HashSet<>();
        jdbc.query("SELECT rule_id FROM rule_outcome WHERE run_id = ? AND cluster = ?", (java.sql.ResultSet rs) -> {
            out.add(aliases.canonical(rs.getString(1)));
        }, runId, cluster);
        return out;
    }

    /**
     * For each rule that matters now (evaluated by the run, or in the baseline), the run whose
     * findings are its last known state: the baseline where it evaluated the rule, else the latest
     * earlier completed live run that did. Rules no run evaluated are absent.
     */
    Map<String, Long> ruleRuns(long runId, String cluster, long baseline, RuleAliases aliases) {
        Set<String> inBaseline = evaluatedRules(baseline, cluster, aliases);
        Map<String, Long> out = new HashMap<>();
        inBaseline.forEach(r -> out.put(r, baseline));
        Set<String> lookBack = ruleIds(runId, cluster, aliases);
        lookBack.addAll(ruleIds(baseline, cluster, aliases));
        lookBack.removeAll(inBaseline);
        if (lookBack.isEmpty()) {
            return out;
        }
        // rare: only after a coverage gap or a change of rules, so a scan of the cluster's outcomes is fine
        jdbc.query("""
                SELECT o.rule_id, MAX(o.run_id) FROM rule_outcome o
                JOIN audit_run r ON r.id = o.run_id
                JOIN run_cluster c ON c.run_id = o.run_id AND c.cluster = o.cluster
                WHERE o.cluster = ? AND o.run_id < ? AND o.status <> 'NOT_EVALUATED' AND c.status = 'EVALUATED'
                  AND r.status = 'COMPLETED' AND r.replay_of IS NULL
                GROUP BY o.rule_id""", (java.sql.ResultSet rs) -> {
                    String rule = aliases.canonical(rs.getString(1));
                    if (lookBack.contains(rule)) {
                        out.merge(rule, rs.getLong(2), Math::max);
                    }
                }, cluster, baseline);
        return out;
    }

    /** The datasets a run could not read for the cluster (its coverage gaps). */
    Set<Dataset> missing(long runId, String cluster) {
        List<String> gaps = jdbc.queryForList("SELECT coverage_gaps FROM run_cluster WHERE run_id = ? AND cluster = ?",
                String.class, runId, cluster);
        return gaps.isEmpty() ? EnumSet.noneOf(Dataset.class) : datasets(gaps.get(0));
    }

    /** The datasets named by stored coverage gaps ({@code "tfa: GET /access/tfa (…)"}, one a line). */
    static Set<Dataset> datasets(String coverageGaps) {
        Set<Dataset> out = EnumSet.noneOf(Dataset.class);
        if (coverageGaps == null || coverageGaps.isBlank()) {
            return out;
        }
        for (String line : coverageGaps.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                try {
                    out.add(Dataset.valueOf(line.substring(0, colon).toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    // a gap of a dataset this version does not know: it cannot affect drift
                }
            }
        }
        return out;
    }

    /**
     * The latest completed live run before {@code before} in which the cluster was evaluated and
     * {@code dataset} was read, or null.
     */
    Long datasetRun(String cluster, long before, Dataset dataset) {
        List<Object[]> runs = jdbc.query("""
                SELECT c.run_id, c.coverage_gaps FROM run_cluster c JOIN audit_run r ON r.id = c.run_id
                WHERE c.cluster = ? AND c.status = 'EVALUATED' AND c.run_id < ?
                  AND r.status = 'COMPLETED' AND r.replay_of IS NULL ORDER BY c.run_id DESC""",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}, cluster, before);
        for (Object[] run : runs) {
            if (!datasets((String) run[1]).contains(dataset)) {
                return (Long) run[0];
            }
        }
        return null;
    }
}
