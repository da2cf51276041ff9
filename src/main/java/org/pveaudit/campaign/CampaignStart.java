package org.pveaudit.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.ReviewRow;

/**
 * Opens a campaign on the latest completed live run: its rows for the chosen clusters, stored in the history, and
 * the workbooks the reviewers fill in ({@code review-NAME.xlsx}, or one per reviewer). Everything a user can get
 * wrong is checked before anything is stored or written.
 *
 * @param name      the campaign's name, also part of the file names
 * @param clusters  the clusters to review; empty: every cluster the run audited
 * @param byReviewer one workbook per reviewer instead of one for all
 */
public record CampaignStart(String name, LocalDate due, List<String> clusters, ReviewerMap reviewers,
                            boolean byReviewer, Path out) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._@-]");

    /** A started campaign: what was stored, and the workbooks written with the number of rows each holds. */
    public record Started(Campaign campaign, int rows, Map<Path, Integer> workbooks) {
    }

    public CampaignStart {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ReviewInputException("campaign name '" + name + "' must be 1 to 64 letters, digits, '.', '_' "
                    + "or '-' (it is part of the workbooks' file names)");
        }
        clusters = List.copyOf(clusters);
        out = out.normalize(); // "review-2027-Q1.xlsx", not "./review-2027-Q1.xlsx"
    }

    /**
     * Stores the campaign and writes its workbooks.
     *
     * @throws ReviewInputException when the name is taken, there is no completed run, a cluster was not audited
     *                              or a workbook exists already: then nothing is stored
     * @throws IOException          when a workbook cannot be written (the campaign is stored by then)
     */
    public Started start(AuditHistory history, Instant now) throws IOException {
        history.reviews().campaign(name).ifPresent(c -> {
            throw new ReviewInputException("campaign " + name + " exists already (started " + c.startedAt()
                    + " on run " + c.runId() + "); choose another name");
        });
        AuditRun run = history.runs().latestCompleted().orElseThrow(() -> new ReviewInputException(
                "no completed audit run in the history to review; run 'pve-audit audit' first"));
        List<String> audited = history.clusters().of(run.id()).stream().filter(ClusterRun::audited)
                .map(ClusterRun::cluster).toList();
        for (String c : clusters) {
            if (!audited.contains(c)) {
                throw new ReviewInputException("cluster '" + c + "' was not audited in run " + run.id()
                        + ", the latest completed run (audited: " + String.join(", ", audited) + ")");
            }
        }
        List<ReviewRow> rows = CampaignRows.of(history, run.id(), run.startedAt().getEpochSecond(),
                clusters.isEmpty() ? audited : clusters, reviewers);
        if (rows.isEmpty()) {
            throw new ReviewInputException("run " + run.id() + " holds no user or token to review");
        }
        Map<Path, List<ReviewRow>> books = workbooks(rows);
        if (!out.toString().isEmpty()) {
            Files.createDirectories(out);
        }
        for (Path file : books.keySet()) {
            if (Files.exists(file)) {
                throw new ReviewInputException(file + " exists already; move it away or write elsewhere (-o DIR)");
            }
        }
        Campaign campaign = history.reviews().open(name, run.id(), due, now, rows);
        Map<Path, Integer> written = new LinkedHashMap<>();
        for (Map.Entry<Path, List<ReviewRow>> book : books.entrySet()) {
            ReviewWorkbook.write(book.getKey(), campaign, book.getValue());
            written.put(book.getKey(), book.getValue().size());
        }
        return new Started(campaign, rows.size(), written);
    }

    /** The workbooks to write and the rows of each: one for all, or one per reviewer and one for the unassigned. */
    private Map<Path, List<ReviewRow>> workbooks(List<ReviewRow> rows) {
        Map<Path, List<ReviewRow>> books = new LinkedHashMap<>();
        if (!byReviewer) {
            books.put(out.resolve("review-" + name + ".xlsx"), rows);
            return books;
        }
        Map<String, List<ReviewRow>> byName = new LinkedHashMap<>();
        rows.stream().filter(r -> r.reviewer() != null).sorted(java.util.Comparator.comparing(ReviewRow::reviewer))
                .forEach(r -> byName.computeIfAbsent(r.reviewer(), k -> new ArrayList<>()).add(r));
        List<ReviewRow> unassigned = rows.stream().filter(r -> r.reviewer() == null).toList();
        Set<String> taken = new HashSet<>();
        byName.forEach((reviewer, theirs) -> books.put(out.resolve(fileName(reviewer, taken)), theirs));
        if (!unassigned.isEmpty()) {
            books.put(out.resolve(fileName("unassigned", taken)), unassigned);
        }
        return books;
    }

    /** {@code review-NAME-REVIEWER.xlsx}, the reviewer's name made safe for a file name and unique. */
    private String fileName(String reviewer, Set<String> taken) {
        String safe = UNSAFE.matcher(reviewer).replaceAll("_");
        safe = safe.length() > 64 ? safe.substring(0, 64) : safe;
        String base = "review-" + name + "-" + safe;
        String file = base + ".xlsx";
        for (int n = 2; !taken.add(file); n++) {
            file = base + "-" + n + ".xlsx";
        }
        return file;
    }
}
