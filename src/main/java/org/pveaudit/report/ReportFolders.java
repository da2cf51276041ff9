package org.pveaudit.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report folder ({@code report.out}) across runs: one folder per run ({@code yyyyMMdd-HHmmss-r<id>}), the
 * oldest removed as {@code report.keep-runs} / {@code report.keep-days} say (whichever keeps more, as the
 * history's retention) or, without those, with the runs the history pruned; {@code latest} pointing at the
 * newest, and {@code index.html} listing them with their counts. Only folders named like a run's are ever touched.
 */
public final class ReportFolders {

    /** The index of the report folder. */
    public static final String INDEX = "index.html";
    /** The link to the newest run's folder. */
    public static final String LATEST = "latest";

    private static final Pattern RUN_FOLDER = Pattern.compile("(\\d{8}-\\d{6})-r(\\d+)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** A run's folder: when the run started and its id. */
    public record RunFolder(Path dir, Instant started, long runId) {
    }

    private final Path out;

    public ReportFolders(Path out) {
        this.out = out;
    }

    /** The run folders, newest first. */
    public List<RunFolder> list() throws IOException {
        List<RunFolder> folders = new ArrayList<>();
        if (!Files.isDirectory(out)) {
            return folders;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(out)) {
            for (Path d : dirs) {
                Matcher m = RUN_FOLDER.matcher(d.getFileName().toString());
                if (m.matches() && Files.isDirectory(d) && !Files.isSymbolicLink(d)) {
                    Instant started = LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC);
                    folders.add(new RunFolder(d, started, Long.parseLong(m.group(2))));
                }
            }
        }
        folders.sort(Comparator.comparingLong(RunFolder::runId).reversed());
        return folders;
    }

    /**
     * Removes the folders retention does not keep: the newest {@code keepRuns} and those of the last
     * {@code keepDays} days are kept (null: no limit of that kind; both null: keep everything).
     *
     * @return the folders removed
     */
    public List<Path> prune(Integer keepRuns, Integer keepDays, Instant now) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (keepRuns == null && keepDays == null) {
            return removed;
        }
        List<RunFolder> folders = list();
        for (int i = 0; i < folders.size(); i++) {
            RunFolder f = folders.get(i);
            boolean byCount = keepRuns != null && i < keepRuns;
            boolean byAge = keepDays != null && !f.started().isBefore(now.minus(Duration.ofDays(keepDays)));
            if (!byCount && !byAge) {
                deleteTree(f.dir());
                removed.add(f.dir());
            }
        }
        return removed;
    }

    /**
     * Removes the folders of runs older than {@code oldestRun}, the oldest run the history holds: run ids only grow,
     * so those are the runs its retention pruned. A folder of a run not older is kept, whether the history has the
     * run or not (a history started anew numbers its runs from 1 again).
     *
     * @return the folders removed
     */
    public List<Path> pruneBefore(long oldestRun) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (RunFolder f : list()) {
            if (f.runId() < oldestRun) {
                deleteTree(f.dir());
                removed.add(f.dir());
            }
        }
        return removed;
    }

    /** Points {@code latest} at the newest run's folder (a relative symbolic link, replaced atomically). */
    public void linkLatest(Path newest) throws IOException {
        Path link = out.resolve(LATEST);
        Path fresh = out.resolve("." + LATEST + ".new");
        Files.deleteIfExists(fresh);
        Files.createSymbolicLink(fresh, newest.getFileName());
        Files.move(fresh, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes {@code index.html}: each run folder, newest first, with its start, its counts from the history (when
     * the history still has the run) and links to the files it holds.
     *
     * @param counts the run's unwaived findings by severity and its new ones, or null when the history has no run
     */
    public void writeIndex(LongFunction<Map<String, Long>> counts) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (RunFolder f : list()) {
            Map<String, Long> n = counts.apply(f.runId());
            rows.append("<tr><td>").append(f.runId()).append("</td><td>")
                    .append(f.started().toString().replace('T', ' ').replace("Z", "")).append("</td>");
            for (String key : List.of("critical", "high", "medium", "low", "new")) {
                rows.append("<td>").append(n == null ? "" : n.getOrDefault(key, 0L)).append("</td>");
            }
            rows.append("<td>");
            for (String file : List.of(HtmlReport.FILE, XlsxReport.FILE, JsonReport.FILE)) {
                if (Files.isRegularFile(f.dir().resolve(file))) {
                    // the folder name is ours (RUN_FOLDER): digits and '-', nothing to escape
                    String href = f.dir().getFileName() + "/" + file;
                    rows.append("<a href=\"").append(href).append("\">").append(file).append("</a> ");
                }
            }
            rows.append("</td></tr>\n");
        }
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="UTF-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
                <title>pve-audit reports</title>
                <style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head>
                <body><h1>pve-audit reports</h1>
                <table><thead><tr><th>Run</th><th>Started (UTC)</th><th>Critical</th><th>High</th><th>Medium</th>
                <th>Low</th><th>New</th><th>Files</th></tr></thead><tbody>
                %s</tbody></table></body></html>
                """.formatted(rows);
        Path fresh = out.resolve("." + INDEX + ".new");
        Files.writeString(fresh, page);
        Files.move(fresh, out.resolve(INDEX), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a folder and everything below it (a run folder, a partial evidence bundle). */
    public static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
