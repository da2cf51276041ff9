package org.pveaudit.history;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.pveaudit.input.InputJson;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What was read from each cluster in a run: the snapshot (gzip-compressed JSON in {@code run_cluster}),
 * its access hash, and its {@link AccessFact}s ({@code access_fact}, each distinct fact once, and
 * {@code run_access}, the run's list of fact ids), from which the access drift between two runs is read.
 */
public final class SnapshotStore {

    private final HistorySql sql;
    /**
     * Snapshots read back, kept while memory allows: a run reads each cluster's snapshot in its evaluate and in
     * its report step (and a large one takes half a second to decompress and parse). Softly reachable, so the
     * collector drops them before memory runs short; what is kept is exactly what was read from the database.
     */
    private final Map<String, SoftReference<ClusterSnapshot>> read = new ConcurrentHashMap<>();

    /** Jackson is created on first use: the run list of {@code pve-audit history} never needs it. */
    private static final class Json {
        static final JsonMapper MAPPER = InputJson.storedMapper();
    }

    SnapshotStore(HistorySql sql) {
        this.sql = sql;
    }

    /** Stores what was read from a cluster (replacing an earlier attempt of the same step). */
    public void save(long runId, ClusterSnapshot snapshot) {
        List<String> gaps = snapshot.coverage().stream().map(SnapshotStore::gap).toList();
        byte[] stored = storedForm(snapshot);
        String hash = accessHash(snapshot);
        // one transaction: the snapshot and its facts, and the database's write lock held only for the writes
        read.remove(runId + "/" + snapshot.cluster());
        sql.inTransaction(() -> {
            sql.jdbc.update(sql.dialect.insertOrReplace("run_cluster", "run_id, cluster", "run_id, cluster, status, "
                            + "pve_version, collected_at, snapshot_json, coverage_gaps, gap_count, access_hash"),
                    runId, snapshot.cluster(), ClusterRun.Status.COLLECTED.name(), snapshot.identity().version(),
                    snapshot.collectedAt().toString(), stored, String.join("\n", gaps), gaps.size(), hash);
            saveAccessFacts(runId, snapshot);
        });
    }

    private static String gap(CoverageGap g) {
        return g.dataset().key() + ": " + g.source() + " (" + g.reason() + ")";
    }

    /**
     * Stores the snapshot's {@link AccessFact}s: each distinct fact once (marked as seen by this run),
     * and the run's list of fact ids.
     */
    public void saveAccessFacts(long runId, ClusterSnapshot snapshot) {
        List<AccessFact> facts = AccessDrift.facts(snapshot);
        long[] ids = new long[facts.size()];
        List<Object[]> rows = new ArrayList<>(facts.size());
        for (int i = 0; i < ids.length; i++) {
            AccessFact f = facts.get(i);
            ids[i] = f.id();
            rows.add(new Object[] {ids[i], f.object().key(), f.key(), f.description(), runId});
        }
        sql.jdbc.batchUpdate(sql.dialect.insertOrRaise("access_fact", "id", "id, object, object_key, description, "
                + "last_run", "last_run"), rows);
        sql.jdbc.update(sql.dialect.insertOrReplace("run_access", "run_id, cluster", "run_id, cluster, fact_ids"),
                runId, snapshot.cluster(), DigestSet.ofIds(ids).encode());
    }

    /**
     * The datasets a run could not read from a cluster, from the gaps stored with its snapshot: what a caller needs
     * to know before deciding to read the snapshot itself (large: it is decompressed and parsed).
     */
    public Set<Dataset> missing(long runId, String cluster) {
        List<String> gaps = sql.jdbc.queryForList("SELECT coverage_gaps FROM run_cluster WHERE run_id = ? AND "
                + "cluster = ?", String.class, runId, cluster);
        return gaps.isEmpty() ? EnumSet.noneOf(Dataset.class) : LastKnown.datasets(gaps.get(0));
    }

    /** The snapshot a run stored for a cluster, or null when it stored none. */
    public ClusterSnapshot snapshot(long runId, String cluster) {
        String key = runId + "/" + cluster;
        SoftReference<ClusterSnapshot> kept = read.get(key);
        ClusterSnapshot snapshot = kept == null ? null : kept.get();
        if (snapshot == null) {
            snapshot = readSnapshot(runId, cluster);
            if (snapshot != null) {
                read.put(key, new SoftReference<>(snapshot));
            }
        }
        return snapshot;
    }

    private ClusterSnapshot readSnapshot(long runId, String cluster) {
        byte[] stored = sql.jdbc.queryForObject("SELECT snapshot_json FROM run_cluster WHERE run_id = ? AND cluster = ?",
                byte[].class, runId, cluster);
        if (stored == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(snapshotJson(stored), ClusterSnapshot.class);
        } catch (JacksonException e) {
            throw new HistoryException("the stored snapshot of " + cluster + " in run " + runId + " is damaged: "
                    + InputJson.describe(e));
        }
    }

    /**
     * The access drift of a cluster from run {@code a} to run {@code b}: from the stored fact ids when
     * both runs have them (only the facts that differ are read), else from the two snapshots; empty
     * when either run holds no data for the cluster.
     */
    public List<DriftEntry> drift(long a, long b, String cluster) {
        DigestSet fa = factIds(a, cluster);
        DigestSet fb = factIds(b, cluster);
        if (fa != null && fb != null) {
            return AccessDrift.between(cluster, facts(fa.rowsNotIn(fb)), facts(fb.rowsNotIn(fa)));
        }
        ClusterSnapshot sa = snapshot(a, cluster);
        ClusterSnapshot sb = snapshot(b, cluster);
        return sa == null || sb == null ? List.of() : AccessDrift.between(sa, sb);
    }

    private DigestSet factIds(long runId, String cluster) {
        List<byte[]> blobs = sql.jdbc.query("SELECT fact_ids FROM run_access WHERE run_id = ? AND cluster = ?",
                (rs, i) -> rs.getBytes(1), runId, cluster);
        return blobs.isEmpty() ? null : DigestSet.decode(blobs.get(0), true);
    }

    private List<AccessFact> facts(List<Long> ids) {
        return sql.byIds("SELECT object, object_key, description FROM access_fact", ids, (rs, n) -> new AccessFact(
                DriftEntry.ObjectKind.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), rs.getString(2),
                rs.getString(3)));
    }

    /** SHA-256 of the snapshot's JSON with the collection time left out: equal for equal access data. */
    public static String accessHash(ClusterSnapshot s) {
        ClusterSnapshot timeless = new ClusterSnapshot(s.identity(), Instant.EPOCH, s.users(), s.tokens(), s.groups(),
                s.roles(), s.acl(), s.realms(), s.tfa(), s.pools(), s.gaps(), s.warnings(), s.source());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Json.MAPPER.writeValueAsBytes(timeless)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored access hash of a cluster in a run (null when not collected or stored before schema 4). */
    public String accessHash(long runId, String cluster) {
        List<String> h = sql.jdbc.queryForList("SELECT access_hash FROM run_cluster WHERE run_id = ? AND cluster = ?",
                String.class, runId, cluster);
        return h.isEmpty() ? null : h.get(0);
    }

    /**
     * How a snapshot is stored in {@code snapshot_json}: its JSON, gzip-compressed (a tenth of the size:
     * the snapshots were a third of the database).
     */
    public static byte[] storedForm(ClusterSnapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(Json.MAPPER.writeValueAsBytes(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The JSON of a stored snapshot: gzip-compressed, or plain text as stored before schema version 11. */
    public static byte[] snapshotJson(byte[] stored) {
        if (stored.length < 2 || stored[0] != (byte) 0x1f || stored[1] != (byte) 0x8b) {
            return stored;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new HistoryException("a stored snapshot is damaged: " + e.getMessage());
        }
    }
}
