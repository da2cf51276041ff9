package org.pveaudit.report;

import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.rules.Finding;

/**
 * The Findings sheet: every finding of the run, who, where and which role in their own cells, with its waiver,
 * evidence, remediation and framework controls; the subject key, the finding's identity, last.
 */
final class FindingsSheet implements XlsxSheet {

    @Override
    public String name() {
        return "Findings";
    }

    private final RuleTexts rules;

    FindingsSheet(RuleTexts rules) {
        this.rules = rules;
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Severity", "Cluster", "Rule", "Title", "Subject kind",
                "Principal", "Path", "Role", "Message", "State", "First seen run", "Fingerprint", "Waived because",
                "Evidence", "Remediation", "Frameworks", "Subject key");
        List<StoredFinding> findings = data.findings();
        boolean evidence = ClusterAccess.explainsAll(findings.size());
        // per run, not per row: a waiver's text, a state's name
        String[] waivers = waiverTexts(data);
        String[] states = stateNames();
        int r = 1;
        for (StoredFinding sf : findings) {
            Finding f = sf.finding();
            Row row = sheet.createRow(r++);
            cells.styled(row, 0, cells.severity(f.severity())).setCellValue(f.severity().key());
            cells.text(row, 1, f.cluster());
            cells.text(row, 2, f.ruleId());
            cells.text(row, 3, f.title());
            cells.text(row, 4, f.subject().key());
            who(cells, row, 5, f);
            cells.text(row, 8, f.message());
            cells.text(row, 9, states[sf.state().ordinal()]);
            cells.number(row, 10, sf.firstSeenRun());
            cells.text(row, 11, f.fingerprint());
            Integer w = sf.waiver();
            if (w != null && w < waivers.length) {
                cells.text(row, 12, waivers[w]);
            }
            if (evidence) {
                cells.text(row, 13, String.join("\n", data.evidence(sf)));
            }
            cells.text(row, 14, rules.remediation(f.ruleId()).strip());
            cells.text(row, 15, rules.frameworks(f.ruleId()));
            cells.text(row, 16, f.subjectKey());
        }
        cells.finish(sheet, r, 17, 10, 12, 14, 40, 10, 30, 16, 16, 70, 8, 10, 50, 50, 80, 60, 30, 14);
    }

    /**
     * Principal, Path and Role from {@code col} on: what a reviewer filters by, each in its own cell, where the
     * subject key runs them together ({@code /|@admins|Administrator}). Empty where the finding has none.
     */
    static void who(XlsxCells cells, Row row, int col, Finding f) {
        cells.text(row, col, f.principal());
        cells.text(row, col + 1, f.path());
        cells.text(row, col + 2, f.role());
    }

    /** "reason (owner, until date)" of each of the run's waivers, by position. */
    private static String[] waiverTexts(ReportData data) {
        List<StoredWaiver> waivers = data.waivers();
        String[] texts = new String[waivers.size()];
        for (int i = 0; i < texts.length; i++) {
            var w = waivers.get(i).waiver();
            texts[i] = w.reason() + " (" + w.owner() + ", until " + w.expires() + ")";
        }
        return texts;
    }

    /** The states as the sheets show them (new, open, regressed), by ordinal. */
    static String[] stateNames() {
        StoredFinding.State[] states = StoredFinding.State.values();
        String[] names = new String[states.length];
        for (StoredFinding.State s : states) {
            names[s.ordinal()] = s.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }
}
