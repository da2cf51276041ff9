package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.User;

/**
 * What the engine reads from a snapshot that did not come through the user.cfg parser (a snapshot folder or
 * the API): group membership recorded on either side, and ACL entries Proxmox would not keep (reference 3.2
 * and 5.5: an entry with an unknown role or for a missing token is dropped; one for a missing user or group
 * is kept).
 */
class SnapshotSidesTest {

    private static final String BASE = """
            user:a@pve:1:0::::::
            user:b@pve:1:0::::::
            token:a@pve!tk:0:1::
            """;

    private static ClusterSnapshot base() {
        return Configs.snapshot(BASE);
    }

    private static AccessModel model(List<User> users, List<Group> groups, List<AclEntry> acl) {
        ClusterSnapshot b = base();
        return AccessModel.of(new ClusterSnapshot(b.identity(), b.collectedAt(), users, b.tokens(), groups, b.roles(),
                acl, b.realms(), b.tfa(), b.pools(), b.gaps(), b.warnings()));
    }

    private static User withGroups(User u, String... groups) {
        return new User(u.id(), u.enabled(), u.expire(), u.firstname(), u.lastname(), u.email(), u.comment(), u.keys(),
                List.of(groups), u.realmType(), u.totpLocked(), u.tfaLockedUntil());
    }

    private static final AclEntry OPS_ON_VMS = new AclEntry("/vms", Principal.group("ops"), "PVEVMUser", true);

    // ---------------------------------------------------------------- group membership

    @Test
    void membershipListedOnlyOnTheGroupCounts() {
        AccessModel m = model(base().users(), List.of(new Group("ops", List.of("a@pve"), null)), List.of(OPS_ON_VMS));
        assertThat(m.roles("a@pve", "/vms/100")).containsOnlyKeys("PVEVMUser");
        assertThat(m.roles("b@pve", "/vms/100")).isEmpty();
    }

    @Test
    void membershipListedOnlyOnTheUserCounts() {
        List<User> users = new ArrayList<>();
        for (User u : base().users()) {
            users.add(u.id().equals("b@pve") ? withGroups(u, "ops") : u);
        }
        AccessModel m = model(users, List.of(new Group("ops", List.of(), null)), List.of(OPS_ON_VMS));
        assertThat(m.roles("b@pve", "/vms/100")).containsOnlyKeys("PVEVMUser");
        assertThat(m.roles("a@pve", "/vms/100")).isEmpty();
        // the same through every view of the engine
        assertThat(m.whoCan("VM.Console", "/vms/100", 0)).extracting(PrivilegeHolder::principal)
                .containsExactly("b@pve", "root@pam");
        assertThat(m.privilegedPaths("b@pve")).containsKey("/vms");
        assertThat(m.explain("b@pve", "/vms/100").entries()).extracting(e -> e.reason())
                .containsExactly(Reason.PROPAGATED);
    }

    @Test
    void aGroupListedOnTheUserNeedNotExistAsAGroup() {
        List<User> users = new ArrayList<>();
        for (User u : base().users()) {
            users.add(u.id().equals("a@pve") ? withGroups(u, "ops") : u);
        }
        AccessModel m = model(users, List.of(), List.of(OPS_ON_VMS));
        assertThat(m.privileges("a@pve", "/vms")).containsKey("VM.Console");
    }

    // ---------------------------------------------------------------- entries Proxmox does not keep

    @Test
    void anEntryWithAnUnknownRoleIsDroppedAndTheOthersOfItsPrincipalStay() {
        AccessModel m = model(base().users(), List.of(), List.of(
                new AclEntry("/", Principal.user("a@pve"), "Retired", true),
                new AclEntry("/vms", Principal.user("a@pve"), "Retired", true),
                new AclEntry("/storage", Principal.user("a@pve"), "PVEDatastoreUser", true)));
        // the unknown role on /vms does not shadow anything and grants nothing
        assertThat(m.roles("a@pve", "/vms")).isEmpty();
        assertThat(m.privileges("a@pve", "/")).isEmpty();
        assertThat(m.privileges("a@pve", "/storage/local")).containsOnlyKeys("Datastore.AllocateSpace",
                "Datastore.Audit");
        // its path is still a node of the tree
        assertThat(m.matrixPaths()).contains("/vms", "/storage");
    }

