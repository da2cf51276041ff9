package org.pveaudit.declared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.pveaudit.declared.Drift.Kind;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Role;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;

/** Each kind of drift, present and absent, and the allow-patterns that keep a held entry from being a shadow grant. */
class AccessComparisonTest {

    private static final AclEntry OPS_VMS = new AclEntry("/vms", Principal.group("ops"), "PVEVMUser", true);

    private static User user(String id, boolean enabled, long expire) {
        return new User(id, enabled, expire, null, null, null, null, null, List.of(), "pve", false, 0);
    }

    private static Role role(String id, boolean builtIn, String... privileges) {
        return new Role(id, new TreeSet<>(List.of(privileges)), builtIn);
    }

    private static DeclaredAccess declared(List<DeclaredUser> users, List<DeclaredGroup> groups,
                                           List<DeclaredRole> roles, List<AclEntry> acl, List<DeclaredToken> tokens,
                                           List<AllowPattern> allow) {
        return new DeclaredAccess(users, groups, roles, acl, tokens, allow);
    }

    private static DeclaredAccess acl(List<AclEntry> acl, AllowPattern... allow) {
        return declared(List.of(), List.of(), List.of(), acl, List.of(), List.of(allow));
    }

    private static List<Kind> kinds(DeclaredAccess d, ClusterSnapshot s) {
        return AccessComparison.of(d, s).stream().map(Drift::kind).toList();
    }

    @Test
    void sameAclIsNoDrift() {
        assertThat(AccessComparison.of(acl(List.of(OPS_VMS)), Snapshots.builder().acl(OPS_VMS).build())).isEmpty();
    }

    @Test
    void heldAclNotDeclaredIsAShadowGrant() {
        assertThat(AccessComparison.of(acl(List.of()), Snapshots.builder().acl(OPS_VMS).build()))
                .containsExactly(new Drift(Kind.UNDECLARED_ACL, "/vms @ops PVEVMUser", "absent", "propagate"));
    }

    @Test
    void declaredAclNotHeldIsMissing() {
        assertThat(AccessComparison.of(acl(List.of(OPS_VMS)), Snapshots.builder().build()))
                .containsExactly(new Drift(Kind.MISSING_ACL, "/vms @ops PVEVMUser", "propagate", "absent"));
    }

    @Test
    void propagateDifferenceIsAclDiffers() {
        AclEntry flat = new AclEntry("/vms", Principal.group("ops"), "PVEVMUser", false);
        assertThat(AccessComparison.of(acl(List.of(OPS_VMS)), Snapshots.builder().acl(flat).build()))
                .containsExactly(new Drift(Kind.ACL_DIFFERS, "/vms @ops PVEVMUser", "propagate", "no propagate"));
    }

    @Test
    void allowPatternCoversPathAndBelowForMatchingPrincipalAndRole() {
        AllowPattern svc = new AllowPattern("svc-*!*", "PVEAuditor", "/pool/monitoring");
        ClusterSnapshot held = Snapshots.builder()
                .acl(new AclEntry("/pool/monitoring", Principal.token("svc-zbx@pve!ro"), "PVEAuditor", true))
                .acl(new AclEntry("/pool/monitoring/sub", Principal.token("svc-zbx@pve!ro"), "PVEAuditor", true))
                .build();
        assertThat(AccessComparison.of(acl(List.of(), svc), held)).isEmpty();
    }

    @Test
    void allowPatternDoesNotCoverOtherRolePrincipalOrPath() {
        AllowPattern svc = new AllowPattern("svc-*!*", "PVEAuditor", "/pool/monitoring");
        ClusterSnapshot held = Snapshots.builder()
                .acl(new AclEntry("/pool/monitoring", Principal.token("svc-zbx@pve!ro"), "PVEAdmin", true))
                .acl(new AclEntry("/pool/monitoring", Principal.user("svc-zbx@pve"), "PVEAuditor", true))
                .acl(new AclEntry("/pool/monitoring2", Principal.token("svc-zbx@pve!ro"), "PVEAuditor", true))
                .acl(new AclEntry("/pool", Principal.token("svc-zbx@pve!ro"), "PVEAuditor", true))
                .build();
        assertThat(AccessComparison.of(acl(List.of(), svc), held)).extracting(Drift::subject).containsExactly(
                "/pool svc-zbx@pve!ro PVEAuditor", "/pool/monitoring svc-zbx@pve PVEAuditor",
                "/pool/monitoring svc-zbx@pve!ro PVEAdmin", "/pool/monitoring2 svc-zbx@pve!ro PVEAuditor");
    }

    @Test
    void allowPatternAtRootCoversEverything() {
        AllowPattern any = new AllowPattern("*", "PVEAuditor", "/");
        ClusterSnapshot held = Snapshots.builder()
                .acl(new AclEntry("/storage/x", Principal.group("g"), "PVEAuditor", false)).build();
        assertThat(AccessComparison.of(acl(List.of(), any), held)).isEmpty();
    }

    @Test
    void rootAtPamIsNeverUndeclared() {
        ClusterSnapshot held = Snapshots.builder().user(user("root@pam", true, 0))
                .acl(new AclEntry("/", Principal.user("root@pam"), "Administrator", true)).build();
        assertThat(AccessComparison.of(acl(List.of()), held)).isEmpty();
    }

