package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streaming full matrix ({@code permissions --format jsonl}), stated against an independent oracle:
 * every expected line is written by Jackson from {@link AccessModel#privileges}, so the export must match
 * it byte for byte whatever its chunking, buffering and caching do inside.
 */
class MatrixExportTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    private static final String SMALL = """
            user:x@pve:1:0::::::
            token:x@pve!zeta:0:1::
            token:x@pve!alpha:0:1::
            token:x@pve!Mid:0:0::
            user:a@pve:1:0::::::
            acl:1:/:x@pve:PVEAuditor:
            acl:1:/storage/nfs/images:x@pve:PVEDatastoreUser:
            acl:0:/vms/100:x@pve:PVEVMAdmin:
            acl:1:/vms/100:x@pve!alpha:PVEVMUser:
            pool:dev::200:local:
            """;

    /** The matrix as Jackson writes it: one compact object a line, principals then paths in matrix order. */
    private static String expected(AccessModel m) {
        StringBuilder b = new StringBuilder();
        for (String p : m.principals()) {
            for (String path : m.matrixPaths()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("principal", p);
                line.put("path", path);
                line.put("privs", new ArrayList<>(m.privileges(p, path).keySet()));
                b.append(JACKSON.writeValueAsString(line)).append('\n');
            }
        }
        return b.toString();
    }

    private static MatrixExport.Timings export(AccessModel m, ByteArrayOutputStream out, int threads)
            throws IOException {
        return new MatrixExport(m).writeTo(out, threads);
    }

    @Test
    void eachLineIsOnePrincipalAndPathWithItsPrivilegesInMatrixOrderWhateverTheNumberOfWorkers()
            throws IOException {
        AccessModel m = Configs.model(SMALL);
        String expected = expected(m);
        for (int threads : new int[] {0, 1, 2, 3}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixExport.Timings t = export(m, out, threads);
            assertThat(out.toString(StandardCharsets.UTF_8)).as("%d threads", threads).isEqualTo(expected);
            long lines = (long) m.principals().size() * m.matrixPaths().size();
            assertThat(new MatrixExport(m).lineCount()).isEqualTo(lines);
            assertThat(t.lines()).isEqualTo(lines);
            assertThat(t.bytes()).isEqualTo(out.size());
        }
    }

    @Test
    void theDefaultWorkerCountWritesTheSameMatrixAndReportsIt() throws IOException {
        AccessModel m = Configs.model(SMALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MatrixExport.Timings t = new MatrixExport(m).writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected(m));
        assertThat(t).isNotNull();
        assertThat(t.lines()).isEqualTo(new MatrixExport(m).lineCount());
        assertThat(t.bytes()).isEqualTo(out.size());
    }

    /** Nothing stays in the caller's buffers: the export flushes the stream it was given. */
    @Test
    void theStreamIsFlushedWhenTheExportReturns() throws IOException {
        AccessModel m = Configs.model(SMALL);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        // a buffer larger than the whole matrix: only a flush gets the bytes to the sink
        OutputStream buffered = new BufferedOutputStream(sink, 1 << 22);
        new MatrixExport(m).writeTo(buffered, 1);
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo(expected(m));
    }

    /**
     * The timings are durations: none is negative, and with one worker the worker's compute and encode
     * time and the caller's write time all lie within the wall time, which lies within the call.
     */
    @Test
    void theTimingsAreDurationsWithinTheWallTimeOfTheCall() throws IOException {
        AccessModel m = Configs.model(SMALL);
        for (int run = 0; run < 3; run++) {
            long before = System.nanoTime();
            MatrixExport.Timings t = export(m, new ByteArrayOutputStream(), 1);
            long elapsed = System.nanoTime() - before;
            assertThat(t.computeNanos()).isNotNegative();
            assertThat(t.encodeNanos()).isNotNegative();
            assertThat(t.writeNanos()).isNotNegative();
            assertThat(t.wallNanos()).isNotNegative().isLessThanOrEqualTo(elapsed);
            assertThat(t.computeNanos() + t.encodeNanos()).isLessThanOrEqualTo(t.wallNanos());
            assertThat(t.writeNanos()).isLessThanOrEqualTo(t.wallNanos());
        }
    }

    /**
     * One chunk (a user with its tokens, or up to eight principals) can be far larger than the 1 MiB a
     * buffer starts with: here two principals holding every privilege on 1,200 paths, about 2.3 MB. The
     * buffer grows before each line that might not fit, whether the longest path is long or short.
     */
    @Test
    void aChunkLargerThanTheInitialBufferIsWrittenExactly() throws IOException {
        StringBuilder shortPaths = new StringBuilder("user:x@pve:1:0::::::\n");
        for (int i = 1000; i < 2200; i++) {
            shortPaths.append("acl:1:/vms/").append(i).append(":x@pve:Administrator:\n");
        }
        String longPath = shortPaths + "acl:1:/storage/" + "s".repeat(3000) + ":x@pve:Administrator:\n";
        for (String cfg : List.of(shortPaths.toString(), longPath)) {
            AccessModel m = Configs.model(cfg);
            assertThat(m.principals()).containsExactly("root@pam", "x@pve");
            String expected = expected(m);
            assertThat(expected.length()).isGreaterThan(2 << 20);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            export(m, out, 1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    /**
     * The matrix writes each distinct privilege set's encoding from a per-worker cache; with more than
     * 1,024 distinct sets in one worker (the cache's initial size) it must still name each line's own set.
     */
    @Test
    void aWorkerWithMoreDistinctPrivilegeSetsThanItsInitialCacheStillWritesEachLinesOwnSet()
            throws IOException {
        List<String> privileges = List.of("VM.Audit", "VM.Console", "VM.PowerMgmt", "VM.Backup", "VM.Clone",
                "Sys.Audit", "Sys.Console", "Datastore.Audit", "Pool.Audit", "SDN.Audit", "Sys.Syslog");
        AccessModel m = Configs.model(Configs.distinctPrivilegeSets(privileges, 1100));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export(m, out, 1);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (String line : lines) {
            distinct.add(line.substring(line.indexOf("\"privs\":")));
        }
        assertThat(distinct).hasSizeGreaterThan(1100);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected(m));
    }

    /** The workers are daemon threads: an export its caller abandons never keeps the JVM alive. */
    @Test
    void theWorkerThreadsAreDaemons() throws IOException {
        AccessModel m = Configs.model(SMALL);
        List<Thread> seen = new ArrayList<>();
        OutputStream probe = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("matrix-worker")).forEach(seen::add);
            }
        };
        new MatrixExport(m).writeTo(probe, 2);
        assertThat(seen).isNotEmpty().allMatch(Thread::isDaemon);
    }

    /**
     * A caller interrupted while waiting for a chunk gets an IOException and keeps its interrupt flag,
     * so code further up still sees the interruption.
     */
    @Test
    void anInterruptedCallerGetsAnIoExceptionAndKeepsItsInterruptFlag() {
        StringBuilder cfg = new StringBuilder();
        for (int u = 0; u < 16; u++) {
            cfg.append("user:u").append(u).append("@pve:1:0::::::\n");
        }
        for (int i = 0; i < 500; i++) {
            cfg.append("acl:1:/vms/").append(i).append(":u").append(i % 16).append("@pve:PVEVMAdmin:\n");
        }
        MatrixExport export = new MatrixExport(Configs.model(cfg.toString()));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> export.writeTo(new ByteArrayOutputStream(), 1))
                    .isInstanceOf(IOException.class).hasMessage("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
