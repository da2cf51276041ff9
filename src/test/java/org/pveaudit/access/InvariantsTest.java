package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.pveaudit.json.JsonText;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Snapshots;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Properties of reference section 2 checked over a few hundred random configurations (seeded). */
class InvariantsTest {

    private static final int CONFIGS = 200;

    @Test
    void privsepTokenNeverExceedsOwner() {
        for (long seed = 0; seed < CONFIGS; seed++) {
            AccessModel m = Configs.model(RandomConfigs.generate(seed, seed % 2 == 0));
            for (ApiToken t : m.snapshot().tokens()) {
                if (!t.privsep() || t.owner().equals(Principal.ROOT)) {
                    continue;
                }
                for (String path : m.matrixPaths()) {
                    assertThat(m.privileges(t.owner(), path).keySet())
                            .as("seed %d %s %s", seed, t.id(), path)
                            .containsAll(m.privileges(t.id(), path).keySet());
                }
            }
        }
    }

    @Test
    void rootHoldsEverythingEverywhere() {
        for (long seed = 0; seed < CONFIGS; seed += 7) {
            AccessModel m = Configs.model(RandomConfigs.generate(seed, true));
            for (String path : m.matrixPaths()) {
                assertThat(m.privileges("root@pam", path)).as("seed %d %s", seed, path).hasSize(47);
            }
            assertThat(m.privileges("root@pam", "/not/in/any/acl")).hasSize(47);
        }
    }

    @Test
    void noAccessLeavesNothingAtOrBelow() {
        Random r = new Random(42);
        for (long seed = 0; seed < CONFIGS; seed++) {
            ClusterSnapshot base = Configs.snapshot(RandomConfigs.generate(seed, false));
            String user = base.users().get(r.nextInt(base.users().size())).id();
            if (user.equals(Principal.ROOT)) {
                continue;
            }
            String at = RandomConfigs.PATHS.get(r.nextInt(RandomConfigs.PATHS.size()));
            Set<String> groups = new HashSet<>();
            base.groups().forEach(g -> {
                if (g.members().contains(user)) {
                    groups.add(g.id());
                }
            });
            List<AclEntry> acl = new ArrayList<>();
            for (AclEntry e : base.acl()) {
                boolean below = e.path().equals(at) || e.path().startsWith(at.equals("/") ? "/" : at + "/");
                boolean mine = e.principal().kind() == Principal.Kind.USER && e.principal().id().equals(user)
                        || e.principal().kind() == Principal.Kind.GROUP && groups.contains(e.principal().id());
                if (!(below && mine)) {
                    acl.add(e);
                }
            }
            acl.add(new AclEntry(at, Principal.user(user), "NoAccess", true));
            ClusterSnapshot s = Snapshots.from(base).acl(acl).build();
            AccessModel m = AccessModel.of(s);
            List<String> paths = new ArrayList<>(m.matrixPaths());
            paths.add(at.equals("/") ? "/deeper" : at + "/deeper/still");
            for (String p : paths) {
                if (p.equals(at) || p.startsWith(at.equals("/") ? "/" : at + "/")) {
                    assertThat(m.privileges(user, p)).as("seed %d %s NoAccess at %s, %s", seed, user, at, p).isEmpty();
                }
            }
        }
    }

    @Test
    void whoCanAgreesWithBruteForce() {
        Random r = new Random(7);
        for (long seed = 0; seed < CONFIGS; seed++) {
            AccessModel m = Configs.model(RandomConfigs.generate(seed, true));
            List<String> privs = new ArrayList<>(m.snapshot().roles().stream()
                    .filter(x -> x.id().equals("Administrator")).findFirst().orElseThrow().privileges());
            String priv = privs.get(r.nextInt(privs.size()));
            List<String> paths = new ArrayList<>(m.matrixPaths());
            paths.add("/vms/100/extra");
            paths.add("/pool/p1/sub/x");
            Set<String> everywhere = new HashSet<>();
            m.whoCanEverywhere(priv, 0, h -> everywhere.add(h.principal() + " " + h.path()));
            for (String path : paths) {
                List<String> expected = m.principals().stream()
                        .filter(p -> m.privileges(p, path).containsKey(priv)).toList();
                List<String> got = m.whoCan(priv, path, 0).stream().map(PrivilegeHolder::principal).toList();
                assertThat(got).as("seed %d %s %s", seed, priv, path).isEqualTo(expected);
                if (m.matrixPaths().contains(path)) {
                    expected.forEach(p -> assertThat(everywhere).contains(p + " " + path));
                }
            }
            long total = m.principals().stream().mapToLong(p -> m.matrixPaths().stream()
                    .filter(path -> m.privileges(p, path).containsKey(priv)).count()).sum();
            assertThat(everywhere).hasSize((int) total);
        }
    }

    /**
     * Every line of the matrix, read back with Jackson (an oracle independent of the export's own JSON
     * writing), holds the principal, the path and exactly the privileges {@code privileges} computes, in
     * byte order; principals and paths in matrix order.
     */
    @Test
    void matrixAgreesWithPrivileges() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        for (long seed = 0; seed < CONFIGS; seed++) {
            AccessModel m = Configs.model(RandomConfigs.generate(seed, seed % 3 != 0));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new MatrixExport(m).writeTo(out, 1 + (int) (seed % 3));
            String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines).as("seed %d", seed).hasSize(m.principals().size() * m.matrixPaths().size());
            int i = 0;
            for (String p : m.principals()) {
                for (String path : m.matrixPaths()) {
                    JsonNode line = json.readTree(lines[i++]);
                    assertThat(line.propertyNames()).containsExactly("principal", "path", "privs");
                    assertThat(line.get("principal").asString()).isEqualTo(p);
                    assertThat(line.get("path").asString()).isEqualTo(path);
                    List<String> privs = new ArrayList<>();
                    line.get("privs").forEach(x -> privs.add(x.asString()));
                    assertThat(privs).as("seed %d %s %s", seed, p, path)
                            .containsExactlyElementsOf(m.privileges(p, path).keySet());
                }
            }
        }
    }

    /** Names that need escaping survive the export: JSON read back gives the names of the snapshot. */
    @Test
    void matrixEscapesNamesThatNeedIt() throws IOException {
        AccessModel m = Configs.model("user:qu\"o\\te@pve:1:0::::::\nuser:zoë@pve:1:0::::::\n"
                + "acl:1:/vms:qu\"o\\te@pve,zoë@pve:PVEAuditor:\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MatrixExport(m).writeTo(out, 1);
        JsonMapper json = JsonMapper.builder().build();
        List<String> principals = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode node = json.readTree(line);
            if (node.get("path").asString().equals("/vms") && node.get("privs").size() > 0) {
                principals.add(node.get("principal").asString());
            }
        }
        assertThat(principals).containsExactly("qu\"o\\te@pve", "root@pam", "zoë@pve");
    }
}
