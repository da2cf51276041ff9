package org.pveaudit.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;

/**
 * What a bundle holds, read from its folder or its zip without extracting anything: every file's size and SHA-256
 * by its path in the bundle, and the bytes of the manifest, its signature and {@code manifest.sha256}. A zip entry
 * that would land outside the bundle ({@code ../x}, {@code /etc/x}, {@code C:x}) or appears twice is refused, and
 * sizes and counts are bounded by {@link InputLimits} as read, whatever a zip's headers claim.
 *
 * @param files     every regular file, by path relative to the bundle folder
 * @param own       the bytes of {@code manifest.json}, {@code manifest.sha256} and {@code manifest.json.asc}, those present
 * @param irregular paths that are no regular file (a link, a device), or zip entries outside the bundle's folder
 */
public record BundleContents(String name, SortedMap<String, FileDigest> files, Map<String, byte[]> own,
                             List<String> irregular) {

    public BundleContents {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        own = Map.copyOf(own);
        irregular = irregular.stream().sorted().toList();
    }

    /** Reads a bundle folder, or a bundle zip (a file). */
    public static BundleContents read(Path bundle) throws IOException {
        if (Files.isDirectory(bundle)) {
            return folder(bundle);
        }
        if (Files.isRegularFile(bundle)) {
            return zip(bundle);
        }
        throw new EvidenceException(bundle + ": no such bundle (a review-NAME-evidence folder or its .zip)");
    }

    private static BundleContents folder(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(BundleManifest.FILE), LinkOption.NOFOLLOW_LINKS)) {
            throw new EvidenceException(dir + ": no " + BundleManifest.FILE + " (not an evidence bundle folder)");
        }
        SortedMap<String, FileDigest> files = new TreeMap<>();
        Map<String, byte[]> own = new TreeMap<>();
        List<String> irregular = new ArrayList<>();
        long[] budget = {InputLimits.MAX_BUNDLE_BYTES};
        Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String path = BundleManifest.path(dir, file);
                if (files.size() + irregular.size() >= InputLimits.MAX_BUNDLE_FILES) {
                    throw tooMany(dir);
                }
                if (!attrs.isRegularFile()) {
                    irregular.add(path);
                    return FileVisitResult.CONTINUE;
                }
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(path, read(dir.toString(), path, in, budget, own));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new BundleContents(dir.toString(), files, own, irregular);
    }

    private static BundleContents zip(Path file) throws IOException {
        String name = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (entries.size() >= InputLimits.MAX_BUNDLE_FILES) {
                    throw tooMany(file);
                }
                String entry = e.getName();
                String path = e.isDirectory() ? entry.substring(0, entry.length() - 1) : entry;
                if (!BundleManifest.safePath(path)) {
                    throw new EvidenceException(name + ": entry '" + entry + "' would land outside the "
                            + "bundle folder; refused (not a bundle pve-audit wrote)");
                }
                if (!names.add(path)) {
                    throw new EvidenceException(name + ": entry '" + entry + "' appears twice; refused");
                }
                if (!e.isDirectory()) {
                    entries.add(e);
                }
            }
            String prefix = prefix(name, names);
            SortedMap<String, FileDigest> files = new TreeMap<>();
            Map<String, byte[]> own = new TreeMap<>();
            List<String> irregular = new ArrayList<>();
            long[] budget = {InputLimits.MAX_BUNDLE_BYTES};
            for (ZipEntry e : entries) {
                if (!e.getName().startsWith(prefix)) {
                    irregular.add(e.getName());
                    continue;
                }
                String path = e.getName().substring(prefix.length());
                try (InputStream in = zip.getInputStream(e)) {
                    files.put(path, read(name, path, in, budget, own));
                }
            }
            return new BundleContents(name, files, own, irregular);
        } catch (ZipException e) {
            throw new EvidenceException(name + ": not a readable zip file (" + e.getMessage() + ")");
        }
    }

    /** The bundle's folder in the zip: {@code ""} when manifest.json is at the top, else the one folder holding it. */
    private static String prefix(String zip, Set<String> names) {
        if (names.contains(BundleManifest.FILE)) {
            return "";
        }
        List<String> folders = names.stream().filter(n -> n.endsWith("/" + BundleManifest.FILE)
                && n.indexOf('/') == n.length() - BundleManifest.FILE.length() - 1).toList();
        if (folders.size() != 1) {
            throw new EvidenceException(zip + ": " + (folders.isEmpty() ? "no " + BundleManifest.FILE
                    + " (not an evidence bundle)" : "more than one bundle folder with a " + BundleManifest.FILE));
        }
        return folders.get(0).substring(0, folders.get(0).length() - BundleManifest.FILE.length());
    }

    /** Hashes one file against the byte budget; the bytes of the manifest's own files are kept, bounded. */
    private static FileDigest read(String bundle, String path, InputStream in, long[] budget, Map<String, byte[]> own)
            throws IOException {
        if (BundleManifest.ownFile(path)) {
            long max = path.equals(BundleManifest.SIGNATURE) ? InputLimits.MAX_OPENPGP_BYTES
                    : InputLimits.MAX_MANIFEST_BYTES;
            byte[] bytes;
            try {
                bytes = InputFiles.read(bundle + "/" + path, in, max);
            } catch (org.pveaudit.input.InputFileException e) {
                throw new EvidenceException(e.getMessage());
            }
            budget[0] -= bytes.length;
            own.put(path, bytes);
            return FileDigest.of(bytes);
        }
        try {
            FileDigest d = FileDigest.of(in, null, budget[0]);
            budget[0] -= d.size();
            return d;
        } catch (FileDigest.TooLarge e) {
            throw new EvidenceException(bundle + ": more than " + InputLimits.size(InputLimits.MAX_BUNDLE_BYTES)
                    + " of files (at " + path + "); not a bundle pve-audit verifies");
        }
    }

    private static EvidenceException tooMany(Path bundle) {
        return new EvidenceException(bundle + ": more than " + InputLimits.MAX_BUNDLE_FILES
                + " files; not an evidence bundle");
    }
}
