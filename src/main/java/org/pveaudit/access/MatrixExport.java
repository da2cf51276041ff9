package org.pveaudit.access;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.pveaudit.json.JsonText;

/**
 * Streams the full effective-privilege matrix as JSON lines in the order of the bench README:
 * {@code {"principal":"…","path":"…","privs":[…]}} for every principal and every relevant path.
 *
 * <p>Principals are cut into ordered chunks (a user always together with its tokens, which need the
 * owner's row); worker threads compute and encode chunks into reusable byte buffers and the caller's
 * thread writes them in order, so memory stays constant in the number of lines.
 */
public final class MatrixExport {

    /** Where the time went; compute and encode are summed over the worker threads. */
    public record Timings(long computeNanos, long encodeNanos, long writeNanos, long wallNanos, long lines,
                          long bytes) {
    }

    private static final int PRINCIPALS_PER_CHUNK = 8;

    private final AccessModel model;
    private final List<MatrixPrincipal> principals;
    private final byte[][] principalPrefix;
    private final byte[][] pathPart;
    private final List<int[]> chunks = new ArrayList<>();

    public MatrixExport(AccessModel model) {
        this.model = model;
        this.principals = model.matrixPrincipalList();
        principalPrefix = new byte[principals.size()][];
        for (int i = 0; i < principals.size(); i++) {
            principalPrefix[i] = ("{\"principal\":" + JsonText.quote(principals.get(i).id()) + ",\"path\":")
                    .getBytes(StandardCharsets.UTF_8);
        }
        List<String> paths = model.matrixPaths();
        pathPart = new byte[paths.size()][];
        for (int i = 0; i < paths.size(); i++) {
            pathPart[i] = (JsonText.quote(paths.get(i)) + ",\"privs\":").getBytes(StandardCharsets.UTF_8);
        }
        int start = 0;
        for (int i = 1; i <= principals.size(); i++) {
            boolean boundary = i == principals.size() || !principals.get(i).token();
            if (boundary && (i - start >= PRINCIPALS_PER_CHUNK || i == principals.size())) {
                chunks.add(new int[] {start, i});
                start = i;
            }
        }
    }

    /** Number of lines the export writes. */
    public long lineCount() {
        return (long) principals.size() * pathPart.length;
    }

    /** Writes the matrix with one worker per available processor. */
    public Timings writeTo(OutputStream out) throws IOException {
        return writeTo(out, Runtime.getRuntime().availableProcessors());
    }

    public Timings writeTo(OutputStream out, int threads) throws IOException {
        long t0 = System.nanoTime();
        int workers = Math.max(1, threads);
        int window = workers * 2 + 1;
        BlockingQueue<Chunk> buffers = new ArrayBlockingQueue<>(window + 1);
        for (int i = 0; i <= window; i++) {
            buffers.add(new Chunk());
        }
        AtomicLong compute = new AtomicLong();
        AtomicLong encode = new AtomicLong();
        ThreadLocal<Worker> worker = ThreadLocal.withInitial(() -> new Worker(compute, encode));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "matrix-worker");
            t.setDaemon(true);
            return t;
        });
        long write = 0;
        long bytes = 0;
        try {
            ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
            int next = 0;
            while (next < chunks.size() || !inFlight.isEmpty()) {
                while (next < chunks.size() && inFlight.size() < window) {
                    int[] range = chunks.get(next++);
                    Chunk buffer = buffers.poll();
                    inFlight.add(pool.submit(() -> worker.get().fill(buffer, range[0], range[1])));
                }
                Chunk done = await(inFlight.poll());
                long w0 = System.nanoTime();
                out.write(done.data, 0, done.length);
                write += System.nanoTime() - w0;
                bytes += done.length;
                buffers.add(done);
            }
            long w0 = System.nanoTime();
            out.flush();
            write += System.nanoTime() - w0;
        } finally {
            pool.shutdownNow();
        }
        return new Timings(compute.get(), encode.get(), write, System.nanoTime() - t0, lineCount(), bytes);
    }

    private static Chunk await(Future<Chunk> f) throws IOException {
        try {
            // Future.get returns a finished chunk without looking at the flag: an interrupted caller must stop
            // whether or not its worker was quicker
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("matrix worker failed: " + e.getCause(), e.getCause());
        }
    }

    /** A reusable output buffer. */
    private static final class Chunk {
        private byte[] data = new byte[1 << 20];
        private int length;

        void ensure(int extra) {
            if (length + extra > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, length + extra));
            }
        }

        void put(byte[] b) {
            System.arraycopy(b, 0, data, length, b.length);
            length += b.length;
        }
    }

    /** Per-thread state: the walk's scratch arrays, two rows and the encoded privilege sets. */
    private final class Worker {
        private final PrivilegeWalk walk = new PrivilegeWalk(model);
        private final PrivilegeSetJson json = new PrivilegeSetJson(model.bits());
        private long[] owner = new long[pathPart.length];
        private long[] row = new long[pathPart.length];
        private final AtomicLong compute;
        private final AtomicLong encode;
        private final int maxPath;

        Worker(AtomicLong compute, AtomicLong encode) {
            this.compute = compute;
            this.encode = encode;
            int m = 0;
            for (byte[] p : pathPart) {
                m = Math.max(m, p.length);
            }
            maxPath = m;
        }

        Chunk fill(Chunk c, int from, int to) {
            c.length = 0;
            long comp = 0;
            long enc = 0;
            for (int i = from; i < to; i++) {
                MatrixPrincipal p = principals.get(i);
                long t0 = System.nanoTime();
                walk.compute(p, owner, row);
                long t1 = System.nanoTime();
                byte[] prefix = principalPrefix[i];
                int lineMax = prefix.length + maxPath + json.maxLength();
                for (int k = 0; k < pathPart.length; k++) {
                    c.ensure(lineMax);
                    c.put(prefix);
                    c.put(pathPart[k]);
                    c.put(json.of(row[k]));
                }
                enc += System.nanoTime() - t1;
                comp += t1 - t0;
                if (!p.token()) {
                    long[] t = owner;
                    owner = row;
                    row = t;
                }
            }
            compute.addAndGet(comp);
            encode.addAndGet(enc);
            return c;
        }
    }
}
