package org.pveaudit.report;

import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.rules.Finding;

/** The Findings sheet: every finding of the run, with its waiver, evidence, remediation and framework controls. */
final class FindingsSheet implements XlsxSheet {

    private final RuleTexts rules;

    FindingsSheet(RuleTexts rules) {
        this.rules = rules;
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet("Findings", "Severity", "Cluster", "Rule", "Title", "Subject kind",
                "Subject", "Path", "Message", "State", "First seen run", "Fingerprint", "Waived because", "Evidence",
                "Remediation", "Frameworks");
        List<StoredFinding> findings = data.findings();
        boolean evidence = findings.size() <= XlsxReport.EVIDENCE_LIMIT;
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
            cells.text(row, 5, f.subjectKey());
            cells.text(row, 6, f.path());
            cells.text(row, 7, f.message());
            cells.text(row, 8, states[sf.state().ordinal()]);
            cells.number(row, 9, sf.firstSeenRun());
            cells.text(row, 10, f.fingerprint());
            Integer w = sf.waiver();
            if (w != null && w < waivers.length) {
                cells.text(row, 11, waivers[w]);
            }
            if (evidence) {
                cells.text(row, 12, String.join("\n", data.evidence(sf)));
            }
            cells.text(row, 13, rules.remediation(f.ruleId()).strip());
            cells.text(row, 14, rules.frameworks(f.ruleId()));
        }
        cells.finish(sheet, r, 15, 10, 12, 14, 40, 10, 40, 16, 70, 8, 10, 50, 50, 80, 60, 30);
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