    @Test
    void aDatasetTheSnapshotCouldNotReadIsNotCompared() {
        DeclaredAccess d = declared(List.of(new DeclaredUser("alice@pve", true, 0)), List.of(), List.of(),
                List.of(OPS_VMS), List.of(), List.of());
        ClusterSnapshot noUsers = Snapshots.builder()
                .gap(new CoverageGap(Dataset.USERS, "HTTP 403", "the audit token may not read users")).build();
        assertThat(AccessComparison.notCompared(noUsers)).containsExactly(Dataset.USERS);
        assertThat(kinds(d, noUsers)).containsExactly(Kind.MISSING_ACL);
        assertThat(AccessComparison.notCompared(Snapshots.builder().build())).isEmpty();
    }

    @Test
    void users() {
        DeclaredAccess d = declared(List.of(new DeclaredUser("alice@pve", true, 0),
                        new DeclaredUser("bob@pve", true, 0), new DeclaredUser("carol@pve", true, 100)),
                List.of(), List.of(), List.of(), List.of(), List.of());
        ClusterSnapshot held = Snapshots.builder().user(user("alice@pve", true, 0), user("carol@pve", false, 100),
                user("dave@pve", true, 0)).build();
        assertThat(AccessComparison.of(d, held)).containsExactly(
                new Drift(Kind.UNDECLARED_USER, "dave@pve", "absent", "enabled, expire 0"),
                new Drift(Kind.MISSING_USER, "bob@pve", "enabled, expire 0", "absent"),
                new Drift(Kind.USER_DIFFERS, "carol@pve", "enabled, expire 100", "disabled, expire 100"));
    }

    @Test
    void userExpiryDifferenceIsUserDiffers() {
        DeclaredAccess d = declared(List.of(new DeclaredUser("alice@pve", true, 0)), List.of(), List.of(),
                List.of(), List.of(), List.of());
        assertThat(kinds(d, Snapshots.builder().user(user("alice@pve", true, 5)).build()))
                .containsExactly(Kind.USER_DIFFERS);
        assertThat(kinds(d, Snapshots.builder().user(user("alice@pve", true, 0)).build())).isEmpty();
    }

    @Test
    void tokens() {
        DeclaredAccess d = declared(List.of(), List.of(), List.of(), List.of(),
                List.of(new DeclaredToken("a@pve!ci", 0, true), new DeclaredToken("a@pve!gone", 0, true),
                        new DeclaredToken("a@pve!exp", 10, true), new DeclaredToken("a@pve!sep", 0, true)),
                List.of());
        ClusterSnapshot held = Snapshots.builder().token(new ApiToken("a@pve!ci", 0, true, null),
                new ApiToken("a@pve!exp", 20, true, null), new ApiToken("a@pve!sep", 0, false, null),
                new ApiToken("a@pve!shadow", 0, false, null)).build();
        assertThat(AccessComparison.of(d, held)).containsExactly(
                new Drift(Kind.UNDECLARED_TOKEN, "a@pve!shadow", "absent", "expire 0, privsep 0"),
                new Drift(Kind.MISSING_TOKEN, "a@pve!gone", "expire 0, privsep 1", "absent"),
                new Drift(Kind.TOKEN_DIFFERS, "a@pve!exp", "expire 10, privsep 1", "expire 20, privsep 1"),
                new Drift(Kind.TOKEN_DIFFERS, "a@pve!sep", "expire 0, privsep 1", "expire 0, privsep 0"));
    }

    @Test
    void roles() {
        DeclaredAccess d = declared(List.of(), List.of(), List.of(
                        new DeclaredRole("Same", new TreeSet<>(List.of("VM.Audit"))),
                        new DeclaredRole("Other", new TreeSet<>(List.of("VM.Audit"))),
                        new DeclaredRole("Gone", new TreeSet<>(List.of("VM.Audit"))),
                        new DeclaredRole("PVEAuditor", new TreeSet<>(List.of("VM.Audit")))),
                List.of(), List.of(), List.of());
        ClusterSnapshot held = Snapshots.builder().role(role("Same", false, "VM.Audit"),
                role("Other", false, "VM.Audit", "VM.PowerMgmt"), role("PVEAuditor", true, "Sys.Audit", "VM.Audit"),
                role("Undeclared", false, "Sys.Modify")).build();
        assertThat(AccessComparison.of(d, held)).containsExactly(
                new Drift(Kind.MISSING_ROLE, "Gone", "VM.Audit", "absent"),
                new Drift(Kind.ROLE_DIFFERS, "Other", "VM.Audit", "VM.Audit,VM.PowerMgmt"));
    }

    @Test
    void groups() {
        DeclaredAccess d = declared(List.of(), List.of(
                        new DeclaredGroup("ops", new TreeSet<>(List.of("b@pve", "a@pve"))),
                        new DeclaredGroup("dev", new TreeSet<>(List.of("a@pve"))),
                        new DeclaredGroup("new", new TreeSet<>())),
                List.of(), List.of(), List.of(), List.of());
        ClusterSnapshot held = Snapshots.builder().group(new Group("ops", List.of("a@pve", "b@pve"), null),
                new Group("dev", List.of("a@pve", "x@pve"), null), new Group("old", List.of(), null)).build();
        assertThat(AccessComparison.of(d, held)).containsExactly(
                new Drift(Kind.UNDECLARED_GROUP, "old", "absent", ""),
                new Drift(Kind.MISSING_GROUP, "new", "", "absent"),
                new Drift(Kind.GROUP_MEMBERS_DIFFER, "dev", "a@pve", "a@pve,x@pve"));
    }
}
