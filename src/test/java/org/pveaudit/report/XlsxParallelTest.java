package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** Sheets written side by side make the workbook that sheets written one after the other make, byte for byte. */
class XlsxParallelTest {

    @TempDir
    Path dir;

    @Test
    void theHostileRunsWorkbookIsTheSameWrittenOnFourThreads() throws IOException {
        ReportData data = HostileRun.data().withAccess(1);
        assertSameWorkbook(data, "hostile");
    }

    /** Thousands of rows per sheet: every sheet flushes its window to its temporary file many times meanwhile. */
    @Test
    void aLargeWorkbookIsTheSameWrittenOnFourThreads() throws IOException {
        List<StoredFinding> findings = new ArrayList<>();
        Severity[] severities = Severity.values();
        for (int i = 0; i < 6_000; i++) {
            String token = "svc-" + (i % 700) + "@pve!t" + i;
            findings.add(new StoredFinding(new Finding("c" + (i % 3), "PVE-TOKEN-00" + (i % 9),
                    severities[i % severities.length], "API token never expires", SubjectKind.TOKEN, token, token,
                    "/vms/" + (100 + i), "=cmd|' /C calc'!A0 token " + token + " <has> no expiry — “quoted” & tab\t"),
                    i % 2 == 0 ? StoredFinding.State.NEW : StoredFinding.State.OPEN, 1, "2026-11-29T00:00:00Z", null));
        }
        List<ClusterRun> clusters = List.of(new ClusterRun(1, "c0", ClusterRun.Status.EVALUATED, "9.1.4", null,
                Instant.EPOCH), new ClusterRun(1, "c1", ClusterRun.Status.EVALUATED, "9.1.4", null, Instant.EPOCH),
                new ClusterRun(1, "c2", ClusterRun.Status.EVALUATED, "9.1.4", null, Instant.EPOCH));
        AuditRun run = new AuditRun(1, Instant.EPOCH, Instant.EPOCH, "COMPLETED", "test", "hash", "baseline@1",
                "high", null, 1);
        assertSameWorkbook(new ReportData(run, clusters, List.of(), findings, List.of(), LocalDate.EPOCH, List.of(),
                List.of()), "large");
    }

    private void assertSameWorkbook(ReportData data, String name) throws IOException {
        Map<String, byte[]> one = entries(new XlsxReport().write(data,
                java.nio.file.Files.createDirectories(dir.resolve(name + "-1"))));
        Map<String, byte[]> four = entries(new XlsxReport().withThreads(4).write(data,
                java.nio.file.Files.createDirectories(dir.resolve(name + "-4"))));
        assertThat(four.keySet()).containsExactlyElementsOf(one.keySet());
        assertThat(one).containsKey("xl/worksheets/sheet13.xml");
        for (String entry : one.keySet()) {
            if (entry.equals("docProps/core.xml")) {
                continue; // when the workbook was created, to the second
            }
            assertThat(new String(four.get(entry), java.nio.charset.StandardCharsets.UTF_8)).as(entry)
                    .isEqualTo(new String(one.get(entry), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static Map<String, byte[]> entries(Path xlsx) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(xlsx.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                out.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }
}
