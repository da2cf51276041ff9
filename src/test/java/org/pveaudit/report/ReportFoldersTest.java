package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFoldersTest {

    @TempDir
    Path out;

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    private Path run(String stamp, long id) throws IOException {
        Path dir = Files.createDirectories(out.resolve(stamp + "-r" + id));
        Files.writeString(dir.resolve(HtmlReport.FILE), "<html></html>");
        return dir;
    }

    @Test
    void keepsTheNewestRunsOrTheLastDaysWhicheverKeepsMoreAndTouchesNothingElse() throws IOException {
        run("20261101-020000", 1);
        run("20261120-020000", 2);
        run("20261203-020000", 3);
        run("20261204-020000", 4);
        run("20261205-020000", 5);
        Files.createDirectories(out.resolve("someone-elses-folder"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        ReportFolders folders = new ReportFolders(out);
        assertThat(folders.list()).extracting(ReportFolders.RunFolder::runId).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(folders.prune(null, null, NOW)).as("no retention: keep all").isEmpty();
        // two runs, or seven days: 3, 4, 5 are within seven days, so three are kept
        assertThat(folders.prune(2, 7, NOW)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("20261101-020000-r1", "20261120-020000-r2");
        assertThat(folders.prune(1, null, NOW)).hasSize(2);
        assertThat(folders.list()).extracting(ReportFolders.RunFolder::runId).containsExactly(5L);
        assertThat(out.resolve("someone-elses-folder")).isDirectory();
        assertThat(out.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void followingTheHistoryRemovesTheFoldersOfRunsOlderThanItsOldestAndNoOther() throws IOException {
        run("20261101-020000", 1);
        run("20261120-020000", 2);
        run("20261203-020000", 3);
        run("20261204-020000", 4);
        Files.createDirectories(out.resolve("someone-elses-folder"));
        ReportFolders folders = new ReportFolders(out);
        assertThat(folders.pruneBefore(3)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("20261101-020000-r1", "20261120-020000-r2");
        assertThat(folders.list()).extracting(ReportFolders.RunFolder::runId).containsExactly(4L, 3L);
        assertThat(folders.pruneBefore(1)).as("nothing older than the oldest run kept").isEmpty();
        assertThat(out.resolve("someone-elses-folder")).isDirectory();
    }

    @Test
    void latestPointsAtTheNewestRunAndTheIndexListsEveryRunWithItsCounts() throws IOException {
        run("20261204-020000", 4);
        Path newest = run("20261205-020000", 5);
        Files.writeString(newest.resolve(XlsxReport.FILE), "x");
        ReportFolders folders = new ReportFolders(out);
        folders.linkLatest(out.resolve("20261204-020000-r4"));
        folders.linkLatest(newest);
        assertThat(Files.isSymbolicLink(out.resolve(ReportFolders.LATEST))).isTrue();
        assertThat(out.resolve(ReportFolders.LATEST).toRealPath()).isEqualTo(newest.toRealPath());
        assertThat(folders.list()).as("latest is no run folder").hasSize(2);
        folders.writeIndex(id -> id == 5 ? Map.of("critical", 2L, "high", 7L, "new", 1L) : null);
        Document index = Jsoup.parse(out.resolve(ReportFolders.INDEX).toFile());
        assertThat(index.select("tbody tr").eachText()).containsExactly(
                "5 2026-12-05 02:00:00 2 7 0 0 1 report.html report.xlsx",
                "4 2026-12-04 02:00:00 report.html");
        assertThat(index.select("a[href]").eachAttr("href")).contains("20261205-020000-r5/report.xlsx");
        assertThat(index.select("script, [src]")).isEmpty();
    }
}
