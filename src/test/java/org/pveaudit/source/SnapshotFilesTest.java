package org.pveaudit.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pool and realm ids as file names of a snapshot folder: plain ones as they are, every other one encoded. */
class SnapshotFilesTest {

    @Test
    void idsProxmoxAllowsKeepTheirNamesSoEarlierFoldersReadAsBefore() {
        assertThat(SnapshotFiles.pool("dev")).isEqualTo("pools/dev.json");
        assertThat(SnapshotFiles.pool("dept/team")).isEqualTo("pools/dept/team.json");
        assertThat(SnapshotFiles.pool("prod-web_2.old")).isEqualTo("pools/prod-web_2.old.json");
        assertThat(SnapshotFiles.realm("corp-ldap")).isEqualTo("access/domains/corp-ldap.json");
    }

    @Test
    void anyOtherIdIsOneBoundedFileNameInsideTheFolderAndNoTwoIdsShareOne() {
        List<String> hostile = List.of("..", ".", "../x", "/", "/etc/passwd", "a/../b", "a//b", "a/", ".hidden",
                "nul\u0000", "<script>", "%41", "A", "a b", "ü", "x".repeat(300), "x".repeat(300) + "y", "", "con",
                "\uD800", "\uD801", "?");
        java.util.Map<String, String> names = new java.util.HashMap<>();
        Path root = Path.of("/snapshot");
        Random random = new Random(3);
        Set<String> ids = new java.util.LinkedHashSet<>(hostile);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                b.append((char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x3000)));
            }
            ids.add(b.toString());
        }
        for (String id : ids) {
            String name = SnapshotFiles.name(id);
            String before = names.put(name, id);
            assertThat(before).as("the same name %s for two ids", name).isNull();
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isBetween(1, 120);
            assertThat(name).isNotIn(".", "..").doesNotContain("\u0000");
            if (name.contains("/")) {
                assertThat(name).isEqualTo(id); // only an id Proxmox allows nests
            }
            Path file = root.resolve(SnapshotFiles.pool(id)).normalize();
            assertThat(file.startsWith(root.resolve("pools"))).as(id).isTrue();
        }
        assertThat(SnapshotFiles.name("../x")).isEqualTo("%2E%2E%2Fx");
        assertThat(SnapshotFiles.name("x".repeat(300))).matches("x{103}~[0-9a-f]{16}");
    }
}
