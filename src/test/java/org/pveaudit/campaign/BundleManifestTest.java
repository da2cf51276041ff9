package org.pveaudit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleManifestTest {

    private static final String SHA = "a".repeat(64);

    private static BundleManifest manifest(String... paths) {
        return new BundleManifest("1.0", "Q1", 3, 7, Instant.parse("2027-02-03T10:15:00Z"),
                java.util.Arrays.stream(paths).map(p -> new BundleManifest.Entry(p, 1, SHA)).toList());
    }

    @Test
    void pathsInsideTheBundleOnly() {
        assertThat(List.of("summary.html", "workbooks/001-ann's <x>.xlsx", "report/a/b.json", "..x", "a..b"))
                .allMatch(BundleManifest::safePath);
        assertThat(List.of("", "../x", "a/../../x", "/etc/x", "a//b", "./a", "a/.", "a\\b", "C:x", "a\nb", "a\u0000"))
                .noneMatch(BundleManifest::safePath);
    }

    @Test
    void aManifestReadsBackAsWrittenWithItsFilesSorted() {
        BundleManifest m = manifest("workbooks/002-b.xlsx", "summary.html");
        assertThat(m.files()).extracting(BundleManifest.Entry::path).containsExactly("summary.html",
                "workbooks/002-b.xlsx");
        assertThat(BundleManifest.parse("manifest.json", m.json())).isEqualTo(m);
        assertThat(m.sha256sums(Map.of("manifest.json", new FileDigest(1, "b".repeat(64))))).isEqualTo(
                "b".repeat(64) + "  manifest.json\n" + SHA + "  summary.html\n" + SHA + "  workbooks/002-b.xlsx\n");
    }

    @Test
    void aManifestListingAPathOutsideTheBundleTwiceOrItselfIsRefused() {
        for (String bad : List.of("../x", "manifest.json", "/etc/passwd")) {
            String json = new String(manifest("summary.html").json(), StandardCharsets.UTF_8)
                    .replace("\"summary.html\"", "\"" + bad + "\"");
            assertThatThrownBy(() -> BundleManifest.parse("m.json", json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(EvidenceException.class).hasMessageContaining("not a path inside the bundle");
        }
        String twice = new String(manifest("a", "b").json(), StandardCharsets.UTF_8).replace("\"b\"", "\"a\"");
        assertThatThrownBy(() -> BundleManifest.parse("m.json", twice.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("m.json: lists 'a' twice");
        assertThatThrownBy(() -> BundleManifest.parse("m.json", "{\"schema\":\"pve-audit/history\"}".getBytes()))
                .hasMessageContaining("not an evidence bundle manifest");
        assertThatThrownBy(() -> BundleManifest.parse("m.json", "[1, 2".getBytes()))
                .isInstanceOf(EvidenceException.class).hasMessageStartingWith("m.json:1:");
    }
}
