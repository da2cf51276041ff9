package org.pveaudit.report;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.DriftEntry;
import org.pveaudit.history.EarlierFinding;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.history.TrendPoint;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Waiver;

/**
 * {@code report.html}: one self-contained file rendered from {@code report.html.ftlh} with HTML
 * auto-escaping. The template sees plain maps and lists (documented in docs/reports.md), so users can
 * replace it without knowing the Java types.
 */
public final class HtmlReport {

    /** The file this report writes. */
    public static final String FILE = "report.html";

    private final Configuration freemarker;
    private final InlineAssets assets;

    /** @param templateDir a folder of replacement templates, or null for the bundled ones */
    public HtmlReport(Path templateDir) throws IOException {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        TemplateLoader loader = templateDir != null
                ? new FileTemplateLoader(templateDir.toFile())
                : new ClassTemplateLoader(HtmlReport.class.getClassLoader(), "report-templates");
        freemarker.setTemplateLoader(loader);
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setOutputFormat(HTMLOutputFormat.INSTANCE);
        freemarker.setNumberFormat("computer"); // SVG coordinates and counts without grouping separators
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        assets = InlineAssets.read(templateDir);
    }

    public Path write(ReportData data, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            freemarker.getTemplate("report.html.ftlh").process(model(data), out);
        } catch (TemplateException e) {
            throw new IOException("report template failed: " + e.getMessageWithoutStackTop(), e);
        }
        return file;
    }

    /** Tables longer than this are cut with a note pointing to the workbook, which has every row. */
    static final int MAX_ROWS = 2_000;

    /** New and regressed findings listed under "What changed"; all of them are in the findings table. */
    static final int MAX_FRESH = 50;

    private RuleTexts rules = RuleTexts.NONE;

    /** Rule texts shown with each finding. */
    public HtmlReport withRules(List<org.pveaudit.rules.RulePack> packs) {
        rules = RuleTexts.of(packs);
        return this;
    }

    /** Rows for findings of earlier runs (resolved, or not evaluated now), at most {@link #MAX_ROWS}. */
    private static List<Map<String, Object>> earlier(List<EarlierFinding> findings) {
        List<Map<String, Object>> rows = new ArrayList<>();
        findings.stream().limit(MAX_ROWS).forEach(r -> {
            Map<String, Object> rm = TemplateModel.finding(r.finding());
            rm.put("firstSeenRun", r.firstSeenRun());
            rm.put("lastSeenRun", r.lastSeenRun());
            rows.add(rm);
        });
        return rows;
    }

    Map<String, Object> model(ReportData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assets", Map.of("style", assets.style(), "script", assets.script(),
                "styleSource", assets.styleSource(), "scriptSource", assets.scriptSource()));
        m.put("run", run(data));
        m.put("coverage", coverage(data));
        Map<String, ReportData.Tally> tallies = data.tallies();
        m.put("clusters", data.clusters().stream().map(c -> cluster(c, data, tallies.get(c.cluster()))).toList());
        m.put("allTrend", TrendChart.of(TrendChart.combined(data.trend()), data.run().id(), data.run().startedAt(),
                data.countBySeverity(null), data.unevaluated().size()));
        m.put("totals", TemplateModel.counts(data.countBySeverity(null)));
        m.put("previousRun", previousRun(data));
        m.put("fresh", fresh(data));
        m.put("waiverProblems", data.waivers().stream().map(w -> waiver(w, data))
                .filter(w -> !w.get("status").equals("active")).toList());
        m.put("campaigns", data.campaigns().stream().map(TemplateModel::campaign).toList());
        m.put("revocationsOverdue", data.revocationsOverdue());
        List<Map<String, Object>> findings = findings(data);
        m.put("findings", findings);
        m.put("findingsTotal", data.findings().size());
        m.put("findingsShown", Math.min(MAX_ROWS, data.findings().size()));
        m.put("facets", FindingFacets.of(findings));
        m.put("frameworks", FrameworkSummary.of(rules, data.outcomes(), data.findings()).stream()
                .map(HtmlReport::framework).toList());
        m.put("maxRows", MAX_ROWS);
        m.put("privileged", EscalationRows.of(data, MAX_ROWS));
        List<PersonRow> people = PersonRow.of(data);
        m.put("people", people.stream().filter(PersonRow::worthALook).limit(MAX_ROWS).map(PersonRow::fields).toList());
        m.put("peopleTotal", people.size());
        m.put("peopleToLookAt", people.stream().filter(PersonRow::worthALook).count());
        m.put("resolved", earlier(data.resolved()));
        m.put("resolvedTotal", data.resolved().size());
        m.put("unevaluated", earlier(data.unevaluated()));
        m.put("unevaluatedTotal", data.unevaluated().size());
        m.put("drift", drift(data));
        m.put("driftTotal", data.drift().size());
        m.put("outcomes", data.outcomes().stream().map(this::outcome).toList());
        m.put("warnings", data.warnings());
        m.put("escalationPrivileges", AccessReview.ESCALATION);
        m.put("waivers", data.waivers().stream().map(w -> waiver(w, data)).toList());
        m.put("inventory", inventory(data));
        return m;
    }

    /** The run as the header shows it: the time without fractions, the configuration's hash, a replay's origin. */
    private static Map<String, Object> run(ReportData data) {
        Map<String, Object> r = new LinkedHashMap<>(data.runFacts());
        r.put("startedAt", TemplateModel.time(data.run().startedAt()));
        r.put("configHash", data.run().configHash() == null ? "" : data.run().configHash());
        r.put("replayOf", data.run().replayOf() == null ? "" : data.run().replayOf());
        return r;
    }

    /** Which clusters were audited, which not and why, and what the audited ones could not read. */
    private static Map<String, Object> coverage(ReportData data) {
        List<Map<String, Object>> notAudited = data.clusters().stream().filter(c -> !c.audited())
                .map(c -> Map.<String, Object>of("name", c.cluster(), "error", c.error() == null ? "" : c.error()))
                .toList();
        List<Map<String, Object>> gaps = new ArrayList<>();
        data.snapshots().forEach(s -> s.gaps().forEach(g -> gaps.add(Map.of("cluster", s.cluster(),
                "dataset", g.dataset().key(), "reason", g.reason() == null ? "" : g.reason()))));
        return Map.of("clusters", data.clusters().size(), "audited", data.clusters().size() - notAudited.size(),
                "notAudited", notAudited, "gaps", gaps);
    }

    /** The newest earlier run any cluster's trend knows: what "What changed" compares with; empty on a first run. */
    private static String previousRun(ReportData data) {
        return data.trend().values().stream().flatMap(List::stream).mapToLong(TrendPoint::runId)
                .filter(id -> id < data.run().id()).max().stream().mapToObj(Long::toString).findFirst().orElse("");
    }

    /** The new and regressed findings, the first {@link #MAX_FRESH} as rows. */
    private static Map<String, Object> fresh(ReportData data) {
        List<StoredFinding> fresh = data.findings().stream().filter(StoredFinding::fresh).toList();
        return Map.of("total", fresh.size(),
                "rows", fresh.stream().limit(MAX_FRESH).map(TemplateModel::finding).toList());
    }

    private static Map<String, Object> framework(FrameworkSummary f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framework", FrameworkSummary.title(f.framework()));
        m.put("control", f.control());
        m.put("rules", String.join(", ", f.rules()));
        m.put("failed", f.failed());
        m.put("passed", f.passed());
        m.put("notEvaluated", f.notEvaluated());
        m.put("open", f.open());
        return m;
    }

    private static Map<String, Object> cluster(ClusterRun c, ReportData data, ReportData.Tally t) {
        Map<String, Object> cm = TemplateModel.cluster(c, t);
        cm.put("resolved", t.resolved());
        cm.put("drift", t.drift());
        cm.put("unevaluated", t.unevaluated());
        cm.put("notCompared", String.join(", ", data.accessNotCompared().getOrDefault(c.cluster(), List.of())));
        cm.put("trend", TrendChart.of(data.trend().getOrDefault(c.cluster(), List.of()), data.run().id(),
                data.run().startedAt(), t.bySeverity(), (int) t.unevaluated()));
        cm.put("passed", t.outcomes(RuleOutcome.Status.PASSED));
        cm.put("failed", t.outcomes(RuleOutcome.Status.FAILED));
        cm.put("notEvaluated", t.outcomes(RuleOutcome.Status.NOT_EVALUATED));
        cm.put("errors", t.outcomes(RuleOutcome.Status.ERROR));
        return cm;
    }

    /**
     * The findings table, at most {@link #MAX_ROWS}: each with its waiver, evidence and the rule's texts; then,
     * while there is room, the earlier findings whose rule this run could not evaluate, marked so (state unknown).
     */
    private List<Map<String, Object>> findings(ReportData data) {
        List<StoredFinding> shown = data.findings().subList(0, Math.min(MAX_ROWS, data.findings().size()));
        List<Map<String, Object>> findings = new ArrayList<>(shown.size());
        for (StoredFinding sf : shown) {
            Map<String, Object> fm = TemplateModel.finding(sf);
            StoredWaiver w = data.waiverOf(sf);
            fm.put("waived", w != null);
            fm.put("filterState", w != null ? "waived" : fm.get("state"));
            fm.put("waiver", w == null ? "" : w.waiver().reason() + " (owner " + w.waiver().owner() + ", until "
                    + w.waiver().expires() + (w.waiver().ticket() == null ? "" : ", " + w.waiver().ticket()) + ")");
            fm.put("evidence", data.evidence(sf));
            findings.add(withRuleTexts(fm, sf.finding()));
        }
        data.unevaluated().stream().limit(Math.max(0, MAX_ROWS - findings.size())).forEach(e -> {
            Map<String, Object> fm = TemplateModel.finding(e.finding());
            fm.put("state", "not evaluated");
            fm.put("filterState", "not-evaluated");
            fm.put("waived", false);
            fm.put("waiver", "");
            fm.put("lastSeenRun", e.lastSeenRun());
            fm.put("evidence", List.of());
            findings.add(withRuleTexts(fm, e.finding()));
        });
        return findings;
    }

    private Map<String, Object> withRuleTexts(Map<String, Object> fm, Finding f) {
        fm.put("remediation", rules.remediation(f.ruleId()));
        fm.put("references", rules.references(f.ruleId()));
        fm.put("frameworks", rules.frameworks(f.ruleId()));
        fm.putIfAbsent("lastSeenRun", "");
        return fm;
    }

    private static List<Map<String, Object>> drift(ReportData data) {
        List<Map<String, Object>> drift = new ArrayList<>();
        data.drift().stream().limit(MAX_ROWS).forEach(d -> {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("cluster", d.cluster());
            dm.put("object", d.object().key());
            dm.put("change", d.change().name().toLowerCase(java.util.Locale.ROOT));
            dm.put("key", d.key());
            // an ACL entry's key is path|principal (paths have no '|'): shown as two cells, never as the key
            int bar = d.object() == DriftEntry.ObjectKind.ACL ? d.key().indexOf('|') : -1;
            dm.put("path", bar < 0 ? "" : d.key().substring(0, bar));
            dm.put("who", bar < 0 ? d.key() : d.key().substring(bar + 1));
            dm.put("before", d.before() == null ? "" : d.before());
            dm.put("after", d.after() == null ? "" : d.after());
            drift.add(dm);
        });
        return drift;
    }

    private Map<String, Object> outcome(RuleOutcome o) {
        Map<String, Object> om = new LinkedHashMap<>();
        om.put("cluster", o.cluster());
        om.put("ruleId", o.ruleId());
        om.put("severity", o.severity().key());
        om.put("title", o.title());
        om.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        om.put("findings", o.findings());
        om.put("reason", o.reason() == null ? "" : o.reason());
        om.put("frameworks", rules.frameworks(o.ruleId()));
        return om;
    }

    private static Map<String, Object> waiver(StoredWaiver w, ReportData data) {
        Map<String, Object> wm = TemplateModel.waiver(w, data.today());
        wm.put("scope", scope(w.waiver()));
        wm.put("matched", w.matched());
        return wm;
    }

    /**
     * A table's rows as a list whose rows are made when the template reads them: the template shows the first
     * {@link #MAX_ROWS} and the size, so the 20,000 ACL entries of a large cluster are never all made.
     */
    private static <T> List<Map<String, Object>> rowsOf(List<T> items, Function<T, Map<String, Object>> row) {
        return new AbstractList<>() {
            @Override
            public Map<String, Object> get(int i) {
                return row.apply(items.get(i));
            }

            @Override
            public int size() {
                return items.size();
            }
        };
    }

    private static List<Map<String, Object>> inventory(ReportData data) {
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (ClusterSnapshot s : data.snapshots()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", s.cluster());
            cm.put("users", rowsOf(s.users(), u -> {
                Map<String, Object> um = new LinkedHashMap<>();
                um.put("id", u.id());
                um.put("enabled", u.enabled());
                um.put("expire", date(u.expire()));
                um.put("groups", String.join(", ", u.groups()));
                um.put("name", (nz(u.firstname()) + " " + nz(u.lastname())).strip());
                um.put("comment", nz(u.comment()));
                return um;
            }));
            cm.put("tokens", rowsOf(s.tokens(), t -> {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("id", t.id());
                tm.put("expire", date(t.expire()));
                tm.put("privsep", t.privsep());
                tm.put("comment", nz(t.comment()));
                return tm;
            }));
            cm.put("acl", rowsOf(s.acl(), a -> Map.of("path", a.path(), "principal", a.principal().spelling(),
                    "role", a.role(), "propagate", a.propagate())));
            clusters.add(cm);
        }
        return clusters;
    }

    static String scope(Waiver w) {
        List<String> parts = new ArrayList<>();
        if (w.cluster() != null) {
            parts.add("cluster " + w.cluster());
        }
        if (w.principal() != null) {
            parts.add("principal " + w.principal());
        }
        if (w.path() != null) {
            parts.add("path " + w.path());
        }
        if (w.subject() != null) {
            parts.add("subject " + w.subject());
        }
        return parts.isEmpty() ? "all findings" : String.join(", ", parts);
    }

    /** An epoch-seconds expiry as an ISO date, or "never" for 0. */
    static String date(long epochSeconds) {
        return epochSeconds == 0 ? "never"
                : java.time.LocalDate.ofInstant(java.time.Instant.ofEpochSecond(epochSeconds),
                java.time.ZoneOffset.UTC).toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
