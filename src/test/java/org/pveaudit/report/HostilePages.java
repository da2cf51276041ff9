package org.pveaudit.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.pveaudit.notify.MailSummary;
import org.pveaudit.notify.MailTemplates;

/**
 * {@link HostileRun} as the pages a reader opens: {@code report.html} and the HTML part of the mail, for tests
 * outside this package (the browser test, {@code report.browser.ReportInBrowserIT}).
 */
public final class HostilePages {

    /** The text the hostile cluster tries to run: {@code <script>alert("pwned")</script>}. */
    public static final String SCRIPT = HostileRun.SCRIPT;

    private HostilePages() {
    }

    /** Writes {@code report.html} of the hostile run into {@code dir}. */
    public static Path report(Path dir) throws IOException {
        return new HtmlReport(null).withRules(HostileRun.packs()).write(HostileRun.data(), dir);
    }

    /** Writes the HTML part of the mail about the hostile run to {@code file}. */
    public static Path mail(Path file) throws IOException {
        ReportData data = HostileRun.data();
        MailSummary summary = new MailSummary(data, 1, null, OptionalInt.of(data.resolved().size()));
        Map<String, Object> model = MailTemplates.model(summary, summary.subject("[pve-audit]"), "/reports/7",
                List.of("report.xlsx"), null);
        model.put("reportUrl", "");
        return Files.writeString(file, new MailTemplates(null).html(model));
    }
}
