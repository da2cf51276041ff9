package org.pveaudit.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.DriftEntry;
import org.pveaudit.history.EarlierFinding;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code findings.json}: schema {@code pve-audit/findings}, version {@value #SCHEMA_VERSION}
 * (documented in docs/reports.md). Field names never change within a schema version.
 */
public final class JsonReport {

    /** The file this report writes. */
    public static final String FILE = "findings.json";

    public static final int SCHEMA_VERSION = 1;

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static Map<String, Object> waiver(StoredWaiver w, ReportData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", w.waiver().rule());
        m.put("cluster", w.waiver().cluster());
        m.put("principal", w.waiver().principal());
        m.put("path", w.waiver().path());
        m.put("subject", w.waiver().subject());
        m.put("reason", w.waiver().reason());
        m.put("owner", w.waiver().owner());
        m.put("expires", w.waiver().expires().toString());
        m.put("ticket", w.waiver().ticket());
        m.put("matched", w.matched());
        m.put("status", w.status(data.today()).name());
        return m;
    }

    /**
     * Writes the document as it goes: the findings, resolved and not evaluated findings and drift entries are
     * written one by one with the generator, never held as a tree (100,000 findings made 100,000 maps before),
     * the small parts as maps. The members and their order are those of the schema.
     */
    public Path write(ReportData data, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("schema", "pve-audit/findings");
            g.writeNumberProperty("schemaVersion", SCHEMA_VERSION);
            g.writePOJOProperty("run", data.runFacts());
            g.writePOJOProperty("clusters", data.clusters().stream().map(c -> cluster(c, data)).toList());
            g.writePOJOProperty("ruleOutcomes", data.outcomes().stream().map(JsonReport::outcome).toList());
            // the rules that failed to run, apart, so a consumer cannot mistake their silence for a pass
            g.writePOJOProperty("ruleErrors", data.ruleErrors().stream().map(JsonReport::ruleError).toList());
            List<Map<String, Object>> waivers = data.waivers().stream().map(w -> waiver(w, data)).toList();
            g.writeArrayPropertyStart("findings");
            for (StoredFinding sf : data.findings()) {
                finding(g, sf, waivers);
            }
            g.writeEndArray();
            g.writePOJOProperty("waivers", waivers);
            earlier(g, "resolved", data.resolved());
            // the rule lacked data in this run: state unknown, last seen in lastSeenRun (docs/history.md)
            earlier(g, "notEvaluated", data.unevaluated());
            g.writePOJOProperty("accessNotCompared", data.accessNotCompared());
            g.writeArrayPropertyStart("drift");
            for (DriftEntry d : data.drift()) {
                g.writeStartObject();
                g.writeStringProperty("cluster", d.cluster());
                g.writeStringProperty("object", d.object().key());
                g.writeStringProperty("change", d.change().name());
                g.writeStringProperty("key", d.key());
                g.writeStringProperty("before", d.before());
                g.writeStringProperty("after", d.after());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writePOJOProperty("people", PersonRow.of(data).stream().filter(PersonRow::worthALook)
                    .map(PersonRow::fields).toList());
            g.writePOJOProperty("warnings", data.warnings());
            g.writeEndObject();
        }
        return file;
    }

    private static Map<String, Object> cluster(ClusterRun c, ReportData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.cluster());
        m.put("audited", c.audited());
        m.put("status", c.status().name());
        m.put("pveVersion", c.pveVersion());
        m.put("error", c.error());
        m.put("ruleErrors", data.outcomes(c.cluster(), RuleOutcome.Status.ERROR));
        return m;
    }

    private static Map<String, Object> outcome(RuleOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", o.cluster());
        m.put("ruleId", o.ruleId());
        m.put("severity", o.severity().key());
        m.put("status", o.status().name());
        m.put("findings", o.findings());
        m.put("reason", o.reason());
        return m;
    }

    private static Map<String, Object> ruleError(RuleOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", o.cluster());
        m.put("ruleId", o.ruleId());
        m.put("reason", o.reason());
        return m;
    }

    /** One finding, its waiver (one of {@code waivers}, by position) in it, or null. */
    private static void finding(JsonGenerator g, StoredFinding sf, List<Map<String, Object>> waivers) {
        Finding f = sf.finding();
        g.writeStartObject();
        g.writeStringProperty("fingerprint", f.fingerprint());
        g.writeStringProperty("cluster", f.cluster());
        g.writeStringProperty("ruleId", f.ruleId());
        g.writeStringProperty("severity", f.severity().key());
        g.writeStringProperty("title", f.title());
        g.writeStringProperty("subjectKind", f.subject().key());
        g.writeStringProperty("subject", f.subjectKey());
        g.writeStringProperty("path", f.path());
        g.writeStringProperty("message", f.message());
        g.writeStringProperty("state", sf.state().name());
        g.writeNumberProperty("firstSeenRun", sf.firstSeenRun());
        Integer w = sf.waiver();
        g.writePOJOProperty("waiver", w == null || w >= waivers.size() ? null : waivers.get(w));
        g.writeEndObject();
    }

    /** Findings of earlier runs (resolved, or not evaluated now) as the array {@code name}. */
    private static void earlier(JsonGenerator g, String name, List<EarlierFinding> findings) {
        g.writeArrayPropertyStart(name);
        for (EarlierFinding r : findings) {
            Finding f = r.finding();
            g.writeStartObject();
            g.writeStringProperty("fingerprint", f.fingerprint());
            g.writeStringProperty("cluster", f.cluster());
            g.writeStringProperty("ruleId", f.ruleId());
            g.writeStringProperty("severity", f.severity().key());
            g.writeStringProperty("subject", f.subjectKey());
            g.writeStringProperty("message", f.message());
            g.writeNumberProperty("firstSeenRun", r.firstSeenRun());
            g.writeNumberProperty("lastSeenRun", r.lastSeenRun());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
