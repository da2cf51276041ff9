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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.report.TemplateModel;
import org.pveaudit.rules.Severity;

/**
 * Renders {@code mail.html.ftlh} (HTML auto-escaping, inline CSS) and {@code mail.txt.ftl} (plain text).
 * Templates come from {@code report.templates} when that folder has them, else the bundled ones; they
 * see plain maps and lists, like the report template.
 */
public final class MailTemplates {

    /**
     * At most this many new or regressed findings are listed in a message; the others are counted, and the open
     * ones (seen before) only counted: the message says what changed, the report has everything.
     */
    public static final int MAX_LISTED = 50;

    /** Resolved findings and access changes the mail lists; the report has all of them. */
    public static final int MAX_CHANGES = 20;

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
        m.put("run", run(s));
        m.put("failed", s.failed());
        m.put("reportDir", reportDir == null ? "" : reportDir);
        m.put("attached", attached);
        m.put("attachmentNote", attachmentNote == null ? "" : attachmentNote);
        m.put("resolved", s.resolved().isPresent() ? String.valueOf(s.resolved().getAsInt()) : "");
        m.put("notEvaluated", s.data().unevaluated().size());
        m.put("open", s.open());
        Map<Severity, Integer> fresh = s.newBySeverity();
        m.put("newCounts", TemplateModel.counts(fresh));
        m.put("newTotal", fresh.values().stream().mapToInt(Integer::intValue).sum());
        m.put("totals", TemplateModel.counts(s.data().countBySeverity(null)));
        Map<String, org.pveaudit.report.ReportData.Tally> tallies = s.data().tallies();
        m.put("clusters", s.data().clusters().stream().map(c -> TemplateModel.cluster(c, tallies.get(c.cluster())))
                .toList());
        m.put("notAudited", s.notAudited().stream().map(c -> Map.<String, Object>of("name", c.cluster(),
                "error", c.error() == null ? "" : c.error())).toList());
        m.put("ruleErrors", s.data().ruleErrors().stream().map(o -> Map.<String, Object>of("cluster", o.cluster(),
                "ruleId", o.ruleId(), "reason", o.reason() == null ? "" : o.reason())).toList());
        List<StoredFinding> changed = s.unwaived().stream().filter(MailSummary::attention).toList();
        m.put("findings", changed.subList(0, Math.min(MAX_LISTED, changed.size())).stream().map(sf -> {
            Map<String, Object> fm = TemplateModel.finding(sf);
            fm.put("attention", true);
            return fm;
        }).toList());
        m.put("notListed", Math.max(0, changed.size() - MAX_LISTED));
        List<org.pveaudit.history.EarlierFinding> resolved = s.data().resolved();
        m.put("resolvedList", resolved.stream().limit(MAX_CHANGES).map(e -> TemplateModel.finding(e.finding()))
                .toList());
        m.put("resolvedNotListed", Math.max(0, resolved.size() - MAX_CHANGES));
        m.put("drift", s.data().drift().stream().limit(MAX_CHANGES).map(d -> Map.<String, Object>of(
                "cluster", d.cluster(), "object", d.object().key(),
                "change", d.change().name().toLowerCase(java.util.Locale.ROOT), "key", d.key(),
                "before", d.before() == null ? "" : d.before(), "after", d.after() == null ? "" : d.after())).toList());
        m.put("driftNotListed", Math.max(0, s.data().drift().size() - MAX_CHANGES));
        m.put("campaigns", s.data().campaigns().stream().map(TemplateModel::campaign).toList());
        m.put("revocationsOverdue", s.data().revocationsOverdue());
        m.put("waivers", s.waiversToReview().stream().map(w -> {
            Map<String, Object> wm = TemplateModel.waiver(w, s.data().today());
            wm.put("source", w.waiver().source());
            return wm;
        }).toList());
        return m;
    }

    private static Map<String, Object> run(MailSummary s) {
        var run = s.data().run();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", run.id());
        r.put("startedAt", TemplateModel.time(run.startedAt()));
        r.put("toolVersion", run.toolVersion());
        r.put("rulePacks", run.rulePacks());
        r.put("failOn", run.failOn());
        r.put("exitCode", s.exitCode());
        r.put("failure", s.failure() == null ? "" : s.failure());
        return r;
    }
}
