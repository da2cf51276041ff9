package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.access.AccessModel;
import org.pveaudit.access.MatrixExport;
import org.pveaudit.model.ClusterSnapshot;

class MatrixReportTest {

    @TempDir
    Path dir;

    @Test
    void eachAuditedClusterGetsItsFullMatrixAsTheLinesOfThePermissionsCommandGzipped() throws IOException {
        ReportData data = HostileRun.data();
        assertThat(new MatrixReport().write(data, dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("matrix-prod.jsonl.gz", "matrix-lab%20%22%3Cb%3Eeast%3C%2Fb%3E%22.jsonl.gz");
        for (ClusterSnapshot s : data.snapshots()) {
            MatrixExport export = new MatrixExport(AccessModel.of(s));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            export.writeTo(expected);
            String text = gunzip(dir.resolve(MatrixReport.fileOf(s.cluster())));
            assertThat(text).isEqualTo(expected.toString(StandardCharsets.UTF_8));
            assertThat(text.lines().count()).isEqualTo(export.lineCount()).isPositive();
        }
        assertThat(gunzip(dir.resolve("matrix-prod.jsonl.gz"))).contains("\"alice@pve\"", "\"/vms/100\"",
                "Permissions.Modify");
        try (var files = Files.list(dir)) {
            assertThat(files).noneMatch(p -> p.toString().endsWith(".partial"));
        }
    }

    @Test
    void aFileThatCannotBeWrittenLeavesNoPartialFileBehind() throws IOException {
        Files.createDirectories(dir.resolve("matrix-prod.jsonl.gz").resolve("in-the-way"));
        assertThatThrownBy(() -> new MatrixReport().write(HostileRun.data(), dir)).isInstanceOf(IOException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).noneMatch(p -> p.toString().endsWith(".partial"));
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
