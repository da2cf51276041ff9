package org.pveaudit.source.usercfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Group;
import org.pveaudit.model.LegacyKeys;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Principal;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;

/** user.cfg facts of reference 3.1 to 3.5 and 5.5. */
class UserCfgParserTest {

    private static UserCfg warn(String text) {
        return new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9), UserCfgParser.Mode.WARN).parse("user.cfg", text);
    }

    private static UserCfg strict(String text) {
        return new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse("user.cfg", text);
    }

    private static Map<String, User> users(UserCfg c) {
        return c.users().stream().collect(Collectors.toMap(User::id, Function.identity()));
    }

    private static Map<String, Role> roles(UserCfg c) {
        return c.roles().stream().collect(Collectors.toMap(Role::id, Function.identity()));
    }

    private static List<String> warnings(UserCfg c) {
        return c.warnings().stream().map(ParseWarning::toString).toList();
    }

    @Test
    void emptyInputHasRootAndBuiltInRoles() {
        UserCfg c = strict("");
        assertThat(c.users()).extracting(User::id).containsExactly("root@pam");
        assertThat(c.users().get(0).enabled()).isTrue();
        assertThat(c.roles()).hasSize(17).allMatch(Role::builtIn);
        assertThat(c.acl()).isEmpty();
    }

    @Test
    void userFieldsInOrderWithPercentDecoding() {
        UserCfg c = strict("  user:bob@pve:1:1735689600:B%C3%B6b:Build%3Aer:bob@example.com:a%25b c::  \n");
        User bob = users(c).get("bob@pve");
        assertThat(bob.enabled()).isTrue();
        assertThat(bob.expire()).isEqualTo(1735689600L);
        assertThat(bob.firstname()).isEqualTo("Böb");
        assertThat(bob.lastname()).isEqualTo("Build:er");
        assertThat(bob.email()).isEqualTo("bob@example.com");
        assertThat(bob.comment()).isEqualTo("a%b c");
        assertThat(bob.keys()).isEqualTo(LegacyKeys.NONE);
    }

    @Test
    void trailingFieldsMissingAndPerlTruthiness() {
        UserCfg c = strict("user:a@pve\nuser:b@pve:00:\nuser:c@pve:0:\nuser:d@pve: 1 :  :\n");
        Map<String, User> u = users(c);
        assertThat(u.get("a@pve").enabled()).isFalse();
        assertThat(u.get("b@pve").enabled()).isTrue(); // "00" is true in Perl
        assertThat(u.get("c@pve").enabled()).isFalse();
        assertThat(u.get("d@pve").enabled()).isTrue();
        assertThat(u.get("a@pve").expire()).isZero();
    }

    @Test
    void keysAreClassifiedNeverStored() {
        UserCfg c = strict("user:a@pve:1:0:::::x:\nuser:b@pve:1:0:::::JBSWY3DPEHPK3PXP:\nuser:c@pve:1:0:::::x!oath:\n");
        Map<String, User> u = users(c);
        assertThat(u.get("a@pve").keys()).isEqualTo(LegacyKeys.TFA_MARKER);
        assertThat(u.get("b@pve").keys()).isEqualTo(LegacyKeys.LEGACY_SECRET);
        assertThat(u.get("c@pve").keys()).isEqualTo(LegacyKeys.TFA_MARKER);
        assertThat(u.get("b@pve").toString()).doesNotContain("JBSWY3DPEHPK3PXP");
    }

    @Test
    void tokenPrivsepMissingIsZeroAndNeedsItsUserFirst() {
        UserCfg c = warn("token:late@pve!t1:0:1::\nuser:late@pve:1:\ntoken:late@pve!t2\ntoken:late@pve!t3:5:1:Grafana%3A ro:\n");
        Map<String, ApiToken> t = c.tokens().stream().collect(Collectors.toMap(ApiToken::id, Function.identity()));
        assertThat(t).containsOnlyKeys("late@pve!t2", "late@pve!t3");
        assertThat(t.get("late@pve!t2").privsep()).isFalse();
        assertThat(t.get("late@pve!t2").expire()).isZero();
        assertThat(t.get("late@pve!t3").privsep()).isTrue();
        assertThat(t.get("late@pve!t3").comment()).isEqualTo("Grafana: ro");
        assertThat(warnings(c)).anyMatch(w -> w.startsWith("user.cfg:1:") && w.contains("late@pve!t1"));
    }

    @Test
    void rootTokenBeforeRootLineIsAccepted() {
        UserCfg c = strict("token:root@pam!early:0:0::\nacl:1:/:root@pam!early:PVEAuditor:\n");
        assertThat(c.tokens()).extracting(ApiToken::id).containsExactly("root@pam!early");
        assertThat(c.acl()).hasSize(1);
    }

    @Test
    void listsSplitOnCommaSemicolonAndWhitespace() {
        UserCfg c = strict("user:a@pve:1:\nuser:b@pve:1:\nuser:c@pve:1:\ngroup:g:a@pve;b@pve c@pve,a@pve:\n"
                + "role:r:VM.Audit;VM.Console Sys.Audit,VM.Audit:\n");
        Group g = c.groups().get(0);
        assertThat(g.members()).containsExactly("a@pve", "b@pve", "c@pve");
        assertThat(roles(c).get("r").privileges()).containsExactly("Sys.Audit", "VM.Audit", "VM.Console");
        assertThat(users(c).get("a@pve").groups()).containsExactly("g");
    }

    @Test
    void groupMembershipFromGroupLinesWhateverTheOrder() {
        UserCfg c = strict("group:g:a@pve,ghost@pve:\nuser:a@pve:1:\n");
        assertThat(users(c).get("a@pve").groups()).containsExactly("g");
        assertThat(c.groups().get(0).members()).containsExactly("a@pve", "ghost@pve");
    }

    @Test
    void unknownPrivilegeDroppedWithWarning() {
        UserCfg c = strict("role:Old:VM.Monitor,VM.Audit:\n");
        assertThat(roles(c).get("Old").privileges()).containsExactly("VM.Audit");
        assertThat(warnings(c)).containsExactly(
                "user.cfg:1: field 'privileges' of role 'Old': unknown privilege 'VM.Monitor' dropped (9.x)");
        UserCfg eight = new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE8)).parse("user.cfg", "role:Old:VM.Monitor:\n");
        assertThat(roles(eight).get("Old").privileges()).containsExactly("VM.Monitor");
    }

    @Test
    void handWrittenBuiltInRoleMergesIntoIt() {
        UserCfg c = strict("role:NoAccess:VM.Audit:\nrole:PVEAuditor:Sys.Modify:\n");
        assertThat(roles(c).get("NoAccess").privileges()).containsExactly("VM.Audit");
        assertThat(roles(c).get("NoAccess").builtIn()).isTrue();
        assertThat(roles(c).get("PVEAuditor").privileges()).hasSize(8).contains("Sys.Modify");
        assertThat(c.roles()).hasSize(17);
    }

    @Test
    void aclCrossProductPathNormalizedAndUnknownsHandled() {
        UserCfg c = warn("""
                user:a@pve:1:
                token:a@pve!tk:0:1:
                token:a@pve!t:0:1:
                role:r:VM.Audit:
                acl:1://vms//100/:a@pve,@ghosts,nobody@pve,a@pve!tk,a@pve!missing:r,Unknown,PVEAuditor:
                role:late:VM.Audit:
                """);
        assertThat(c.acl()).extracting(AclEntry::path).containsOnly("/vms/100");
        assertThat(c.acl()).extracting(e -> e.principal().spelling() + "=" + e.role()).containsExactlyInAnyOrder(
                "a@pve=r", "@ghosts=r", "nobody@pve=r", "a@pve!tk=r",
                "a@pve=PVEAuditor", "@ghosts=PVEAuditor", "nobody@pve=PVEAuditor", "a@pve!tk=PVEAuditor");
        // a one-letter token name is not a valid token id (same regex as realms)
        assertThat(c.tokens()).extracting(ApiToken::id).containsExactly("a@pve!tk");
        assertThat(warnings(c)).anyMatch(w -> w.startsWith("user.cfg:5:") && w.contains("unknown role 'Unknown'"))
                .anyMatch(w -> w.contains("token 'a@pve!missing'") && w.contains("dropped"))
                .anyMatch(w -> w.contains("group 'ghosts' does not exist (entry kept)"))
                .anyMatch(w -> w.contains("user 'nobody@pve' does not exist (entry kept)"));
    }

    @Test
    void aclRoleMustBeDefinedEarlier() {
        UserCfg c = warn("user:a@pve:1:\nacl:1:/:a@pve:later:\nrole:later:VM.Audit:\n");
        assertThat(c.acl()).isEmpty();
    }

    @Test
    void repeatedAclEntryKeepsLastPropagateFlag() {
        UserCfg c = strict("user:a@pve:1:\nacl:1:/vms:a@pve:PVEAuditor:\nacl:0:/vms:a@pve:PVEAuditor:\n");
        assertThat(c.acl()).containsExactly(new AclEntry("/vms", Principal.user("a@pve"), "PVEAuditor", false));
    }

    @Test
    void userNamesWithBangAreUsersNotTokens() {
        UserCfg c = strict("user:we!rd@pve:1:\nacl:1:/:we!rd@pve:PVEAuditor:\n");
        assertThat(c.acl().get(0).principal()).isEqualTo(Principal.user("we!rd@pve"));
    }

    @Test
    void poolsVmInTwoPoolsStaysInFirstAndParentsAreCreated() {
        UserCfg c = warn("pool:a:First%3A pool:100,101,0100:local,x:\npool:b::101,102:local:\npool:c/d/e::103::\n");
        Map<String, Pool> p = c.pools().stream().collect(Collectors.toMap(Pool::id, Function.identity()));
        assertThat(p.get("a").vms()).containsExactly(100, 101);
        assertThat(p.get("a").comment()).isEqualTo("First: pool");
        assertThat(p.get("a").storages()).containsExactly("local");
        assertThat(p.get("b").vms()).containsExactly(102);
        assertThat(p.get("b").storages()).containsExactly("local");
        assertThat(p).containsKeys("c", "c/d", "c/d/e");
        assertThat(p.get("c").vms()).isEmpty();
        assertThat(warnings(c)).anyMatch(w -> w.contains("VM 101 is already in pool 'a'"))
                .anyMatch(w -> w.contains("invalid storage id 'x'"));
    }

    @Test
    void unknownRecordTypeIsWarnedInBothModes() {
        UserCfg c = strict("# a comment\nuser:a@pve:1:\n");
        assertThat(warnings(c)).containsExactly("user.cfg:1: unknown record type '# a comment', line ignored");
        assertThat(c.users()).extracting(User::id).contains("a@pve");
    }

    @Test
    void invalidGroupDroppedInWarnModeAndOneLineErrorInFailMode() {
        String text = "user:a@pve:1:\n\ngroup:bad name!:a@pve:\ngroup:ok:a@pve:\n";
        assertThat(warn(text).groups()).extracting(Group::id).containsExactly("ok");
        assertThatThrownBy(() -> strict(text)).isInstanceOf(UserCfgException.class)
                .hasMessage("user.cfg:3: field 'groupid' of group 'bad name!': invalid characters in group name");
    }

    @Test
    void malformedLinesFailWithOneLineMessages() {
        assertThatThrownBy(() -> strict("user:a@pve:1:\n\n\n\n\n\n\n\n\n\n\nuser:bob@pve:1:abc:\n"))
                .hasMessage("user.cfg:12: field 'expire' of user 'bob@pve': not a number ('abc')");
        assertThatThrownBy(() -> strict("user:nobody:1:\n")).hasMessageStartingWith("user.cfg:1: field 'userid'");
        assertThatThrownBy(() -> strict("token:a@pve:0:1:\n")).hasMessageStartingWith("user.cfg:1: field 'tokenid'");
        assertThatThrownBy(() -> strict("acl:1:/vms/ä:a@pve:PVEAuditor:\n")).hasMessageStartingWith("user.cfg:1: field 'path'");
        assertThatThrownBy(() -> strict("pool:p::10x::\n")).hasMessageStartingWith("user.cfg:1: field 'vms'");
        assertThatThrownBy(() -> strict("user:a@pve:1:\ngroup:g:a@pve,bad:\n")).hasMessageStartingWith("user.cfg:2: field 'members'");
        assertThat(warn("user:bob@pve:1:abc:\nuser:ok@pve:1:\n").users()).extracting(User::id)
                .containsExactly("root@pam", "ok@pve");
    }

    @Test
    void laterUserLineReplacesUserAndItsTokens() {
        UserCfg c = warn("user:a@pve:1:\ntoken:a@pve!t:0:1:\nuser:a@pve:0:\n");
        assertThat(c.tokens()).isEmpty();
        assertThat(users(c).get("a@pve").enabled()).isFalse();
    }

    @Test
    void referenceExampleFile() {
        UserCfg c = strict(ExampleFiles.USER_CFG);
        assertThat(c.warnings()).isEmpty();
        Map<String, User> u = users(c);
        assertThat(u).containsOnlyKeys("alice@pve", "bob@ldap-corp", "carol@pam", "root@pam", "svc-audit@pve");
        assertThat(u.get("bob@ldap-corp").keys()).isEqualTo(LegacyKeys.TFA_MARKER);
        assertThat(u.get("carol@pam").enabled()).isFalse();
        assertThat(u.get("root@pam").email()).isEqualTo("admin@example.com");
        assertThat(c.tokens()).extracting(t -> t.id() + ":" + t.privsep()).containsExactlyInAnyOrder(
                "alice@pve!monitoring:true", "root@pam!backup:false", "svc-audit@pve!scan:true");
        assertThat(c.tokens()).filteredOn(t -> t.id().equals("alice@pve!monitoring")).extracting(ApiToken::comment)
                .containsExactly("Grafana: read only");
        assertThat(c.groups()).extracting(Group::comment).containsExactly("Full administrators", null,
                "Operators: day shift");
        assertThat(c.pools()).extracting(Pool::id).containsExactly("dev", "dev/frontend");
        assertThat(c.acl()).hasSize(7);
        ClusterSnapshot s = c.toSnapshot(new ClusterIdentity("lab", "9.1.4", List.of("pve1")),
                new DomainsCfgParser().parse("domains.cfg", ExampleFiles.DOMAINS_CFG));
        assertThat(s.users()).filteredOn(x -> x.id().equals("bob@ldap-corp")).extracting(User::realmType)
                .containsExactly("ldap");
        assertThat(s.missing()).containsExactly(Dataset.TFA, Dataset.SOURCE);
        assertThat(c.toSnapshot(new ClusterIdentity("lab", "9.1", List.of()), List.of()).missing())
                .contains(Dataset.REALMS, Dataset.TFA);
    }

    @Test
    void parsesTheBenchFileQuickly() throws Exception {
        java.nio.file.Path bench = java.nio.file.Path.of("bench/large-user.cfg");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(bench));
        UserCfg c = new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse(bench);
        assertThat(c.users()).hasSize(2001);
        assertThat(c.tokens()).hasSize(1000);
        assertThat(c.pools()).hasSize(51);
        assertThat(c.roles()).hasSize(47);
    }

}
