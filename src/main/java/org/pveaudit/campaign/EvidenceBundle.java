package org.pveaudit.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ReviewStore;
import org.pveaudit.report.ReportFolders;
import org.pveaudit.review.Campaign;

/**
 * Closes a campaign and writes its evidence bundle {@code review-NAME-evidence/} with a zip of it: the summary,
 * the imported workbooks (each checked against the SHA-256 its import recorded), the run's report folder, the
 * manifest, {@code manifest.sha256} and, with a key, the manifest's signature.
 *
 * <p>Everything the operator could have wrong (a workbook missing or changed, a report folder that is not one) is
 * found before the campaign is closed, so a failed close leaves it open. The bundle is built in a hidden folder
 * beside its place and moved there whole; an existing bundle is never overwritten. Closing a closed campaign
 * changes nothing in the history and writes its bundle again, with the recorded closing time.
 */
public final class EvidenceBundle {

    public static final String WORKBOOKS = "workbooks/";
    public static final String REPORT = "report/";

    private final AuditHistory history;

    public EvidenceBundle(AuditHistory history) {
        this.history = history;
    }

    /**
     * What to bundle.
     *
     * @param report the run's report folder, or null for the one the run recorded
     * @param key    the key to sign the manifest with, or null for an unsigned bundle
     */
    public record Request(String campaign, Path imports, Path report, Path out, String toolVersion,
                          BundleSignature.SigningKey key) {
    }

    /**
     * What was written.
     *
     * @param alreadyClosed whether the campaign was closed before (then only the bundle was written)
     * @param report        whether the bundle holds the run's report, and from where (or why not)
     */
    public record Written(Campaign campaign, boolean alreadyClosed, Path folder, Path zip, int files, boolean signed,
                          String report) {
    }

    /** The bundle folder's name: the campaign's name with anything but letters, digits, '.', '_' and '-' as '_'. */
    public static String folderName(String campaign) {
        return "review-" + campaign.replaceAll("[^A-Za-z0-9._-]", "_") + "-evidence";
    }

