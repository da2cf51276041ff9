package org.pveaudit.report;

import java.util.HashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;

/** The Summary sheet: one row per cluster, whether it was audited (else why not) and its counts. */
final class SummarySheet implements XlsxSheet {

    @Override
    public String name() {
        return "Summary";
    }

    /** The severity columns, critical first. */
    private static final Severity[] COLUMNS = {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
        Severity.INFO};
    /** The rule outcome columns. */
    private static final RuleOutcome.Status[] OUTCOMES = {RuleOutcome.Status.PASSED, RuleOutcome.Status.FAILED,
        RuleOutcome.Status.NOT_EVALUATED, RuleOutcome.Status.ERROR};

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Cluster", "Audited", "PVE version", "Critical", "High",
                "Medium", "Low", "Info", "New", "Rules passed", "Rules failed", "Not evaluated", "Rule errors", "Reason");
        Map<String, Counts> counts = counts(data);
        int r = 1;
        for (ClusterRun c : data.clusters()) {
            Row row = sheet.createRow(r++);
            Counts n = counts.getOrDefault(c.cluster(), new Counts());
            cells.text(row, 0, c.cluster());
            cells.bool(row, 1, c.audited());
            cells.text(row, 2, c.pveVersion());
            int col = 3;
            for (Severity sev : COLUMNS) {
                cells.number(row, col++, n.bySeverity[sev.ordinal()]);
            }
            cells.number(row, col++, n.fresh);
            for (RuleOutcome.Status status : OUTCOMES) {
                cells.number(row, col++, n.outcomes[status.ordinal()]);
            }
            cells.text(row, col, c.error());
        }
        cells.finish(sheet, r, 14, 14, 12, 10, 8, 8, 8, 8, 8, 8, 12, 12, 14, 12, 60);
    }

    /** One cluster's counts: unwaived findings by severity, unwaived new ones, rule outcomes by status. */
    private static final class Counts {
        final int[] bySeverity = new int[Severity.values().length];
        final int[] outcomes = new int[RuleOutcome.Status.values().length];
        int fresh;
    }

    /** The counts of every cluster in one pass over the findings (as {@link ReportData#countBySeverity} etc.). */
    private static Map<String, Counts> counts(ReportData data) {
        Map<String, Counts> counts = new HashMap<>();
        for (StoredFinding sf : data.findings()) {
            if (!sf.waived()) {
                Counts n = counts.computeIfAbsent(sf.finding().cluster(), k -> new Counts());
                n.bySeverity[sf.finding().severity().ordinal()]++;
                if (sf.state() == StoredFinding.State.NEW) {
                    n.fresh++;
                }
            }
        }
        for (RuleOutcome o : data.outcomes()) {
            counts.computeIfAbsent(o.cluster(), k -> new Counts()).outcomes[o.status().ordinal()]++;
        }
        return counts;
    }
}
