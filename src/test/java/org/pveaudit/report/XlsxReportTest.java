package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workbook stays within a small heap for large runs because it is written with POI's streaming API. */
class XlsxReportTest {

    @TempDir
    Path dir;

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
            Cell message = findings.getRow(100_000).getCell(7);
            assertThat(message.getStringCellValue()).startsWith("=HYPERLINK");
            assertThat(message.getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(wb.getSheet("Summary").getLastRowNum()).isEqualTo(20);
            assertThat(List.of("Summary", "Findings", "Rule outcomes", "Waivers", "Users", "Tokens", "ACL",
                    "Effective privileges", "Access review")).allSatisfy(name -> assertThat(wb.getSheet(name)).isNotNull());
        }
    }
}
