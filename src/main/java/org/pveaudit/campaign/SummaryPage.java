package org.pveaudit.campaign;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code summary.html} of an evidence bundle, rendered from the bundled {@code campaign-summary.html.ftlh} with HTML
 * auto-escaping. Unlike the report, {@code report.templates} cannot replace it: evidence reads the same in every
 * installation.
 */
public final class SummaryPage {

    public static final String FILE = "summary.html";
    private static final String TEMPLATE = "campaign-summary.html.ftlh";

    private final Configuration freemarker;

    public SummaryPage() {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setTemplateLoader(new ClassTemplateLoader(SummaryPage.class.getClassLoader(), "report-templates"));
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setOutputFormat(HTMLOutputFormat.INSTANCE);
        freemarker.setNumberFormat("computer");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    }

    /** The page's bytes (UTF-8). */
    public byte[] render(CampaignSummary summary) throws IOException {
        StringWriter out = new StringWriter();
        try {
            freemarker.getTemplate(TEMPLATE).process(summary.model(), out);
        } catch (TemplateException e) {
            throw new IOException("summary template failed: " + e.getMessageWithoutStackTop(), e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
