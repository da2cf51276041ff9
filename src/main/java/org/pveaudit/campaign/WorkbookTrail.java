package org.pveaudit.campaign;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.ReviewStore.Import;
import org.pveaudit.input.InputLimits;

/**
 * The workbooks a campaign's import trail names, found by file name in a folder (or a folder directly below it,
 * so each round of imports may keep its own) and accepted only with the SHA-256 recorded when it was imported:
 * a workbook changed after its import is not evidence of what was decided.
 */
public final class WorkbookTrail {

    /** Where the search looks: the folder and the folders directly in it. */
    private static final int DEPTH = 2;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    /** One import with the file that holds its bytes and the path its copy has in the bundle. */
    public record Workbook(Import trail, Path file, String bundlePath) {
    }

    private WorkbookTrail() {
    }

    /**
     * The file of each import of the trail, in the trail's order; its bundle path is
     * {@code workbooks/NNN-name}, NNN its place in the trail (the same name may be imported twice).
     *
     * @throws EvidenceException for a trail file not found, or found only with other bytes
     */
    public static List<Workbook> locate(List<Import> trail, Path dir) throws IOException {
        if (trail.isEmpty()) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new EvidenceException(dir + ": no such folder (--imports names the folder of the imported workbooks)");
        }
        Map<String, List<Path>> byName = index(dir);
        Map<Path, FileDigest> digests = new HashMap<>();
        List<Workbook> found = new ArrayList<>();
        int width = Math.max(3, String.valueOf(trail.size()).length());
        for (int i = 0; i < trail.size(); i++) {
            Import imp = trail.get(i);
            String name = imp.fileName();
            if (!BundleManifest.safePath(name) || name.contains("/")) {
                throw new EvidenceException("the import trail names '" + name + "', which is not a plain file name");
            }
            List<Path> candidates = byName.getOrDefault(name, List.of());
            if (candidates.isEmpty()) {
                throw new EvidenceException(dir.resolve(name) + ": not found (imported " + WHEN.format(imp.importedAt())
                        + " by " + imp.importedBy() + "); the bundle needs every workbook of the import trail: pass "
                        + "--imports DIR, the folder that holds them");
            }
            Path match = null;
            for (Path p : candidates) {
                FileDigest d = digests.get(p);
                if (d == null) {
                    d = FileDigest.of(p);
                    digests.put(p, d);
                }
                if (d.sha256().equalsIgnoreCase(imp.sha256())) {
                    match = p;
                    break;
                }
            }
            if (match == null) {
                Path p = candidates.get(0);
                throw new EvidenceException(p + ": SHA-256 " + digests.get(p).sha256() + " is not the "
                        + imp.sha256() + " recorded when it was imported (" + WHEN.format(imp.importedAt()) + " by "
                        + imp.importedBy() + "): a workbook changed after its import is not evidence");
            }
            found.add(new Workbook(imp, match, "workbooks/" + String.format("%0" + width + "d", i + 1) + "-" + name));
        }
        return found;
    }

    /** The regular files in the folder and in the folders directly in it, by name; links are not followed. */
    private static Map<String, List<Path>> index(Path dir) throws IOException {
        Map<String, List<Path>> byName = new HashMap<>();
        int[] count = {0};
        Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (++count[0] > InputLimits.MAX_BUNDLE_FILES) {
                    throw new EvidenceException(dir + ": more than " + InputLimits.MAX_BUNDLE_FILES
                            + " files; pass --imports DIR, the folder of the imported workbooks");
                }
                if (attrs.isRegularFile() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    byName.computeIfAbsent(file.getFileName().toString(), k -> new ArrayList<>()).add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // an unreadable neighbour is not the operator's concern here
            }
        });
        byName.values().forEach(list -> list.sort(null));
        return byName;
    }
}
