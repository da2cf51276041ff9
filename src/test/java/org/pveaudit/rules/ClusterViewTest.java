package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.pveaudit.access.AccessModel;
import org.pveaudit.access.PrivilegeRow;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.LegacyKeys;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Principal;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.Role;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

/**
 * ClusterView computes a principal's privileges from few engine evaluations (decisive paths and
 * classes of paths); it must agree exactly with the engine's path-by-path computation.
 */
class ClusterViewTest {

    private static final Path SAMPLES = Path.of("sample-data");

    @Test
    void agreesWithThePathByPathComputationOnTheSampleClusters() {
        assertAgrees(new SnapshotFolderSource("prod", SAMPLES.resolve("prod"), null).collect());
        assertAgrees(new SnapshotFolderSource("lab", SAMPLES.resolve("lab"), null).collect());
        assertAgrees(new UserCfgSource("branch", SAMPLES.resolve("branch/user.cfg"),
                SAMPLES.resolve("branch/domains.cfg"), "9.1", UserCfgParser.Mode.FAIL).collect());
    }

    @Test
    void agreesWithThePathByPathComputationOnRandomConfigurations() {
        for (long seed = 1; seed <= 40; seed++) {
            assertAgrees(randomSnapshot(new Random(seed)));
        }
    }

    /** A run of fewer clusters than processors computes each cluster's rows on several threads at once. */
    @Test
    void rowsComputedOnSeveralThreadsAreTheRowsComputedOneByOne() {
        ClusterSnapshot large = new UserCfgSource("bench", Path.of("bench/large-user.cfg"), null, "9.1",
                UserCfgParser.Mode.FAIL).collect();
        ClusterView oneByOne = new ClusterView(large, 1_800_000_000L);
        for (int threads : new int[] {2, 3}) { // 3: slices of unequal length
            ClusterView together = new ClusterView(large, 1_800_000_000L);
            together.row("root@pam"); // one already there is kept
            together.computeRows(threads);
            for (String p : together.access().principals()) {
                PrivilegeRow expected = oneByOne.row(p);
                PrivilegeRow row = together.row(p);
                assertThat(row.anywhere()).as(p).isEqualTo(expected.anywhere());
                assertThat(row.nonEmptyPaths()).as(p).isEqualTo(expected.nonEmptyPaths());
                for (int i = 0; i < together.relevantPaths().size(); i += 499) {
                    assertThat(row.at(i)).as("%s at %s", p, together.relevantPaths().get(i)).isEqualTo(expected.at(i));
                }
            }
            assertThat(together.access().principals()).hasSizeGreaterThan(3_000);
        }
    }

    private static void assertAgrees(ClusterSnapshot s) {
        ClusterView view = new ClusterView(s, 1_800_000_000L);
        AccessModel model = AccessModel.of(s);
        List<String> probes = new ArrayList<>(model.matrixPaths());
        probes.addAll(List.of("/access/realm", "/vms/999", "/pool/zzz", "/nodes/n9", "/storage/none"));
        for (String p : model.principals()) {
            // the engine path by path, on the same path set (the full matrix's)
            Map<String, List<String>> expected = new LinkedHashMap<>();
            for (String path : model.matrixPaths()) {
                List<String> privs = List.copyOf(model.privileges(p, path).keySet());
                if (!privs.isEmpty()) {
                    expected.put(path, privs);
                }
            }
            assertThat(new ArrayList<>(view.privilegedPaths(p).entrySet()))
                    .as("%s: %s", s.cluster(), p).isEqualTo(new ArrayList<>(expected.entrySet()));
            Set<String> anywhere = new TreeSet<>();
            expected.values().forEach(anywhere::addAll);
            assertThat(view.privilegesAnywhere(p)).as("%s: %s", s.cluster(), p).containsExactlyElementsOf(anywhere);
            for (String top : probes) {
                for (String priv : List.of("Permissions.Modify", "User.Modify", "Sys.Console", "VM.Audit",
                        "Datastore.AllocateSpace", "Realm.Allocate")) {
                    boolean naive = model.privileges(p, top).containsKey(priv) || expected.entrySet().stream()
                            .anyMatch(e -> (top.equals("/") || e.getKey().startsWith(top + "/")
                                    || e.getKey().equals(top)) && e.getValue().contains(priv));
                    assertThat(view.holdsAtOrBelow(p, top, priv)).as("%s: %s %s under %s", s.cluster(), p, priv, top)
                            .isEqualTo(naive);
                }
            }
        }
    }

    /** Users, groups, tokens, pools (nested, shared storages) and ACL entries of every kind, at random. */
    private static ClusterSnapshot randomSnapshot(Random r) {
        List<String> paths = List.of("/", "/vms", "/vms/100", "/vms/101", "/vms/102", "/vms/103", "/vms/104",
                "/storage", "/storage/s1", "/storage/s2", "/nodes", "/nodes/n1", "/access", "/access/groups",
                "/access/groups/g1", "/access/realm/pve", "/pool", "/pool/a", "/pool/a/b", "/pool/c", "/sdn/zones/z1");
        List<Role> roles = new ArrayList<>(PrivilegeCatalog.of(PveRelease.PVE9).builtInRoleList());
        roles.add(new Role("Ops", new TreeSet<>(List.of("VM.PowerMgmt", "Sys.Console", "User.Modify")), false));
        roles.add(new Role("Grant", new TreeSet<>(List.of("Permissions.Modify", "VM.Audit")), false));
        List<String> roleIds = roles.stream().map(Role::id).toList();
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<String> groups = new ArrayList<>();
            for (int g = 0; g < 3; g++) {
                if (r.nextInt(3) == 0) {
                    groups.add("g" + g);
                }
            }
            users.add(new User("u" + i + "@pve", true, 0, null, null, null, null, LegacyKeys.NONE, groups, "pve",
                    false, 0));
        }
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String owner = i < 2 ? "root@pam" : "u" + r.nextInt(8) + "@pve";
            tokens.add(new ApiToken(owner + "!t" + i, 0, r.nextBoolean(), null));
        }
        List<Group> groups = List.of(new Group("g0", List.of("u1@pve"), null), new Group("g1", List.of(), null),
                new Group("g2", List.of("u2@pve", "ghost@pve"), null));
        List<Pool> pools = List.of(new Pool("a", null, List.of("100", "101"), List.of("s1")),
                new Pool("a/b", null, List.of("102"), List.of("s1", "s2")),
                new Pool("c", null, List.of("103"), List.of("s2")));
        List<String> principals = new ArrayList<>();
        users.forEach(u -> principals.add(u.id()));
        tokens.forEach(t -> principals.add(t.id()));
        principals.addAll(List.of("@g0", "@g1", "@g2", "root@pam"));
        List<AclEntry> acl = new ArrayList<>();
        for (int i = 0; i < 25 + r.nextInt(25); i++) {
            String who = principals.get(r.nextInt(principals.size()));
            String role = r.nextInt(5) == 0 ? "NoAccess" : roleIds.get(r.nextInt(roleIds.size()));
            acl.add(new AclEntry(paths.get(r.nextInt(paths.size())), Principal.parse(who), role, r.nextInt(4) != 0));
        }
        return Snapshots.builder().identity("random", "9.1.4").users(users).tokens(tokens).groups(groups)
                .roles(roles).acl(acl).pools(pools).build();
    }
}
