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
import org.pveaudit.model.Group;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Principal;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.User;

/**
 * Field-level facts of reference 3.1 and 3.2: identifier limits (counted in bytes, as Proxmox reads the raw
 * file), the percent-decoding of free text, and how repeated lines and odd list items are read.
 */
class UserCfgFieldsTest {

    private static UserCfg strict(String text) {
        return new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse("user.cfg", text);
    }

    private static UserCfg warn(String text) {
        return new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9), UserCfgParser.Mode.WARN)
                .parse("user.cfg", text);
    }

    private static Map<String, User> users(UserCfg c) {
        return c.users().stream().collect(Collectors.toMap(User::id, Function.identity()));
    }

    private static List<String> warnings(UserCfg c) {
        return c.warnings().stream().map(ParseWarning::toString).toList();
    }

    // ---------------------------------------------------------------- user ids: 3 to 64 bytes

    @Test
    void aUserIdOfSixtyFourBytesIsValidAndOneMoreIsNot() {
        String id64 = "u".repeat(60) + "@pve";
        assertThat(id64).hasSize(64);
        assertThat(users(strict("user:" + id64 + ":1:\n"))).containsKey(id64);
        String id65 = "u" + id64;
        assertThatThrownBy(() -> strict("user:" + id65 + ":1:\n")).isInstanceOf(UserCfgException.class)
                .hasMessage("user.cfg:1: field 'userid' of user '" + id65 + "': not a valid user id (name@realm)");
        assertThat(users(warn("user:" + id65 + ":1:\n"))).containsOnlyKeys("root@pam");
    }

    @Test
    void theLengthLimitCountsTheBytesOfTheUtf8Name() {
        // 30 x é = 60 bytes: with "@pve" exactly 64 bytes (34 characters)
        String fits = "é".repeat(30) + "@pve";
        assertThat(users(strict("user:" + fits + ":1:\n"))).containsKey(fits);
        // 31 x é = 62 bytes: 66 bytes although only 35 characters
        String tooLong = "é".repeat(31) + "@pve";
        assertThatThrownBy(() -> strict("user:" + tooLong + ":1:\n"))
                .hasMessageStartingWith("user.cfg:1: field 'userid' of user '" + tooLong + "'");
    }

    @Test
    void tooLongIdsAreNotMembersNotPrincipalsAndOwnNoTokens() {
        String longId = "u".repeat(61) + "@pve";
        UserCfg c = warn("user:ok@pve:1:\ngroup:g:ok@pve," + longId + ":\nacl:1:/:" + longId + ",ok@pve:PVEAuditor:\n"
                + "token:" + longId + "!tk:0:1::\nacl:1:/vms:" + longId + "!tk:PVEAuditor:\n");
        assertThat(c.groups().get(0).members()).containsExactly("ok@pve");
        assertThat(c.acl()).containsExactly(new AclEntry("/", Principal.user("ok@pve"), "PVEAuditor", true));
        assertThat(c.tokens()).isEmpty();
        assertThat(warnings(c)).anyMatch(w -> w.startsWith("user.cfg:2:") && w.contains("invalid user id"))
                .anyMatch(w -> w.startsWith("user.cfg:3:") && w.contains("invalid user, group or token"))
                .anyMatch(w -> w.startsWith("user.cfg:4:") && w.contains("not defined on an earlier line"))
                .anyMatch(w -> w.startsWith("user.cfg:5:") && w.contains("entry dropped"));
    }

    // ---------------------------------------------------------------- free text: URI-unescaped, then UTF-8

    @Test
    void freeTextIsUriUnescapedThenDecodedAsUtf8() {
        UserCfg c = strict("user:a@pve:1:0:J%c3%bcrgen:%C3%96zt%C3%BCrk::%e2%82%ac 100 %25::\n");
        User a = users(c).get("a@pve");
        assertThat(a.firstname()).isEqualTo("Jürgen");
        assertThat(a.lastname()).isEqualTo("Öztürk");
        assertThat(a.comment()).isEqualTo("€ 100 %");
    }

    @Test
    void nonAsciiTextWrittenWithoutEscapesIsReadAsUtf8() {
        // the writer escapes bytes >= 0x7F, but a hand-edited file may hold them raw
        byte[] file = "user:a@pve:1:0:Zoë:Łukasz::Zürich office::\n".getBytes(StandardCharsets.UTF_8);
        User a = users(new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse("user.cfg", file)).get("a@pve");
        assertThat(a.firstname()).isEqualTo("Zoë");
        assertThat(a.lastname()).isEqualTo("Łukasz");
        assertThat(a.comment()).isEqualTo("Zürich office");
    }

    @Test
    void onlyAPercentWithTwoHexDigitsIsAnEscape() {
        // every hex digit in both cases, and the characters just outside the digit ranges
        UserCfg c = strict("user:a@pve:1:0:%30%39%41%46%61%66%4a%4A:%4/%4@%4G%4`%4g:100%:x%4::\n");
        User a = users(c).get("a@pve");
        assertThat(a.firstname()).isEqualTo("09AFafJJ");
        assertThat(a.lastname()).isEqualTo("%4/%4@%4G%4`%4g");
        assertThat(a.comment()).isEqualTo("x%4");
        assertThat(a.email()).isEqualTo("100%");
    }

    @Test
    void emptyAndZeroTextsAreAbsent() {
        User a = users(strict("user:a@pve:1:0:0::::\n")).get("a@pve");
        assertThat(a.firstname()).isNull();
        assertThat(a.lastname()).isNull();
        assertThat(a.comment()).isNull();
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void expiryIsEpochSecondsAndANumberTooLargeForALongNeverComes() {
        Map<String, User> u = users(strict("user:a@pve:1:99999999999999999999:\nuser:b@pve:1:0:\nuser:c@pve:1:7:\n"));
        assertThat(u.get("a@pve").expire()).isEqualTo(Long.MAX_VALUE);
        assertThat(u.get("a@pve").expiredAt(4_102_444_800L)).isFalse();
        assertThat(u.get("b@pve").expire()).isZero();
        assertThat(u.get("c@pve").expire()).isEqualTo(7L);
    }

    @Test
    void aTokenWithANonNumericExpiryIsMalformed() {
        assertThatThrownBy(() -> strict("user:a@pve:1:\ntoken:a@pve!tk:soon:1::\n"))
                .hasMessage("user.cfg:2: field 'expire' of token 'a@pve!tk': not a number ('soon')");
        UserCfg c = warn("user:a@pve:1:\ntoken:a@pve!tk:soon:1::\ntoken:a@pve!ok:1700000000:1::\n");
        assertThat(c.tokens()).extracting(ApiToken::id, ApiToken::expire)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a@pve!ok", 1_700_000_000L));
    }

    // ---------------------------------------------------------------- repeated lines

    @Test
    void aRepeatedTokenLineReplacesItsFlagsButKeepsAnEarlierComment() {
        UserCfg c = strict("user:a@pve:1:\ntoken:a@pve!tk:0:1:Grafana:\ntoken:a@pve!tk:5:0::\n"
                + "token:a@pve!other:0:1:first:\ntoken:a@pve!other:0:1:second:\n");
        Map<String, ApiToken> t = c.tokens().stream().collect(Collectors.toMap(ApiToken::id, Function.identity()));
        assertThat(t.get("a@pve!tk")).isEqualTo(new ApiToken("a@pve!tk", 5, false, "Grafana"));
        assertThat(t.get("a@pve!other").comment()).isEqualTo("second");
        assertThat(c.tokens()).extracting(ApiToken::id).containsExactly("a@pve!tk", "a@pve!other");
    }

    @Test
    void groupAndPoolLinesAccumulateAndKeepTheirComment() {
        UserCfg c = strict("user:a@pve:1:\nuser:b@pve:1:\ngroup:g:a@pve:Admins:\ngroup:g:b@pve::\n"
                + "pool:p:Lab:100::\npool:p::101:local:\n");
        Group g = c.groups().get(0);
        assertThat(g).isEqualTo(new Group("g", List.of("a@pve", "b@pve"), "Admins"));
        assertThat(users(c).get("b@pve").groups()).containsExactly("g");
        Pool p = c.pools().get(0);
        assertThat(p).isEqualTo(new Pool("p", "Lab", List.of("100", "101"), List.of("local")));
    }

    @Test
    void anExplicitRootLineReplacesTheImplicitRoot() {
        UserCfg c = strict("user:root@pam:0:0:Super:User:root@example.com:::\n");
        User root = users(c).get("root@pam");
        assertThat(root.enabled()).isFalse();
        assertThat(root.email()).isEqualTo("root@example.com");
        assertThat(c.users()).hasSize(1);
    }

    @Test
    void aUserInSeveralGroupsListsThemInFileOrder() {
        UserCfg c = strict("user:a@pve:1:\ngroup:zeta:a@pve:\ngroup:alpha:a@pve:\ngroup:empty:::\n");
        assertThat(users(c).get("a@pve").groups()).containsExactly("zeta", "alpha");
        assertThat(c.groups()).extracting(Group::id).containsExactly("zeta", "alpha", "empty");
    }

    // ---------------------------------------------------------------- odd list items

    @Test
    void aLoneAtSignIsNeitherGroupNorUser() {
        assertThatThrownBy(() -> strict("acl:1:/:@:PVEAuditor:\n"))
                .hasMessage("user.cfg:1: field 'principals' of acl on '/': invalid user, group or token '@'");
        assertThatThrownBy(() -> strict("acl:1:/:@bad!name:PVEAuditor:\n"))
                .hasMessageContaining("invalid user, group or token '@bad!name'");
    }

    @Test
    void invalidRoleNamesInAnAclAreMalformed() {
        assertThatThrownBy(() -> strict("user:a@pve:1:\nacl:1:/:a@pve:Bad$Role:\n"))
                .hasMessage("user.cfg:2: field 'roles' of acl on '/': invalid role name 'Bad$Role'");
        assertThatThrownBy(() -> strict("role:bad role!:VM.Audit:\n"))
                .hasMessageStartingWith("user.cfg:1: field 'roleid' of role 'bad role!'");
        assertThatThrownBy(() -> strict("pool:a/b/c/d::100::\n"))
                .hasMessageStartingWith("user.cfg:1: field 'poolid' of pool 'a/b/c/d'");
    }

    @Test
    void anAclLineExpandsToEveryPrincipalTimesEveryRole() {
        UserCfg c = strict("user:a@pve:1:\nuser:b@pve:1:\nacl:0:/storage:a@pve,b@pve:PVEAuditor,PVEDatastoreUser:\n");
        assertThat(c.acl()).containsExactly(
                new AclEntry("/storage", Principal.user("a@pve"), "PVEAuditor", false),
                new AclEntry("/storage", Principal.user("b@pve"), "PVEAuditor", false),
                new AclEntry("/storage", Principal.user("a@pve"), "PVEDatastoreUser", false),
                new AclEntry("/storage", Principal.user("b@pve"), "PVEDatastoreUser", false));
    }

    @Test
    void identifiersAreReturnedAsUtf8Text() {
        UserCfg c = strict("user:jürgen@pve:1:\ntoken:jürgen@pve!tk:0:1::\ngroup:g:jürgen@pve:\n"
                + "acl:1:/:jürgen@pve,jürgen@pve!tk:PVEAuditor:\n");
        assertThat(c.users()).extracting(User::id).contains("jürgen@pve");
        assertThat(c.tokens()).extracting(ApiToken::id).containsExactly("jürgen@pve!tk");
        assertThat(c.groups().get(0).members()).containsExactly("jürgen@pve");
        assertThat(users(c).get("jürgen@pve").groups()).containsExactly("g");
        assertThat(c.acl()).extracting(e -> e.principal().spelling())
                .containsExactly("jürgen@pve", "jürgen@pve!tk");
    }

    @Test
    void warningsShowBytesThatAreNotUtf8Escaped() {
        byte[] file = "role:r:VM.Audit,Bad\u00FF:\n".getBytes(StandardCharsets.ISO_8859_1);
        UserCfg c = new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse("user.cfg", file);
        assertThat(warnings(c)).containsExactly(
                "user.cfg:1: field 'privileges' of role 'r': unknown privilege 'Bad\\xFF' dropped (9.x)");
        UserCfg tab = warn("bogus\u0001:x:\n");
        assertThat(warnings(tab)).containsExactly("user.cfg:1: unknown record type 'bogus\\x01', line ignored");
    }

    @Test
    void warningsKeepWholeUtf8CharactersAndEscapeBrokenOnes() {
        // € is 3 bytes, 😀 is 4 bytes; E2 82 alone is a cut-off €, C3 followed by "x" is no character
        byte[] file = ("role:r:€uro,😀x,").getBytes(StandardCharsets.UTF_8);
        byte[] tail = {(byte) 0xE2, (byte) 0x82, ',', (byte) 0xC3, 'x', ',', 'a', 0x7F, ':', '\n'};
        byte[] all = new byte[file.length + tail.length];
        System.arraycopy(file, 0, all, 0, file.length);
        System.arraycopy(tail, 0, all, file.length, tail.length);
        UserCfg c = new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse("user.cfg", all);
        assertThat(c.warnings()).extracting(ParseWarning::message).containsExactly(
                "field 'privileges' of role 'r': unknown privilege '€uro' dropped (9.x)",
                "field 'privileges' of role 'r': unknown privilege '😀x' dropped (9.x)",
                "field 'privileges' of role 'r': unknown privilege '\\xE2\\x82' dropped (9.x)",
                "field 'privileges' of role 'r': unknown privilege '\\xC3x' dropped (9.x)",
                "field 'privileges' of role 'r': unknown privilege 'a\\x7F' dropped (9.x)");
        assertThat(c.warnings()).extracting(ParseWarning::line).containsOnly(1);
        assertThat(c.warnings().get(0).file()).isEqualTo("user.cfg");
    }

    @Test
    void anIdentifierThatIsNotUtf8IsKeptWithReplacementCharacters() {
        byte[] file = {'u', 's', 'e', 'r', ':', (byte) 0xFF, 'b', '@', 'p', 'v', 'e', ':', '1', ':', '\n'};
        UserCfg c = new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse("user.cfg", file);
        assertThat(c.users()).extracting(User::id).containsExactly("root@pam", "\uFFFDb@pve");
    }

    @Test
    void aListHoldingNulIsSplitOnNulOnly() {
        UserCfg c = strict("role:r:VM.Audit\0VM.Console Sys.Audit:\n");
        assertThat(c.roles().stream().filter(r -> r.id().equals("r")).findFirst().orElseThrow().privileges())
                .containsExactly("VM.Audit");
        assertThat(warnings(c)).containsExactly(
                "user.cfg:1: field 'privileges' of role 'r': unknown privilege 'VM.Console Sys.Audit' dropped (9.x)");
    }

    @Test
    void leadingBlankLinesAreSkippedAndCountedInLineNumbers() {
        UserCfg c = warn("\n\n  \ngroup:g:ghost@pve:\nuser:a@pve:1:0:Ann:Lee\n");
        assertThat(users(c)).containsKey("a@pve");
        assertThat(warnings(c)).containsExactly(
                "user.cfg:4: field 'members' of group 'g': user 'ghost@pve' does not exist (kept as member)");
        // a line that stops after the last name has no email, not an empty one
        assertThat(users(c).get("a@pve").email()).isNull();
        assertThat(users(c).get("a@pve").lastname()).isEqualTo("Lee");
    }
}