    @Test
    void anUnknownRoleDoesNotReplaceAnInheritedOne() {
        AccessModel m = model(base().users(), List.of(), List.of(
                new AclEntry("/", Principal.user("a@pve"), "PVEAuditor", true),
                new AclEntry("/vms", Principal.user("a@pve"), "Retired", true)));
        assertThat(m.roles("a@pve", "/vms/100")).containsOnlyKeys("PVEAuditor");
    }

    @Test
    void explainShowsTheDroppedEntriesThatWouldConcernThePrincipalThere() {
        AccessModel m = model(base().users(), List.of(new Group("ops", List.of("a@pve"), null)), List.of(
                new AclEntry("/", Principal.group("ops"), "Retired", true),
                new AclEntry("/vms", Principal.user("a@pve"), "Gone", true),
                new AclEntry("/vms", Principal.token("a@pve!ghost"), "PVEAuditor", true),
                new AclEntry("/vms", Principal.token("a@pve!tk"), "Gone", true),
                new AclEntry("/vms/100/disk", Principal.user("a@pve"), "Gone", true),
                new AclEntry("/storage", Principal.user("a@pve"), "Gone", true),
                new AclEntry("/vms", Principal.user("b@pve"), "Gone", true),
                new AclEntry("/vms", Principal.group("others"), "Gone", true)));
        Explanation user = m.explain("a@pve", "/vms/100");
        assertThat(user.entries()).extracting(e -> e.entry().path() + " " + e.entry().principal().spelling() + " "
                + e.entry().role() + " " + e.reason() + " " + e.decisive()).containsExactly(
                "/ @ops Retired UNKNOWN_ROLE false",
                "/vms a@pve Gone UNKNOWN_ROLE false");
        assertThat(user.privileges()).isEmpty();
        Explanation token = m.explain("a@pve!tk", "/vms");
        assertThat(token.entries()).extracting(e -> e.entry().principal().spelling() + " " + e.reason())
                .containsExactly("a@pve!tk UNKNOWN_ROLE");
        Explanation ghost = m.explain("a@pve!ghost", "/vms");
        assertThat(ghost.entries()).extracting(e -> e.entry().principal().spelling() + " " + e.reason())
                .containsExactly("a@pve!ghost UNKNOWN_TOKEN");
        assertThat(ghost.notes()).containsExactly("unknown token: no privileges");
        assertThat(ghost.privileges()).isEmpty();
        assertThat(ghost.owner()).isNull();
    }

    @Test
    void entriesForMissingUsersAndGroupsAreKept() {
        AccessModel m = model(base().users(), List.of(), List.of(
                new AclEntry("/vms", Principal.user("nobody@pve"), "PVEAuditor", true),
                new AclEntry("/vms", Principal.group("nogroup"), "PVEAuditor", true)));
        // nobody@pve is not a principal of the matrix, but the engine answers for it as Proxmox does
        assertThat(m.knows("nobody@pve")).isFalse();
        assertThat(m.privileges("nobody@pve", "/vms")).containsKey("VM.Audit");
        assertThat(m.explain("nobody@pve", "/vms").entries()).extracting(e -> e.reason())
                .containsExactly(Reason.EXACT_PATH);
    }

    @Test
    void knowsUsersTokensAndRootOnly() {
        AccessModel m = model(base().users(), List.of(), List.of());
        assertThat(m.knows("a@pve")).isTrue();
        assertThat(m.knows("a@pve!tk")).isTrue();
        assertThat(m.knows("root@pam")).isTrue();
        assertThat(m.knows("a@pve!other")).isFalse();
        assertThat(m.knows("@ops")).isFalse();
    }
}
