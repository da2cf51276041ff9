package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** Text from a cluster that a format cannot hold as it is: too long for a spreadsheet cell, or not XML at all. */
class ReportTextTest {

    @TempDir
    Path dir;

    private static ReportData run(String subject, String message) {
        Finding f = new Finding("prod", "PVE-TEST-001", Severity.HIGH, "Hostile text", SubjectKind.POOL, subject,
                null, "/pool/" + subject, message);
        AuditRun run = new AuditRun(1, Instant.EPOCH, Instant.EPOCH, "COMPLETED", "test", "hash", "test@1", "high",
                null, 1);
        return new ReportData(run, List.of(new ClusterRun(1, "prod", ClusterRun.Status.EVALUATED, "9.1.4", null,
                Instant.EPOCH)), List.of(new RuleOutcome("prod", "PVE-TEST-001", Severity.HIGH, "Hostile text " + subject,
                RuleOutcome.Status.FAILED, 1, null)), List.of(new StoredFinding(f, StoredFinding.State.NEW, 1,
                "1970-01-01T00:00:00Z", null)), List.of(), LocalDate.EPOCH, List.of(), List.of());
    }

    @Test
    void csvCutsAFieldLongerThanASpreadsheetCellWithTheSameNote() throws Exception {
        Path file = new CsvReport().write(run("pool", "-" + "m".repeat(99_999)), dir);
        String row = Files.readAllLines(file, StandardCharsets.UTF_8).get(1);
        // the field is quoted (it starts with the quote that keeps it from being a formula, and has commas)
        int start = row.indexOf(",\"'-mmm") + 2;
        String message = row.substring(start, row.indexOf('"', start));
        assertThat(message.length()).isEqualTo(SpreadsheetText.MAX_CELL);
        assertThat(message.substring(0, 5)).isEqualTo("'-mmm");
        assertThat(message.substring(message.indexOf('…')))
                .isEqualTo("… [cut: 100,001 characters in all; full text in findings.json]");
        assertThat(new CsvReport(false).write(run("pool", "m".repeat(40_000)), dir)).content()
                .contains("[cut: 40,000 characters in all; full text in the history database]");
    }

    @Test
    void junitXmlStaysWellFormedWithControlCharactersFromTheCluster() throws Exception {
        String hostile = "evil\u0000pool\u001b[31m<script>alert(1)</script>&\uD800";
        Path file = new JunitReport().write(run(hostile, "pool " + hostile + " is hostile"), dir);
        // a parse error would throw here: that is what every CI server would do with it
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        String text = doc.getDocumentElement().getTextContent();
        assertThat(text).contains("pool evil\uFFFDpool\uFFFD[31m<script>alert(1)</script>&\uFFFD is hostile");
        assertThat(Files.readString(file)).doesNotContain("<script>").contains("&lt;script&gt;");
    }
}
