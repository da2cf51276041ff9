package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Role;

/**
 * The views of the effective permissions that the reports read: the principal order, the path set of
 * {@code GET /access/permissions} (reference 2.9), the matrix paths and one principal's privilege row.
 */
class MatrixViewTest {

    private static final AccessModel MODEL = Configs.model("""
            user:x@pve:1:0::::::
            token:x@pve!zeta:0:1::
            token:x@pve!alpha:0:1::
            token:x@pve!Mid:0:0::
            user:a@pve:1:0::::::
            acl:1:/:x@pve:PVEAuditor:
            acl:1:/storage/nfs/images:x@pve:PVEDatastoreUser:
            acl:0:/vms/100:x@pve:PVEVMAdmin:
            acl:1:/vms/100:x@pve!alpha:PVEVMUser:
            """);

    @Test
    void principalsAreUsersInByteOrderEachFollowedByItsTokensInByteOrder() {
        assertThat(MODEL.principals()).containsExactly("a@pve", "root@pam", "x@pve", "x@pve!Mid", "x@pve!alpha",
                "x@pve!zeta");
    }

    @Test
    void thePermissionsPathSetIsTheTopLevelPathsAndEveryPathWithAnEntry() {
        // /storage/nfs has no entry, but it is a node of Proxmox's ACL tree (the parent of one that has)
        assertThat(MODEL.privilegedPaths("x@pve").keySet()).containsExactly("/", "/access", "/access/groups",
                "/nodes", "/pool", "/sdn", "/storage", "/storage/nfs", "/storage/nfs/images", "/vms", "/vms/100");
        assertThat(MODEL.privilegedPaths("x@pve").get("/storage/nfs/images"))
                .containsExactly("Datastore.AllocateSpace", "Datastore.Audit");
        // a pool's members are listed, the pool's own path only if it has an entry
        AccessModel pooled = Configs.model("user:x@pve:1:0::::::\nacl:1:/:x@pve:PVEAuditor:\npool:dev::200:local:\n");
        assertThat(pooled.privilegedPaths("x@pve").keySet()).contains("/vms/200", "/storage/local")
                .doesNotContain("/pool/dev");
        // paths without privileges are left out
        assertThat(MODEL.privilegedPaths("a@pve")).isEmpty();
        assertThat(MODEL.privilegedPaths("x@pve!alpha").keySet()).containsExactly("/vms/100");
    }

    @Test
    void regionsSummariseWhereAPrivilegeIsHeldAsSubtrees() {
        AccessModel model = Configs.model("""
                user:u@pve:1:0::::::
                acl:1:/vms:u@pve:Administrator:
                acl:1:/vms/100:u@pve:NoAccess:
                acl:1:/access:u@pve:PVEUserAdmin:
                pool:dev::200,201::
                """);
        PrivilegeRow u = model.rows().of("u@pve");
        // /access with the two paths below it; /vms with its pool members, but not the NoAccess VM
        assertThat(u.regions("User.Modify")).containsExactly(new PrivilegeRow.Region("/access", 3),
                new PrivilegeRow.Region("/vms", 3));
        assertThat(u.regions("Permissions.Modify")).containsExactly(new PrivilegeRow.Region("/vms", 3));
        List<String> admin = model.snapshot().roles().stream().filter(r -> r.id().equals("Administrator"))
                .findFirst().orElseThrow().privileges().stream().toList();
        assertThat(u.regionsOfAll(admin)).containsExactly(new PrivilegeRow.Region("/vms", 3));
        assertThat(u.regionsOfAll(List.of("User.Modify", "No.Such"))).as("an unknown privilege is held nowhere")
                .isEmpty();
        assertThat(u.regions("No.Such")).isEmpty();
        // a region starts again below a path that does not hold it
        AccessModel split = Configs.model("""
                user:u@pve:1:0::::::
                acl:1:/vms:u@pve:PVEVMAdmin:
                acl:1:/vms/7:u@pve:PVEAuditor:
                acl:1:/vms/7/disk:u@pve:PVEVMAdmin:
                """);
        assertThat(split.rows().of("u@pve").regions("VM.Allocate")).extracting(PrivilegeRow.Region::path)
                .containsExactly("/vms", "/vms/7/disk");
        assertThat(model.rows().of("nobody@pve").regions("User.Modify")).isEmpty();
    }

