package org.pveaudit.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** Writes a workbook of N synthetic findings; run in a JVM with a small heap by {@link XlsxReportTest}. */
public final class LargeWorkbook {

    private LargeWorkbook() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        Path dir = Files.createDirectories(Path.of(args[0]));
        List<StoredFinding> findings = new ArrayList<>(n);
        Severity[] severities = Severity.values();
        for (int i = 0; i < n; i++) {
            String token = "svc-" + (i % 2000) + "@pve!t" + i;
            findings.add(new StoredFinding(new Finding("c" + (i % 20), "PVE-TOKEN-00" + (i % 9),
                    severities[i % severities.length], "API token never expires", SubjectKind.TOKEN, token, token,
                    "/vms/" + (100 + i), "=HYPERLINK(\"http://x\") token " + token + " has no expiry date"),
                    StoredFinding.State.NEW, 1, "2026-11-29T00:00:00Z", null));
        }
        List<ClusterRun> clusters = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            clusters.add(new ClusterRun(1, "c" + c, ClusterRun.Status.EVALUATED, "9.1.4", null, Instant.EPOCH));
        }
        AuditRun run = new AuditRun(1, Instant.EPOCH, Instant.EPOCH, "COMPLETED", "test", "hash", "baseline@1",
                "high", null, 1);
        ReportData data = new ReportData(run, clusters, List.of(), findings, List.of(), LocalDate.EPOCH, List.of(),
                List.of());
        new XlsxReport().write(data, dir);
        System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    }
}
