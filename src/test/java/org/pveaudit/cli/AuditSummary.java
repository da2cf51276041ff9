package org.pveaudit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.pveaudit.job.AuditResult;

/** What {@code pve-audit audit} prints on stdout for a run, for tests of other packages that run the audit. */
public final class AuditSummary {

    private AuditSummary() {
    }

    /** The summary's lines, as the command prints them. */
    public static List<String> lines(AuditResult result) {
        StringWriter text = new StringWriter();
        AuditCommand.summarize(result, new PrintWriter(text));
        return text.toString().lines().toList();
    }

    /** Its per-cluster lines ("  prod (PVE 8.2.4): 10 critical, …; 111 new"), in the order printed. */
    public static List<String> clusterLines(AuditResult result) {
        return lines(result).stream().filter(l -> l.startsWith("  ")).toList();
    }
}
