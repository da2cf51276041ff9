package org.pveaudit.notify;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.Waiver;

/**
 * Renders {@code mail.html.ftlh} (HTML auto-escaping, inline CSS) and {@code mail.txt.ftl} (plain text).
 * Templates come from {@code report.templates} when that folder has them, else the bundled ones; they
 * see plain maps and lists, like the report template.
 */
public final class MailTemplates {

    /** At most this many findings are listed in a message; the report has all of them. */
    public static final int MAX_LISTED = 100;

    private final Configuration freemarker;

    /** @param templateDir a folder of replacement templates, or null for the bundled ones */
    public MailTemplates(Path templateDir) throws IOException {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        TemplateLoader bundled = new ClassTemplateLoader(MailTemplates.class.getClassLoader(), "report-templates");
        freemarker.setTemplateLoader(templateDir == null ? bundled
                : new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(templateDir.toFile()), bundled}));
        freemarker.setDefaultEncoding("UTF-8");
        // .ftlh is HTML with auto-escaping (standard extension); .ftl is plain text
        freemarker.setRecognizeStandardFileExtensions(true);
        freemarker.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    }

    public String html(Map<String, Object> model) throws IOException {
        return render("mail.html.ftlh", model);
    }

    public String text(Map<String, Object> model) throws IOException {
        return render("mail.txt.ftl", model);
    }

    private String render(String name, Map<String, Object> model) throws IOException {
        StringWriter out = new StringWriter();
        try {
            freemarker.getTemplate(name).process(model, out);
        } catch (TemplateException e) {
            throw new IOException("mail template " + name + " failed: " + e.getMessageWithoutStackTop(), e);
        }
        return out.toString();
    }

    /**
     * The template model.
     *
     * @param reportDir      the report folder (null when none was written)
     * @param attachmentNote why the HTML report is not attached (null when it is, or there is none)
     */
    public static Map<String, Object> model(MailSummary s, String subject, String reportDir, List<String> attached,
                                            String attachmentNote) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        var run = s.data().run();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", run.id());
        r.put("startedAt", String.valueOf(run.startedAt()));
        r.put("toolVersion", run.toolVersion());
        r.put("rulePacks", run.rulePacks());
        r.put("failOn", run.failOn());
        r.put("exitCode", s.exitCode());
        r.put("failure", s.failure() == null ? "" : s.failure());
        m.put("run", r);
        m.put("failed", s.failed());
        m.put("reportDir", reportDir == null ? "" : reportDir);
        m.put("attached", attached);
        m.put("attachmentNote", attachmentNote == null ? "" : attachmentNote);
        m.put("resolved", s.resolved().isPresent() ? String.valueOf(s.resolved().getAsInt()) : "");
        m.put("notEvaluated", s.data().unevaluated().size());
        m.put("open", s.open());
        Map<Severity, Integer> fresh = s.newBySeverity();
        m.put("newCounts", counts(fresh));
        m.put("newTotal", fresh.values().stream().mapToInt(Integer::intValue).sum());
        m.put("totals", counts(s.data().countBySeverity(null)));

        List<Map<String, Object>> clusters = new ArrayList<>();
        for (ClusterRun c : s.data().clusters()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.cluster());
            cm.put("audited", c.audited());
            cm.put("pveVersion", c.pveVersion() == null ? "" : c.pveVersion());
            cm.put("error", c.error() == null ? "" : c.error());
            cm.put("counts", counts(s.data().countBySeverity(c.cluster())));
            cm.put("newFindings", s.data().newFindings(c.cluster()));
            cm.put("waived", s.data().waived(c.cluster()));
            clusters.add(cm);
        }
        m.put("clusters", clusters);
        m.put("notAudited", s.notAudited().stream().map(c -> Map.<String, Object>of("name", c.cluster(),
                "error", c.error() == null ? "" : c.error())).toList());

        List<StoredFinding> unwaived = s.unwaived();
        List<Map<String, Object>> findings = new ArrayList<>();
        for (StoredFinding sf : unwaived.subList(0, Math.min(MAX_LISTED, unwaived.size()))) {
            Finding f = sf.finding();
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("severity", f.severity().key());
            fm.put("cluster", f.cluster());
            fm.put("ruleId", f.ruleId());
            fm.put("title", f.title());
            fm.put("subject", f.subjectKey());
            fm.put("message", f.message());
            fm.put("state", sf.state().name().toLowerCase());
            fm.put("attention", MailSummary.attention(sf));
            findings.add(fm);
        }
        m.put("findings", findings);
        m.put("notListed", Math.max(0, unwaived.size() - MAX_LISTED));

        List<Map<String, Object>> waivers = new ArrayList<>();
        for (StoredWaiver w : s.waiversToReview()) {
            Waiver wv = w.waiver();
            Map<String, Object> wm = new LinkedHashMap<>();
            wm.put("rule", wv.rule());
            wm.put("status", w.status(s.data().today()).name().toLowerCase());
            wm.put("owner", wv.owner());
            wm.put("expires", wv.expires().toString());
            wm.put("reason", wv.reason());
            wm.put("ticket", wv.ticket() == null ? "" : wv.ticket());
            wm.put("source", wv.source());
            waivers.add(wm);
        }
        m.put("waivers", waivers);
        return m;
    }

    private static Map<String, Object> counts(Map<Severity, Integer> bySeverity) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (Severity sev : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
            c.put(sev.key(), bySeverity.getOrDefault(sev, 0));
        }
        return c;
    }
}
