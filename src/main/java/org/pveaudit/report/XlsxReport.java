package org.pveaudit.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.streaming.SheetDataWriter;
import org.pveaudit.work.ClusterWork;

/**
 * {@code report.xlsx}, written with POI's streaming workbook so large runs stay in bounded memory.
 * Text from Proxmox that looks like a formula is stored as quote-prefixed text, never as a formula; text
 * longer than a cell holds is cut with a note saying where the full text is.
 */
public final class XlsxReport {

    /** The file this report writes. */
    public static final String FILE = "report.xlsx";
    /** Where the full text of a cut cell of the cluster data sheets (users, ACL, …) is. */
    static final String DATA_TEXT = "the history database";

    private static final int WINDOW = 200;
    /** Below Excel's 1,048,576-row limit, with room for the note that says where the rest is. */
    static final int MAX_ROWS = 1_000_000;
    /** Evidence means an explain per finding; past this many findings it is left to {@code pve-audit explain}. */
    static final int EVIDENCE_LIMIT = 20_000;

    /** The sheets of cluster data, whose cut texts are in full in the history database. */
    private static final List<XlsxSheet> CLUSTER_SHEETS = List.of(new UsersSheet(), new TokensSheet(),
            new AclSheet(), new PrivilegedAccessSheet(), new AccessReviewSheet(), new PeopleSheet());

    private final String findingText;
    private final RuleTexts rules;
    /** How many sheets are written at once. */
    private final int threads;

    /** A workbook written beside {@code findings.json}, which has the full text of every finding. */
    public XlsxReport() {
        this(true);
    }

    /** @param withFindingsJson whether {@code findings.json} is written too (where a cut finding text is in full) */
    public XlsxReport(boolean withFindingsJson) {
        this(withFindingsJson ? JsonReport.FILE : DATA_TEXT, RuleTexts.NONE, 1);
    }

    private XlsxReport(String findingText, RuleTexts rules, int threads) {
        this.findingText = findingText;
        this.rules = rules;
        this.threads = threads;
    }

    /** The same workbook with each finding's remediation and framework controls from its rule pack. */
    public XlsxReport withRules(List<org.pveaudit.rules.RulePack> packs) {
        return new XlsxReport(findingText, RuleTexts.of(packs), threads);
    }

    /**
     * The same workbook written {@code threads} sheets at once: the same bytes in every sheet, in the same order
     * ({@code XlsxParallelTest}); the findings, the access review and the privileged access are a large workbook's
     * longest sheets.
     */
    public XlsxReport withThreads(int threads) {
        return new XlsxReport(findingText, rules, Math.max(1, threads));
    }

    /** The sheets about the run, whose cut texts are in full in {@code findings.json} when it is written. */
    private List<XlsxSheet> runSheets() {
        return List.of(new AboutSheet(), new SummarySheet(), new FindingsSheet(rules), new ChangesSheet(),
                new OutcomesSheet(), new WaiversSheet(), new DriftSheet());
    }

    public Path write(ReportData data, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            write(data, out);
        }
        return file;
    }

    /**
     * Writes the workbook to {@code out}. POI keeps each sheet in a temporary file ({@code poi-sxssf-sheet*.xml}
     * under {@code java.io.tmpdir}) until the workbook is written; closing the workbook deletes them, also when
     * building or writing it fails (a full disk, a closed stream), so a failed report leaves no temporary files.
     */
    void write(ReportData data, OutputStream out) throws IOException {
        try (SXSSFWorkbook wb = new Workbook()) {
            XlsxCells cells = new XlsxCells(wb, findingText, "pve-audit run " + data.run().id() + ", "
                    + data.run().startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            XlsxCells cluster = cells.noting(DATA_TEXT);
            List<XlsxSheet> sheets = new ArrayList<>(runSheets());
            sheets.addAll(CLUSTER_SHEETS);
            List<String> names = sheets.stream().map(XlsxSheet::name).toList();
            names.forEach(cells::create);
            ClusterWork.map(sheets, threads, sheet -> {
                sheet.write(CLUSTER_SHEETS.contains(sheet) ? cluster : cells, data);
                return sheet;
            });
            cells.layOut(names);
            wb.setSheetOrder(AccessReviewSheet.NAME, 1); // where the review happens: right after About
            wb.write(out);
        }
    }

    /**
     * POI's streaming workbook with text escaped in runs ({@link SheetXmlWriter}) and the zip at its fastest
     * level: a third of the time of a large workbook was compressing its sheets, for a file about a quarter smaller.
     */
    private static final class Workbook extends SXSSFWorkbook {

        Workbook() {
            super(WINDOW);
        }

        @Override
        protected SheetDataWriter createSheetDataWriter() throws IOException {
            return new SheetXmlWriter();
        }

        @Override
        protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
            ZipArchiveOutputStream zip = super.createArchiveOutputStream(out);
            zip.setLevel(Deflater.BEST_SPEED);
            return zip;
        }
    }
}