    @Test
    void regionsAreTheSameWithAReusedScratchAndCoverExactlyThePathsHoldingThePrivilege() {
        PrivilegeRow.Scratch reused = new PrivilegeRow.Scratch();
        for (long seed = 1; seed <= 40; seed++) {
            AccessModel model = Configs.model(RandomConfigs.generate(seed, seed % 2 == 0));
            List<String> paths = model.matrixPaths();
            for (String principal : model.principals()) {
                PrivilegeRow row = model.rows().of(principal);
                for (String privilege : List.of("VM.Allocate", "Permissions.Modify", "Sys.Audit", "VM.Audit")) {
                    PrivilegeRow.Where where = row.where(privilege, 2, reused);
                    List<PrivilegeRow.Region> regions = row.regions(privilege);
                    assertThat(where.first()).as("seed %d %s %s", seed, principal, privilege)
                            .isEqualTo(regions.subList(0, Math.min(2, regions.size())));
                    assertThat(where.regions()).isEqualTo(regions.size());
                    // the regions' paths add up to the paths holding it, and each top path holds it
                    long holding = java.util.stream.IntStream.range(0, paths.size())
                            .filter(i -> row.at(i).contains(privilege)).count();
                    assertThat(regions.stream().mapToLong(PrivilegeRow.Region::paths).sum()).isEqualTo(holding)
                            .isEqualTo(where.paths());
                    regions.forEach(r -> assertThat(row.at(paths.indexOf(r.path()))).contains(privilege));
                }
            }
        }
    }

    @Test
    void theMatrixPathsAreSortedAndIndexedConsistently() {
        List<String> paths = MODEL.matrixPaths();
        assertThat(paths).isSortedAccordingTo(PrivilegeBits::compareBytes)
                .contains("/", "/storage/nfs/images", "/vms/100").doesNotHaveDuplicates();
        assertThat(MODEL.matrixSize()).isEqualTo(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            assertThat(MODEL.matrixPath(i)).isEqualTo(paths.get(i));
            assertThat(MODEL.matrixIndexOf(paths.get(i))).isEqualTo(i);
        }
        assertThat(MODEL.matrixIndexOf("/not/relevant")).isEqualTo(-1);
    }

    @Test
    void aRowHoldsThePrivilegesOfEachMatrixPath() {
        PrivilegeRows rows = MODEL.rows();
        List<String> paths = rows.paths();
        assertThat(paths).containsExactlyElementsOf(MODEL.matrixPaths());
        PrivilegeRow x = rows.of("x@pve");
        int vm = paths.indexOf("/vms/100");
        assertThat(x.at(vm)).containsExactlyElementsOf(new TreeSet<>(role("PVEVMAdmin").privileges()));
        assertThat(x.at(paths.indexOf("/vms"))).containsExactlyElementsOf(new TreeSet<>(role("PVEAuditor").privileges()));
        assertThat(x.anywhere()).contains("VM.Allocate", "Datastore.AllocateSpace", "Sys.Audit");
        assertThat(x.nonEmptyPaths()).isEqualTo(paths.size());
        PrivilegeRow.Held allocate = x.held("VM.Allocate");
        assertThat(allocate).isEqualTo(new PrivilegeRow.Held("/vms/100", 1, false));
        // everywhere but the two paths whose own entry replaces the inherited PVEAuditor
        assertThat(x.held("Sys.Audit")).isEqualTo(new PrivilegeRow.Held("/", paths.size() - 2, true));
        assertThat(x.held("Sys.Modify")).isNull();
        assertThat(x.held("No.Such.Privilege")).isNull();
    }

