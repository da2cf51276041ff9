package org.pveaudit.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.rules.Finding;

/**
 * {@code findings.csv} (RFC 4180, UTF-8 with BOM so spreadsheet programs pick the encoding).
 * Text that a spreadsheet would read as a formula is prefixed with a single quote, and text longer than a
 * spreadsheet cell holds is cut with a note saying where the full text is: the file is for spreadsheets,
 * {@code findings.json} for programs.
 */
public final class CsvReport {

    /** The file this report writes. */
    public static final String FILE = "findings.csv";

    private static final List<String> HEADER = List.of("severity", "cluster", "rule", "title", "subject_kind",
            "subject", "principal", "path", "message", "state", "first_seen_run", "waived_because", "fingerprint");

    private final String fullTextAt;

    /** A CSV file written beside {@code findings.json}, which has the full text of every finding. */
    public CsvReport() {
        this(true);
    }

    /** @param withFindingsJson whether {@code findings.json} is written too (where a cut text is in full) */
    public CsvReport(boolean withFindingsJson) {
        this.fullTextAt = withFindingsJson ? JsonReport.FILE : XlsxReport.DATA_TEXT;
    }

    public Path write(ReportData data, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write('\uFEFF');
            row(out, HEADER);
            for (StoredFinding sf : data.findings()) {
                Finding f = sf.finding();
                StoredWaiver w = data.waiverOf(sf);
                row(out, List.of(f.severity().key(), f.cluster(), f.ruleId(), f.title(), f.subject().key(),
                        f.subjectKey(), nz(f.principal()), nz(f.path()), f.message(), sf.state().name().toLowerCase(),
                        String.valueOf(sf.firstSeenRun()),
                        w == null ? "" : w.waiver().reason() + " (" + w.waiver().owner() + ")", f.fingerprint()));
            }
        }
        return file;
    }

    private void row(Writer out, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(SpreadsheetText.fit(SpreadsheetText.forCsv(values.get(i)), fullTextAt)));
        }
        out.write("\r\n");
    }

    static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0
                && value.indexOf('\'') != 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
