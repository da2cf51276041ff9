package org.pveaudit.campaign;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code manifest.json} of an evidence bundle: which campaign, closed when, by which pve-audit, and every other
 * file of the bundle with its size and SHA-256, sorted by path. The manifest is what a signature covers, so it
 * names every file but itself, its signature and {@code manifest.sha256} (which is derived from it).
 */
public record BundleManifest(String toolVersion, String campaign, long campaignId, long runId, Instant closedAt,
                             List<Entry> files) {

    public static final String FILE = "manifest.json";
    public static final String SIGNATURE = "manifest.json.asc";
    public static final String SUMS = "manifest.sha256";
    /** What {@code schema} says, so a reader can tell this document from pve-audit's others. */
    static final String SCHEMA = "pve-audit/review-evidence";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** One file of the bundle: its path relative to the bundle folder, with '/' between folders. */
    public record Entry(String path, long size, String sha256) {
        public FileDigest digest() {
            return new FileDigest(size, sha256);
        }
    }

    public BundleManifest {
        files = files.stream().sorted(Comparator.comparing(Entry::path)).toList();
    }

    /** Whether a file name is one of the manifest's own (not listed in it). */
    public static boolean ownFile(String path) {
        return path.equals(FILE) || path.equals(SIGNATURE) || path.equals(SUMS);
    }

    /**
     * Whether a relative path stays inside the bundle and reads the same everywhere: segments that are neither
     * empty, {@code .} nor {@code ..}, no backslash, colon or control character (which {@code sha256sum} would
     * escape, and which could name another place on Windows).
     */
    public static boolean safePath(String path) {
        if (path.isEmpty() || path.length() > 4096 || path.startsWith("/")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return path.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c == ':');
    }

    /** The bundle path of a file below the bundle folder: relative, with '/' between folders on every system. */
    static String path(Path dir, Path file) {
        List<String> parts = new ArrayList<>();
        dir.relativize(file).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    /** The manifest as pretty JSON, its fields always in one order, ending with a newline. */
    public byte[] json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("toolVersion", toolVersion);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", campaign);
        c.put("id", campaignId);
        c.put("run", runId);
        c.put("closedAt", closedAt.toString());
        m.put("campaign", c);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : files) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", e.path());
            f.put("size", e.size());
            f.put("sha256", e.sha256());
            list.add(f);
        }
        m.put("files", list);
        String text = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(m);
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code manifest.sha256}: one {@code sha256sum} line per file of the manifest and per own file given (the
     * manifest itself, its signature), sorted by path, so {@code sha256sum -c manifest.sha256} checks them all.
     */
    public String sha256sums(Map<String, FileDigest> own) {
        SortedMap<String, String> lines = new TreeMap<>();
        files.forEach(e -> lines.put(e.path(), e.sha256()));
        own.forEach((path, digest) -> lines.put(path, digest.sha256()));
        StringBuilder b = new StringBuilder();
        lines.forEach((path, sha) -> b.append(sha).append("  ").append(path).append('\n'));
        return b.toString();
    }

    /** Reads a manifest; anything that is not one pve-audit wrote is an {@link EvidenceException} naming {@code file}. */
    public static BundleManifest parse(String file, byte[] bytes) {
        JsonNode root;
        try {
            root = InputJson.readTree(InputJson.mapper(), file, bytes);
        } catch (InputFileException e) {
            throw new EvidenceException(e.getMessage());
        }
        if (!SCHEMA.equals(root.path("schema").asString(""))) {
            throw new EvidenceException(file + ": not an evidence bundle manifest (schema is not '" + SCHEMA + "')");
        }
        JsonNode c = root.path("campaign");
        Instant closedAt;
        try {
            closedAt = Instant.parse(text(file, c, "closedAt"));
        } catch (DateTimeParseException e) {
            throw new EvidenceException(file + ": campaign.closedAt is not a time");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode files = root.path("files");
        if (!files.isArray()) {
            throw new EvidenceException(file + ": no list of files");
        }
        for (JsonNode f : files) {
            String path = text(file, f, "path");
            String sha = text(file, f, "sha256");
            if (!safePath(path) || ownFile(path)) {
                throw new EvidenceException(file + ": lists '" + path + "', which is not a path inside the bundle");
            }
            if (!SHA256.matcher(sha).matches() || !f.path("size").canConvertToLong() || f.path("size").asLong() < 0) {
                throw new EvidenceException(file + ": the entry of '" + path + "' has no valid size and SHA-256");
            }
            if (!seen.add(path)) {
                throw new EvidenceException(file + ": lists '" + path + "' twice");
            }
            entries.add(new Entry(path, f.path("size").asLong(), sha));
        }
        if (!c.path("id").canConvertToLong() || !c.path("run").canConvertToLong()) {
            throw new EvidenceException(file + ": campaign.id and campaign.run must be numbers");
        }
        return new BundleManifest(text(file, root, "toolVersion"), text(file, c, "name"), c.path("id").asLong(),
                c.path("run").asLong(), closedAt, entries);
    }

    private static String text(String file, JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isString()) {
            throw new EvidenceException(file + ": field '" + field + "' is missing or not a text");
        }
        return v.asString();
    }
}
