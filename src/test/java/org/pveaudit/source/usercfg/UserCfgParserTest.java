package org.pveaudit.source.usercfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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
    void aHostileLineMakesAFewShortWarningsNotMegabytes() {
        // found by the fuzz target: 3,764 bad role names behind a 90 KB path made 340 MB of warnings
        String path = "/storage/" + "x".repeat(90_000);
        String roles = String.join(",", java.util.Collections.nCopies(3_000, "a@b"));
        UserCfg c = warn("user:alice@pve:1:0::::::\nacl:1:" + path + ":alice@pve:" + roles + ":\nrole:0:Sys.Audit:\n");

        List<String> w = warnings(c);
        assertThat(w.stream().filter(m -> m.startsWith("user.cfg:2:")))
                .hasSize(LineReport.MAX_PER_LINE + 1)
                .allSatisfy(m -> assertThat(m).hasSizeLessThan(400))
                .contains("user.cfg:2: 2980 more problems on this line not listed");
        assertThat(w.get(0)).contains("/storage/xxx", "… (90009 bytes)", "invalid role name 'a@b'");
        assertThat(w).last().asString().startsWith("user.cfg:3: role '0' ignored");
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
        assertThat(p.get("a").vms()).containsExactly("100", "101");
        assertThat(p.get("a").comment()).isEqualTo("First: pool");
        assertThat(p.get("a").storages()).containsExactly("local");
        assertThat(p.get("b").vms()).containsExactly("102");
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


    // ---------------------------------------------------------------- corners [RUN], pve-access-control 9.1.1

    private static UserCfg strictBytes(String latin1) {
        return new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9))
                .parse("user.cfg", latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** (a) Reference 3.2 "Record layouts": the ACL entry was in the tree before its token was reset. */
    @Test
    void cornerA_entryOfATokenResetLaterStaysInTheAcl() {
        UserCfg c = strict("user:x@pve:1:\ntoken:x@pve!tk:0:1::\nacl:1:/vms/200:x@pve!tk:PVEVMAdmin:\n"
                + "user:x@pve:1:\n");
        assertThat(c.tokens()).isEmpty();
        assertThat(c.acl()).containsExactly(new AclEntry("/vms/200", Principal.token("x@pve!tk"), "PVEVMAdmin", true));
    }

    /** (b) Reference 3.2 "Record layouts": names that are false in Perl are skipped, with a warning in both modes. */
    @Test
    void cornerB_namesZeroAreSkippedNotFatal() {
        UserCfg c = strict("user:x@pve:1:\nrole:0:VM.Audit:\ngroup:0:x@pve:\npool:0::100::\npool:0/a::101::\n"
                + "acl:1:/vms:x@pve:0,PVEAuditor:\nacl:1:/vms:@0,@00:PVEAuditor:\npool:p::100::\n");
        assertThat(roles(c)).doesNotContainKey("0");
        assertThat(c.groups()).isEmpty();
        // the parent of a nested pool is created whatever its name, as Proxmox does
        assertThat(c.pools()).extracting(Pool::id).containsExactly("0/a", "0", "p");
        assertThat(c.pools()).filteredOn(p -> p.id().equals("p")).flatExtracting(Pool::vms).containsExactly("100");
        assertThat(c.acl()).extracting(e -> e.principal().spelling() + "=" + e.role())
                .containsExactly("x@pve=PVEAuditor", "@00=PVEAuditor");
        assertThat(warnings(c)).contains(
                "user.cfg:2: role '0' ignored: the name 0 is false in Perl, so Proxmox skips the line",
                "user.cfg:3: group '0' ignored: the name 0 is false in Perl, so Proxmox skips the line",
                "user.cfg:4: pool '0' ignored: the name 0 is false in Perl, so Proxmox skips the line",
                "user.cfg:6: field 'roles' of acl on '/vms': role name '0' ignored (false in Perl)",
                "user.cfg:7: field 'principals' of acl on '/vms': group name '0' ignored (false in Perl)");
    }

    /** (c) Reference 2.2 "Paths": the entries of a line land on the tree node without 0 segments. */
    @Test
    void cornerC_aclPathsLoseZeroSegments() {
        UserCfg c = strict("user:x@pve:1:\nacl:1:/0:x@pve:PVEAuditor:\nacl:1://vms/0/:x@pve:PVEAuditor:\n"
                + "acl:1:nodes/0/x/0:x@pve:PVEAuditor:\nacl:1:/vms/00:x@pve:PVEAuditor:\n"
                + "acl:0:/:x@pve:PVEAuditor:\n");
        // the last line is the same tree entry as /0: its propagate flag wins
        assertThat(c.acl()).extracting(e -> e.path() + ":" + e.propagate())
                .containsExactly("/vms:true", "/nodes/x:true", "/vms/00:true", "/:false");
        assertThatThrownBy(() -> strict("acl:1:0:x@pve:PVEAuditor:\n")).hasMessageStartingWith("user.cfg:1: field 'path'");
    }

    /** (d) Reference 2.6 "API tokens": token {@code t2} of user {@code x!y@pve}. */
    @Test
    void cornerD_tokenOfAUserWithBangInItsName() {
        UserCfg c = strict("user:x!y@pve:1:\ntoken:x!y@pve!t2:0:1::\nacl:1:/:x!y@pve!t2:PVEAuditor:\n");
        ApiToken t = c.tokens().get(0);
        assertThat(t.owner()).isEqualTo("x!y@pve");
        assertThat(t.name()).isEqualTo("t2");
        assertThat(c.acl().get(0).principal()).isEqualTo(Principal.token("x!y@pve!t2"));
        assertThat(Principal.parse("x!y@pve!t2")).isEqualTo(Principal.token("x!y@pve!t2"));
        assertThat(Principal.parse("x!y@pve")).isEqualTo(Principal.user("x!y@pve"));
    }

    /** (e) Reference 2.8 "Pools": VM ids are digit strings as Perl's int() leaves them. */
    @Test
    void cornerE_vmIdsOfAnyLength() {
        UserCfg c = warn("pool:a::2147483648,99999999999,007,18446744073709551615,18446744073709551616,"
                + "99999999999999999999,123456789012345678901234:\npool:b::7,100000000000000000000::\n");
        Map<String, Pool> p = c.pools().stream().collect(Collectors.toMap(Pool::id, Function.identity()));
        assertThat(p.get("a").vms()).containsExactly("2147483648", "99999999999", "7", "18446744073709551615",
                "1.84467440737096e+19", "1e+20", "1.23456789012346e+23");
        assertThat(p.get("b").vms()).isEmpty();
        assertThat(warnings(c)).anyMatch(w -> w.contains("VM 7 is already in pool 'a'"))
                .anyMatch(w -> w.contains("VM 1e+20 is already in pool 'a'"));
        assertThat(Pool.vmidOf("1" + "0".repeat(400))).isEqualTo("Inf");
        assertThat(Pool.vmidOf("0")).isEqualTo("0");
    }

    /**
     * (f) Reference 3.1 "user.cfg general syntax": lists are cut at 0x85 and 0xA0 as well, even inside a
     * UTF-8 character; the pieces are warnings, not errors, because Proxmox's API writes such names.
     */
    @Test
    void cornerF_listsAreCutAtNelAndNoBreakSpaceBytes() {
        String ja = "j\u00C3\u00A0@pve"; // jà@pve as the bytes of its UTF-8 form: à is C3 A0
        UserCfg c = strictBytes("user:" + ja + ":1:\nuser:x@pve:1:\ngroup:g:" + ja + ",x@pve:\n"
                + "role:r:VM.Audit\u00A0VM.Console:\nacl:1:/vms:" + ja + ":r:\npool:p::1\u00852::\n");
        assertThat(c.users()).extracting(User::id).contains("jà@pve");
        assertThat(c.groups().get(0).members()).containsExactly("x@pve");
        assertThat(users(c).get("jà@pve").groups()).isEmpty();
        assertThat(c.acl()).containsExactly(new AclEntry("/vms", Principal.group("pve"), "r", true));
        assertThat(roles(c).get("r").privileges()).containsExactly("VM.Audit", "VM.Console");
        assertThat(c.pools().get(0).vms()).containsExactly("1", "2");
        assertThat(warnings(c)).contains(
                "user.cfg:3: field 'members' of group 'g': 'jà@pve' is cut apart at byte 0x85 or 0xA0 (Proxmox"
                        + " splits lists on Unicode whitespace bytes) and read as 'j\\xC3', '@pve'",
                "user.cfg:3: field 'members' of group 'g': invalid user id 'j\\xC3'",
                "user.cfg:3: field 'members' of group 'g': invalid user id '@pve'",
                "user.cfg:5: field 'principals' of acl on '/vms': group 'pve' does not exist (entry kept)");
        // separators: , ; \t to \r, space, 0x85, 0xA0 (not 0x1C to 0x1F); a list holding NUL is split on NUL only
        assertThat(PerlText.splitList("a\u0085b\u00A0c\td\u000Be\u001Cf,g;h i")).containsExactly("a", "b", "c",
                "d", "e\u001Cf", "g", "h", "i");
        assertThat(PerlText.splitList("a\u00A0b\0c")).containsExactly("a\u00A0b", "c");
    }
}
