package org.pveaudit.report;

import java.time.temporal.ChronoUnit;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;

/**
 * The "About" sheet, first in the workbook: which run this is, with which tool, rule packs and configuration,
 * which clusters were audited and which were not, and what could not be read, so a reviewer can trace every
 * other sheet back to the run that produced it.
 */
final class AboutSheet implements XlsxSheet {

    @Override
    public String name() {
        return "About";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Item", "Value");
        AuditRun run = data.run();
        int[] r = {1};
        line(cells, sheet, r, "Run", String.valueOf(run.id()));
        line(cells, sheet, r, "Started (UTC)", run.startedAt().truncatedTo(ChronoUnit.SECONDS).toString()
                .replace('T', ' ').replace("Z", ""));
        if (run.replayOf() != null) {
            line(cells, sheet, r, "Replay of run", String.valueOf(run.replayOf()));
        }
        line(cells, sheet, r, "Tool version", "pve-audit " + run.toolVersion());
        line(cells, sheet, r, "Rule packs", run.rulePacks());
        line(cells, sheet, r, "Configuration (SHA-256)", run.configHash());
        line(cells, sheet, r, "Fails on", run.failOn());
        long audited = data.clusters().stream().filter(ClusterRun::audited).count();
        line(cells, sheet, r, "Clusters audited", audited + " of " + data.clusters().size());
        for (ClusterRun c : data.clusters()) {
            line(cells, sheet, r, "Cluster " + c.cluster(), c.audited()
                    ? "audited, PVE " + (c.pveVersion() == null ? "unknown" : c.pveVersion())
                    : "not audited: " + c.error());
        }
        for (String w : data.warnings()) {
            line(cells, sheet, r, "Warning", w);
        }
        line(cells, sheet, r, "Findings", String.valueOf(data.findings().size()));
        cells.finish(sheet, r[0], 2, 26, 120);
    }

    private static void line(XlsxCells cells, SXSSFSheet sheet, int[] r, String item, String value) {
        Row row = sheet.createRow(r[0]++);
        cells.text(row, 0, item);
        cells.text(row, 1, value);
    }
}
