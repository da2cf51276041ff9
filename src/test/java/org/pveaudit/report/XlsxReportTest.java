package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/**
 * The workbook stays within a small heap for large runs because it is written with POI's streaming API; text
 * longer than a cell is cut with a note instead of failing it; its temporary files go away whatever happens.
 */
@Tag("e2e")
class XlsxReportTest {

    @TempDir
    Path dir;

    @AfterEach
    void poiDefaults() {
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy());
    }

    /** A run with one finding whose message is {@code message}, and a rule outcome whose reason is {@code reason}. */
    private static ReportData run(String message, String reason) {
        Finding f = new Finding("prod", "PVE-TEST-001", Severity.HIGH, "A long text", SubjectKind.USER,
                "alice@pve", "alice@pve", "/", message);
        AuditRun run = new AuditRun(1, Instant.EPOCH, Instant.EPOCH, "COMPLETED", "test", "hash", "test@1", "high",
                null, 1);
        return new ReportData(run, List.of(new ClusterRun(1, "prod", ClusterRun.Status.EVALUATED, "9.1.4", null,
                Instant.EPOCH)), List.of(new RuleOutcome("prod", "PVE-TEST-001", Severity.HIGH, "A long text",
                RuleOutcome.Status.FAILED, 1, reason)), List.of(new StoredFinding(f, StoredFinding.State.NEW, 1,
                "1970-01-01T00:00:00Z", null)), List.of(), LocalDate.EPOCH, List.of(), List.of());
    }

    @Test
    void aTextLongerThanACellIsCutWithANoteSayingWhereTheFullTextIsAndTheWorkbookIsWritten() throws Exception {
        String message = "=" + "x".repeat(119_999);
        String reason = "r".repeat(40_000);
        new XlsxReport().write(run(message, reason), dir);
        try (InputStream in = Files.newInputStream(dir.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Cell cell = wb.getSheet("Findings").getRow(1).getCell(8);
            String text = cell.getStringCellValue();
            assertThat(text).hasSize(SpreadsheetText.MAX_CELL).startsWith("=xxx")
                    .endsWith("… [cut: 120,000 characters in all; full text in findings.json]");
            // still never a formula
            assertThat(cell.getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(wb.getSheet("Rule outcomes").getRow(1).getCell(6).getStringCellValue())
                    .endsWith("… [cut: 40,000 characters in all; full text in findings.json]");
        }
        // without findings.json beside it, the note points to what is there
        Path other = Files.createDirectory(dir.resolve("other"));
        new XlsxReport(false).write(run(message, reason), other);
        try (InputStream in = Files.newInputStream(other.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getSheet("Findings").getRow(1).getCell(8).getStringCellValue())
                    .endsWith("[cut: 120,000 characters in all; full text in the history database]");
        }
    }

    @Test
    void textThatFitsIsLeftAsItIsAndACutNeverSplitsACharacter() {
        String fits = "y".repeat(SpreadsheetText.MAX_CELL);
        assertThat(SpreadsheetText.fit(fits, "findings.json")).isSameAs(fits);
        assertThat(SpreadsheetText.fit(null, "findings.json")).isNull();
        String emoji = "😀".repeat(30_000);
        String cut = SpreadsheetText.fit(emoji, "findings.json");
        assertThat(cut.length()).isLessThanOrEqualTo(SpreadsheetText.MAX_CELL);
        assertThat(cut.substring(0, cut.indexOf('…'))).matches("(😀)+");
    }

    /** An output stream that takes some bytes and then fails as a full disk does. */
    private static final class FullDisk extends OutputStream {
        final List<String> tempFilesSeen = new ArrayList<>();
        final Path temp;
        long left = 20_000;

        FullDisk(Path temp) {
            this.temp = temp;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (tempFilesSeen.isEmpty()) {
                tempFilesSeen.addAll(poiFiles(temp));
            }
            left -= len;
            if (left < 0) {
                throw new IOException("No space left on device");
            }
        }
    }

    private static List<String> poiFiles(Path temp) {
        try (Stream<Path> files = Files.walk(temp)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("poi-sxssf")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void poiTemporaryFilesAreRemovedWhenWritingFails() throws Exception {
        Path temp = Files.createDirectory(dir.resolve("poi-temp"));
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy(temp.toFile()));
        List<StoredFinding> many = new ArrayList<>();
        ReportData one = run("message", "reason");
        for (int i = 0; i < 2_000; i++) {
            many.add(new StoredFinding(new Finding("prod", "PVE-TEST-001", Severity.HIGH, "t", SubjectKind.USER,
                    "u" + i + "@pve", "u" + i + "@pve", "/", "message " + i), StoredFinding.State.NEW, 1, "x", null));
        }
        ReportData data = new ReportData(one.run(), one.clusters(), one.outcomes(), many, List.of(), LocalDate.EPOCH,
                List.of(), List.of());

        FullDisk full = new FullDisk(temp);
        assertThatThrownBy(() -> new XlsxReport().write(data, full)).hasMessage("No space left on device");
        assertThat(full.tempFilesSeen).as("the sheets were in temporary files while the workbook was written")
                .anyMatch(n -> n.startsWith("poi-sxssf-sheet"));
        assertThat(poiFiles(temp)).isEmpty();

        // a report folder that is a file: nothing written, nothing left behind
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> new XlsxReport().write(data, notAFolder)).isInstanceOf(IOException.class);
        assertThat(poiFiles(temp)).isEmpty();
    }

    @Test
    void aHundredThousandFindingsFitIn256MegabytesOfHeap() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), LargeWorkbook.class.getName(),
                dir.toString(), "100000").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).contains("max heap");
        try (InputStream in = Files.newInputStream(dir.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet findings = wb.getSheet("Findings");
            assertThat(findings.getLastRowNum()).isEqualTo(100_000);
            Cell message = findings.getRow(100_000).getCell(8);
            assertThat(message.getStringCellValue()).startsWith("=HYPERLINK");
            assertThat(message.getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(wb.getSheet("Summary").getLastRowNum()).isEqualTo(20);
            assertThat(List.of("Summary", "Findings", "Rule outcomes", "Waivers", "Users", "Tokens", "ACL",
                    "Privileged access", "Access review")).allSatisfy(name -> assertThat(wb.getSheet(name)).isNotNull());
        }
    }
}