    @Test
    void holdsInLooksOnlyAtTheGivenRangeOfPaths() {
        PrivilegeRows rows = MODEL.rows();
        List<String> paths = rows.paths();
        PrivilegeRow alpha = rows.of("x@pve!alpha");
        int vm = paths.indexOf("/vms/100");
        assertThat(alpha.holdsIn(vm, vm + 1, "VM.Console")).isTrue();
        assertThat(alpha.holdsIn(0, vm, "VM.Console")).isFalse();
        assertThat(alpha.holdsIn(vm + 1, paths.size(), "VM.Console")).isFalse();
        assertThat(alpha.holdsIn(vm, vm, "VM.Console")).isFalse();
        assertThat(alpha.holdsIn(0, paths.size(), "No.Such.Privilege")).isFalse();
        int[] below = rows.below("/storage");
        assertThat(paths.subList(below[0], below[1])).allMatch(p -> p.startsWith("/storage/"))
                .contains("/storage/nfs/images");
        PrivilegeRow x = rows.of("x@pve");
        assertThat(x.holdsIn(below[0], below[1], "Datastore.AllocateSpace")).isTrue();
        int[] none = rows.below("/not/relevant");
        assertThat(none[1] - none[0]).isZero();
        List<Integer> visited = new ArrayList<>();
        alpha.forEachNonEmpty(visited::add);
        assertThat(visited).containsExactly(vm);
        // the visitor stops the walk by answering false
        List<Integer> first = new ArrayList<>();
        x.forEachNonEmpty(i -> first.add(i) && false);
        assertThat(first).containsExactly(0);
        assertThat(rows.of("ghost@pve").nonEmptyPaths()).isZero();
        assertThat(rows.of("root@pam").nonEmptyPaths()).isEqualTo(paths.size());
    }

    @Test
    void whoCanEverywhereFindsTheFirstPrivilegeInByteOrderToo() {
        // Datastore.Allocate sorts first of all privileges
        List<String> holders = new ArrayList<>();
        MODEL.whoCanEverywhere("Datastore.Allocate", 0, h -> holders.add(h.principal() + " " + h.path()));
        assertThat(holders).isNotEmpty().allMatch(h -> h.startsWith("root@pam "));
        assertThat(MODEL.whoCan("Datastore.Allocate", "/storage", 0)).extracting(PrivilegeHolder::principal)
                .containsExactly("root@pam");
    }

    @Test
    void aCustomRolesPrivilegeIsValidEvenIfTheReleaseDoesNotKnowIt() {
        ClusterSnapshot s = MODEL.snapshot();
        List<Role> roles = new ArrayList<>(s.roles());
        roles.add(new Role("Legacy", new TreeSet<>(List.of("VM.Monitor")), false));
        AccessModel m = AccessModel.of(new ClusterSnapshot(s.identity(), s.collectedAt(), s.users(), s.tokens(),
                s.groups(), roles, s.acl(), s.realms(), s.tfa(), s.pools(), s.gaps(), s.warnings()));
        assertThat(m.isPrivilege("VM.Monitor")).isTrue();
        assertThat(MODEL.isPrivilege("VM.Monitor")).isFalse();
        assertThat(MODEL.isPrivilege("Sys.Audit")).isTrue();
    }

    private static Role role(String id) {
        return MODEL.snapshot().roles().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    /** A large cluster has hundreds of distinct privilege sets; each line of the matrix still names its own. */
    @Test
    void theMatrixStaysExactWithManyDistinctPrivilegeSets() throws java.io.IOException {
        List<String> privileges = List.of("VM.Audit", "VM.Console", "VM.PowerMgmt", "VM.Backup", "VM.Clone",
                "Sys.Audit", "Sys.Console", "Datastore.Audit", "Pool.Audit", "SDN.Audit");
        AccessModel m = Configs.model(Configs.distinctPrivilegeSets(privileges, 700));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new MatrixExport(m).writeTo(out, 2);
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        String[] lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(m.principals().size() * m.matrixPaths().size());
        java.util.Set<List<String>> distinct = new java.util.HashSet<>();
        for (String line : lines) {
            tools.jackson.databind.JsonNode node = json.readTree(line);
            List<String> privs = new ArrayList<>();
            node.get("privs").forEach(x -> privs.add(x.asString()));
            assertThat(privs).as(line).containsExactlyElementsOf(
                    m.privileges(node.get("principal").asString(), node.get("path").asString()).keySet());
            distinct.add(privs);
        }
        assertThat(distinct).hasSizeGreaterThan(600);
    }
}
