package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;

class AccessDriftTest {

    private static User user(String id, boolean enabled) {
        return new User(id, enabled, 0, null, null, null, null, null, List.of(), null, false, 0);
    }

    private static ClusterSnapshot snapshot(List<User> users, List<ApiToken> tokens, List<Group> groups,
                                            List<Role> roles, List<AclEntry> acl, List<Realm> realms) {
        return Snapshots.builder().users(users).tokens(tokens).groups(groups).roles(roles).acl(acl).realms(realms)
                .build();
    }

    private static final List<User> USERS = List.of(user("alice@pve", true), user("bob@pve", true));
    private static final List<ApiToken> TOKENS = List.of(new ApiToken("alice@pve!ci", 0, true, null),
            new ApiToken("bob@pve!x", 1_900_000_000L, true, null));
    private static final List<Group> GROUPS = List.of(new Group("ops", List.of("alice@pve", "bob@pve"), null));
    private static final List<Role> ROLES = List.of(new Role("Custom", new TreeSet<>(List.of("VM.Audit")), false));
    private static final List<AclEntry> ACL = List.of(
            new AclEntry("/vms", Principal.user("alice@pve"), "PVEVMUser", true),
            new AclEntry("/vms", Principal.user("alice@pve"), "Custom", true),
            new AclEntry("/", Principal.group("ops"), "PVEAuditor", true),
            new AclEntry("/storage", Principal.user("bob@pve"), "Custom", true));
    private static final List<Realm> REALMS = List.of(new Realm("pve", "pve", true, null, null, Map.of()),
            new Realm("ad", "ad", false, null, null, Map.of("server1", "dc1", "client-key", Realm.REDACTED)));

    private static final ClusterSnapshot BEFORE = snapshot(USERS, TOKENS, GROUPS, ROLES, ACL, REALMS);

    @Test
    void sameDataInAnotherOrderHasNoDrift() {
        ClusterSnapshot shuffled = snapshot(reversed(USERS), reversed(TOKENS),
                List.of(new Group("ops", List.of("bob@pve", "alice@pve"), null)), ROLES, reversed(ACL),
                reversed(REALMS));
        assertThat(AccessDrift.between(BEFORE, shuffled)).isEmpty();
    }

    @Test
    void reportsEveryKindOfChangeOncePerObject() {
        ClusterSnapshot after = snapshot(
                List.of(user("alice@pve", false), user("carol@pve", true)),
                List.of(new ApiToken("alice@pve!ci", 1_900_000_000L, false, null), new ApiToken("carol@pve!new", 0, true, null)),
                List.of(new Group("ops", List.of("alice@pve"), null)),
                List.of(new Role("Custom", new TreeSet<>(List.of("VM.Audit", "VM.PowerMgmt")), false)),
                List.of(new AclEntry("/vms", Principal.user("alice@pve"), "PVEVMUser", true),
                        new AclEntry("/", Principal.group("ops"), "PVEAuditor", false),
                        new AclEntry("/pool/x", Principal.token("carol@pve!new"), "Custom", true)),
                List.of(new Realm("pve", "pve", true, null, null, Map.of()),
                        new Realm("ad", "ad", false, null, "oath", Map.of("server1", "dc2", "client-key", Realm.REDACTED))));
        assertThat(AccessDrift.between(BEFORE, after)).extracting(DriftEntry::describe).containsExactly(
                "~ user alice@pve: enabled 1 -> enabled 0",
                "- user bob@pve (enabled 1; expire never; realm-type -)",
                "+ user carol@pve (enabled 1; expire never; realm-type -)",
                "~ group ops: members alice@pve,bob@pve -> members alice@pve",
                "~ token alice@pve!ci: expire never; privsep 1 -> expire 2030-03-17T17:46:40Z; privsep 0",
                "- token bob@pve!x (expire 2030-03-17T17:46:40Z; privsep 1)",
                "+ token carol@pve!new (expire never; privsep 1)",
                "+ acl /pool/x|carol@pve!new (roles Custom)",
                "- acl /storage|bob@pve (roles Custom)",
                "~ acl /vms|alice@pve: roles Custom,PVEVMUser -> roles PVEVMUser",
                "~ acl /|@ops: roles PVEAuditor -> roles PVEAuditor (no propagate)",
                "~ role Custom: VM.Audit -> VM.Audit,VM.PowerMgmt",
                "~ realm ad: tfa -; server1 dc1 -> tfa oath; server1 dc2");
    }

    @Test
    void aRealmThatBecomesTheDefaultIsAChangedRealm() {
        Realm before = new Realm("pve", "pve", false, null, null, Map.of());
        Realm after = new Realm("pve", "pve", true, null, null, Map.of());
        assertThat(AccessDrift.between(snapshot(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(before)),
                snapshot(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(after))))
                .extracting(DriftEntry::describe)
                .containsExactly("~ realm pve: default 0 -> default 1");
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
