package org.pveaudit.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.pveaudit.access.AccessModel;
import org.pveaudit.access.MatrixExport;
import org.pveaudit.model.ClusterSnapshot;

/**
 * {@code matrix-<cluster>.jsonl.gz}: every principal's privileges on every relevant path of each audited
 * cluster, the lines {@code pve-audit permissions --format jsonl} prints (byte for byte those of Proxmox VE's
 * own engine), gzip-compressed and streamed, for machines and for a cluster too large for a spreadsheet. Each
 * file appears complete or not at all.
 */
public final class MatrixReport {

    /** The file name pattern, for messages. */
    public static final String FILE = "matrix-<cluster>.jsonl.gz";

    /**
     * The file of one cluster. Configured names are letters, digits, '.', '_' and '-'; anything else (a name read
     * back from an old or damaged history) is percent-encoded, so a name never reaches outside the folder.
     */
    public static String fileOf(String cluster) {
        StringBuilder b = new StringBuilder("matrix-");
        for (byte c : cluster.getBytes(StandardCharsets.UTF_8)) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.append(".jsonl.gz").toString();
    }

    public List<Path> write(ReportData data, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (ClusterSnapshot s : data.snapshots()) {
            files.add(write(s, dir.resolve(fileOf(s.cluster()))));
        }
        return files;
    }

    private static Path write(ClusterSnapshot snapshot, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            try (OutputStream out = new BufferedOutputStream(new FastGzip(Files.newOutputStream(partial)), 1 << 16)) {
                new MatrixExport(AccessModel.of(snapshot)).writeTo(out);
            }
            return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** gzip at its fastest level: the matrix of a large cluster is gigabytes of very repetitive text. */
    private static final class FastGzip extends GZIPOutputStream {

        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
