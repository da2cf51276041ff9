package org.pveaudit.source.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.pveaudit.model.SourceInfo;
import org.pveaudit.model.LegacyKeys;
import org.pveaudit.model.Realm;
import org.pveaudit.source.ApiMapping;
import org.pveaudit.source.SnapshotFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes what the api source read as a snapshot folder ({@code access/users.json}, …, each file
 * the API envelope {@code {"data": …}}), so a live audit can be replayed offline with the
 * {@code snapshot} source. Secrets the API hands out are replaced by {@code <redacted>} while the fact
 * that they exist is kept: OpenID {@code client-key}, Yubico {@code key=} in a realm's {@code tfa},
 * legacy TOTP/Yubico values in a user's {@code keys} (the {@code x} marker stays as it is).
 */
public final class SnapshotWriter {

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * Writes a whole snapshot folder, or nothing: the files go to a temporary folder beside
     * {@code dir}, which then takes the place of {@code dir} (an earlier snapshot there is replaced
     * only once the new one is complete). Returns the number of files, {@code source.json} included.
     */
    public int writeFolder(Map<String, JsonNode> bodies, SourceInfo source, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
        try {
            int n = write(bodies, partial);
            if (source != null) {
                writeSource(source, partial);
                n++;
            }
            Path old = null;
            if (Files.exists(target)) {
                old = parent.resolve("." + target.getFileName() + ".old-" + partial.getFileName());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
            return n;
        } finally {
            if (Files.exists(partial)) {
                deleteTree(partial);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Writes every body into {@code dir} (created if needed) and returns the number of files. */
    public int write(Map<String, JsonNode> bodies, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath().normalize();
        int n = 0;
        for (Map.Entry<String, JsonNode> e : bodies.entrySet()) {
            Path file = root.resolve(fileOf(e.getKey())).normalize();
            if (!file.startsWith(root)) {
                throw new IOException("refusing to write outside " + root + ": " + e.getKey());
            }
            Files.createDirectories(file.getParent());
            ObjectNode envelope = json.createObjectNode();
            envelope.set("data", redact(e.getKey(), e.getValue()));
            Files.writeString(file, json.writeValueAsString(envelope) + "\n");
            n++;
        }
        return n;
    }

    /**
     * The file of a body in the folder. The api source names a pool's or realm's details by the id the cluster
     * gave ({@code pools/<id>.json}); the id goes through {@link SnapshotFiles}, which the snapshot source reads
     * by, so an id that is no safe file name is written encoded instead of failing or escaping the folder.
     */
    static String fileOf(String key) {
        if (key.startsWith(POOLS) && key.endsWith(JSON)) {
            return SnapshotFiles.pool(key.substring(POOLS.length(), key.length() - JSON.length()));
        }
        if (key.startsWith(REALMS) && key.endsWith(JSON)) {
            return SnapshotFiles.realm(key.substring(REALMS.length(), key.length() - JSON.length()));
        }
        return key;
    }

    private static final String POOLS = "pools/";
    private static final String REALMS = "access/domains/";
    private static final String JSON = ".json";

    /**
     * Writes {@code source.json}: how the snapshot was collected (endpoint, TLS check, the audit
     * credential's id, privilege separation, expiry and permissions; never a secret), so an offline
     * replay of the folder still audits the auditor.
     */
    public void writeSource(SourceInfo source, Path dir) throws IOException {
        if (source != null) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(SOURCE_FILE), json.writeValueAsString(source) + "\n");
        }
    }

    /** The file of a snapshot folder that describes how it was collected. */
    public static final String SOURCE_FILE = "source.json";

    /** A copy of the body with secrets replaced. */
    static JsonNode redact(String file, JsonNode data) {
        if (data == null) {
            return null;
        }
        JsonNode copy = data.deepCopy();
        if (file.startsWith("access/domains/") && copy.isObject()) {
            redactRealm((ObjectNode) copy);
        } else if (file.equals("access/domains.json") || file.equals("access/users.json")) {
            for (JsonNode item : ApiClusterSource.items(copy)) {
                if (item.isObject()) {
                    if (file.equals("access/users.json")) {
                        redactKeys((ObjectNode) item);
                    } else {
                        redactRealm((ObjectNode) item);
                    }
                }
            }
        }
        return copy;
    }

    private static void redactRealm(ObjectNode realm) {
        for (String key : Realm.SECRET_OPTIONS) {
            if (realm.has(key) && !realm.get(key).isNull()) {
                realm.put(key, Realm.REDACTED);
            }
        }
        String tfa = ApiMapping.text(realm, "tfa");
        if (tfa != null) {
            realm.put("tfa", Realm.redactTfa(tfa));
        }
    }

    private static void redactKeys(ObjectNode user) {
        String keys = ApiMapping.text(user, "keys");
        if (keys != null && LegacyKeys.classify(keys) == LegacyKeys.LEGACY_SECRET) {
            user.put("keys", Realm.REDACTED);
        }
    }
}