    public Written close(Request request, Instant now) throws IOException {
        Campaign campaign = history.reviews().campaign(request.campaign()).orElseThrow(() -> new EvidenceException(
                "no campaign '" + request.campaign() + "' in the history"));
        String name = folderName(campaign.name());
        Path folder = request.out().resolve(name);
        Path zip = request.out().resolve(name + ".zip");
        for (Path p : List.of(folder, zip)) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new EvidenceException(p + " already exists: an evidence bundle is never overwritten (move it "
                        + "away, or pass -o DIR)");
            }
        }
        List<ReviewStore.Import> trail = history.reviews().imports(campaign.id());
        List<WorkbookTrail.Workbook> workbooks = WorkbookTrail.locate(trail, request.imports());
        AuditRun run = history.runs().run(campaign.runId()).orElse(null);
        ReportSource report = ReportSource.of(request.report(), run, campaign.runId());
        Files.createDirectories(request.out());
        Path partial = Files.createTempDirectory(request.out(), "." + name + ".partial-");
        Path partialZip = request.out().resolve(partial.getFileName() + ".zip");
        boolean closedNow = false;
        try {
            copyWorkbooks(workbooks, partial);
            if (report.dir() != null) {
                copyReport(report.dir(), partial.resolve(REPORT));
            }
            if (!campaign.closed()) {
                history.reviews().close(campaign.id(), now);
                closedNow = true;
                campaign = history.reviews().campaign(campaign.name()).orElseThrow();
            }
            CampaignSummary summary = new CampaignSummary(campaign, run, history.reviews().rows(campaign.id()),
                    history.reviews().decisions(campaign.id()), workbooks, report.note(), report.dir() != null,
                    request.toolVersion());
            Files.write(partial.resolve(SummaryPage.FILE), new SummaryPage().render(summary),
                    StandardOpenOption.CREATE_NEW);
            BundleManifest manifest = new BundleManifest(request.toolVersion(), campaign.name(), campaign.id(),
                    campaign.runId(), campaign.closedAt(), entries(partial));
            byte[] json = manifest.json();
            Files.write(partial.resolve(BundleManifest.FILE), json, StandardOpenOption.CREATE_NEW);
            Map<String, FileDigest> own = new TreeMap<>();
            own.put(BundleManifest.FILE, FileDigest.of(json));
            if (request.key() != null) {
                byte[] asc = request.key().sign(json);
                Files.write(partial.resolve(BundleManifest.SIGNATURE), asc, StandardOpenOption.CREATE_NEW);
                own.put(BundleManifest.SIGNATURE, FileDigest.of(asc));
            }
            Files.writeString(partial.resolve(BundleManifest.SUMS), manifest.sha256sums(own), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW);
            List<String> paths = new ArrayList<>();
            manifest.files().forEach(e -> paths.add(e.path()));
            paths.addAll(own.keySet());
            paths.add(BundleManifest.SUMS);
            writeZip(partial, paths.stream().sorted().toList(), name + "/", campaign.closedAt(), partialZip);
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
            Files.move(partialZip, zip, StandardCopyOption.ATOMIC_MOVE);
            return new Written(campaign, !closedNow, folder, zip, paths.size(), request.key() != null, report.note());
        } catch (IOException | RuntimeException e) {
            delete(partial);
            Files.deleteIfExists(partialZip);
            if (!campaign.closed() && !closedNow) {
                throw e; // nothing changed: the campaign stays open
            }
            throw new IOException("campaign '" + campaign.name() + "' is closed, but its evidence bundle was not "
                    + "written (" + (e instanceof EvidenceException ? e.getMessage() : Cause.of(e))
                    + "); pve-audit review close --name " + campaign.name() + " writes it", e);
        }
    }

    /** Where the run's report comes from ({@code dir}, or null) and what the summary says of it. */
    private record ReportSource(Path dir, String note) {

        static ReportSource of(Path given, AuditRun run, long runId) {
            if (given != null) {
                if (!Files.isDirectory(given)) {
                    throw new EvidenceException(given + ": no such folder (--report names the run's report folder)");
                }
                return new ReportSource(given, "in " + REPORT + " of this bundle, copied from " + given);
            }
            if (run == null) {
                return new ReportSource(null, "not available: run " + runId + " is no longer in the history");
            }
            if (run.reportDir() == null) {
                return new ReportSource(null, "not available: run " + runId + " recorded no report folder");
            }
            Path dir = Path.of(run.reportDir());
            if (!Files.isDirectory(dir)) {
                return new ReportSource(null, "not available: " + dir + ", the report folder run " + runId
                        + " recorded, was not found when the campaign was closed");
            }
            return new ReportSource(dir, "in " + REPORT + " of this bundle, copied from " + dir);
        }
    }

    private static void copyWorkbooks(List<WorkbookTrail.Workbook> workbooks, Path bundle) throws IOException {
        for (WorkbookTrail.Workbook w : workbooks) {
            Path target = bundle.resolve(w.bundlePath());
            Files.createDirectories(target.getParent());
            FileDigest copied = FileDigest.copy(w.file(), target);
            if (!copied.sha256().equalsIgnoreCase(w.trail().sha256())) {
                // changed between the check and the copy
                throw new EvidenceException(w.file() + ": SHA-256 " + copied.sha256() + " is not the "
                        + w.trail().sha256() + " recorded when it was imported: a workbook changed after its import "
                        + "is not evidence");
            }
        }
    }

    /** Copies a report folder; only folders and regular files, never a link, and only paths every system reads. */
    private static void copyReport(Path from, Path to) throws IOException {
        Files.walkFileTree(from, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) {
                    throw new EvidenceException(file + ": not a regular file; the bundle copies only the regular "
                            + "files of a report folder");
                }
                FileDigest.copy(file, target(file));
                return FileVisitResult.CONTINUE;
            }

            private Path target(Path p) {
                String relative = BundleManifest.path(from, p);
                if (!relative.isEmpty() && !BundleManifest.safePath(relative)) {
                    throw new EvidenceException(p + ": a name the bundle cannot hold (a backslash, colon or control "
                            + "character)");
                }
                return relative.isEmpty() ? to : to.resolve(relative);
            }
        });
    }

    /** Every file of the bundle folder (none of the manifest's own yet), sorted by path. */
    private static List<BundleManifest.Entry> entries(Path bundle) throws IOException {
        List<BundleManifest.Entry> entries = new ArrayList<>();
        Files.walkFileTree(bundle, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                FileDigest d = FileDigest.of(file);
                entries.add(new BundleManifest.Entry(BundleManifest.path(bundle, file), d.size(), d.sha256()));
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    /**
     * The zip of the bundle: entries in path order under the bundle's folder, each dated at the closing time (in
     * UTC, not the zone of the machine), so the same bundle gives the same zip.
     */
    private static void writeZip(Path bundle, List<String> paths, String folder, Instant closedAt, Path zip)
            throws IOException {
        LocalDateTime time = LocalDateTime.ofInstant(closedAt, ZoneOffset.UTC);
        try (OutputStream file = Files.newOutputStream(zip, StandardOpenOption.CREATE_NEW);
             ZipOutputStream out = new ZipOutputStream(file, StandardCharsets.UTF_8)) {
            for (String path : paths) {
                ZipEntry entry = new ZipEntry(folder + path);
                entry.setTimeLocal(time);
                out.putNextEntry(entry);
                try (InputStream in = Files.newInputStream(bundle.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    /** Deletes a partial bundle folder; what cannot be deleted stays (it is hidden, and named partial). */
    private static void delete(Path dir) {
        try {
            ReportFolders.deleteTree(dir);
        } catch (IOException e) {
            // best effort: the failure being reported matters more than the leftover
        }
    }
}
