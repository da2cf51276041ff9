package org.pveaudit.report;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;

/** The "New and resolved" sheet: findings new, regressed, resolved or no longer evaluated since the last run. */
final class ChangesSheet implements XlsxSheet {

    @Override
    public String name() {
        return "New and resolved";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Change", "Severity", "Cluster", "Rule", "Principal",
                "Path", "Role", "Message", "First seen run", "Last seen run", "Subject key");
        String[] states = FindingsSheet.stateNames();
        int r = 1;
        for (StoredFinding sf : data.findings()) {
            if (sf.state() != StoredFinding.State.OPEN) {
                change(cells, sheet.createRow(r++), states[sf.state().ordinal()], sf.finding(), sf.firstSeenRun(),
                        null);
            }
        }
        for (var resolved : data.resolved()) {
            change(cells, sheet.createRow(r++), "resolved", resolved.finding(), resolved.firstSeenRun(),
                    resolved.lastSeenRun());
        }
        for (var unknown : data.unevaluated()) {
            change(cells, sheet.createRow(r++), "not evaluated", unknown.finding(), unknown.firstSeenRun(),
                    unknown.lastSeenRun());
        }
        cells.finish(sheet, r, 11, 11, 10, 12, 16, 30, 16, 16, 70, 12, 12, 14);
    }

    private static void change(XlsxCells cells, Row row, String kind, Finding f, long firstSeen, Long lastSeen) {
        cells.text(row, 0, kind);
        cells.styled(row, 1, cells.severity(f.severity())).setCellValue(f.severity().key());
        cells.text(row, 2, f.cluster());
        cells.text(row, 3, f.ruleId());
        FindingsSheet.who(cells, row, 4, f);
        cells.text(row, 7, f.message());
        cells.number(row, 8, firstSeen);
        if (lastSeen != null) {
            cells.number(row, 9, lastSeen);
        }
        cells.text(row, 10, f.subjectKey());
    }
}
