package org.pveaudit.declared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

/** A cluster's access exported as a declaration: what is left out, and the round trip through the file. */
class DeclaredExportTest {

    private static final Path SAMPLES = Path.of("sample-data");

    /** Names a cluster may hold: quotes, line breaks, YAML indicators, '#', ': ', escapes, unicode. */
    static final String HOSTILE_USER = "*o'b\"r#i!e&n\\x\u00e9\u202e\ud83d\ude00@pve";
    static final String HOSTILE_ROLE = "&ops: \"#1\"\n- !x\u0085\u2028\t\u0001 true";

    private static User user(String id, boolean enabled, long expire) {
        return new User(id, enabled, expire, "First \"x\"", "Last\nName", "a@b.c", "comment: #1", null, List.of(),
                "pve", false, 0);
    }

    static ClusterSnapshot hostile() {
        return Snapshots.builder().cluster("evil\n# users: []")
                .user(user(Principal.ROOT, true, 0), user(HOSTILE_USER, false, 1893456000L),
                        user("!yes@pve", true, 0), user("null@pve", true, 0))
                .token(new ApiToken(HOSTILE_USER + "!ci-1", 0, false, "secret? no\n\"#"),
                        new ApiToken("root@pam!backup", 1861833600L, true, ""))
                .group(new Group("ops-1", List.of(HOSTILE_USER, Principal.ROOT, "null@pve"), "'; DROP"),
                        new Group("empty", List.of(), null))
                .role(new Role(HOSTILE_ROLE, new TreeSet<>(List.of("*VM.Audit", "!Sys.Audit", "& x: y")), false),
                        new Role("true", new TreeSet<>(List.of("0")), false),
                        new Role("PVEAdmin", new TreeSet<>(List.of("Sys.Modify")), true))
                .acl(new AclEntry("/vms/100", Principal.user(HOSTILE_USER), HOSTILE_ROLE, false),
                        new AclEntry("/", Principal.group("ops-1"), "PVEAdmin", true),
                        new AclEntry("/", Principal.token(HOSTILE_USER + "!ci-1"), "true", true),
                        new AclEntry("/storage/local", Principal.user(Principal.ROOT), "PVEAdmin", true))
                .build();
    }

    static ClusterSnapshot lab() {
        return new SnapshotFolderSource("lab", SAMPLES.resolve("lab"), null).collect();
    }

    static Stream<ClusterSnapshot> clusters() {
        return Stream.of(lab(), new SnapshotFolderSource("prod", SAMPLES.resolve("prod"), null).collect(),
                new UserCfgSource("branch", SAMPLES.resolve("branch/user.cfg"), SAMPLES.resolve("branch/domains.cfg"),
                        "9.1", UserCfgParser.Mode.FAIL).collect(), hostile());
    }

    private static String yaml(ClusterSnapshot s) {
        return DeclaredAccessYaml.write(DeclaredExport.of(s), ExportOrigin.of(7, s));
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void theWrittenFileReadsBackAsTheExportAndDeclaresNoDrift(ClusterSnapshot held) {
        DeclaredAccess exported = DeclaredExport.of(held);
        DeclaredAccess read = DeclaredAccessFile.parse("export.yml", yaml(held).getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(exported);
        assertThat(AccessComparison.of(read, held)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void theExportIsNotEmptyAndAnyChangeIsDrift(ClusterSnapshot held) {
        // the round trip would also hold for an export that dropped everything: it must declare what is held
        DeclaredAccess exported = DeclaredExport.of(held);
        assertThat(exported.users()).isNotEmpty();
        assertThat(exported.acl()).hasSize(held.acl().size());
        DeclaredAccess fewer = new DeclaredAccess(exported.users().subList(1, exported.users().size()),
                exported.groups(), exported.roles(), exported.acl().subList(1, exported.acl().size()),
                exported.tokens(), List.of());
        assertThat(AccessComparison.of(fewer, held)).extracting(Drift::kind)
                .containsExactly(Drift.Kind.UNDECLARED_ACL, Drift.Kind.UNDECLARED_USER);
    }

    @Test
    void rootUserBuiltInRolesAndSecretsAreLeftOutTheRestSorted() {
        DeclaredAccess d = DeclaredExport.of(hostile());
        assertThat(d.users()).extracting(DeclaredUser::id).containsExactly("!yes@pve", HOSTILE_USER, "null@pve");
        assertThat(d.users().get(1)).isEqualTo(new DeclaredUser(HOSTILE_USER, false, 1893456000L));
        assertThat(d.roles()).extracting(DeclaredRole::id).containsExactly(HOSTILE_ROLE, "true");
        assertThat(d.groups()).extracting(DeclaredGroup::id).containsExactly("empty", "ops-1");
        assertThat(d.groups().get(1).members()).containsExactly(HOSTILE_USER, "null@pve", Principal.ROOT);
        assertThat(d.tokens()).containsExactly(new DeclaredToken(HOSTILE_USER + "!ci-1", 0, false),
                new DeclaredToken("root@pam!backup", 1861833600L, true));
        assertThat(d.acl()).extracting(AccessComparison::aclKey).containsExactly(
                "/ " + HOSTILE_USER + "!ci-1 true", "/ @ops-1 PVEAdmin", "/storage/local root@pam PVEAdmin",
                "/vms/100 " + HOSTILE_USER + " " + HOSTILE_ROLE);
        assertThat(d.allow()).isEmpty();
    }

    @Test
    void theFileQuotesEveryNameKeepsEachOnOneLineAndSaysWhereItCameFrom() {
        String text = yaml(hostile());
        assertThat(text).startsWith("# Declared access exported by pve-audit from cluster 'evil?# users: []', "
                + "audit run 7 (read 1970-01-01T00:00:00Z).\n# It is what the cluster held then");
        assertThat(text).contains("\n  - id: \"null@pve\"\n    enabled: true\n    expire: 0\n")
                .contains("    principal: \"@ops-1\"\n")
                .contains("  - id: \"true\"\n    privileges: [\"0\"]\n")
                .contains("role: \"&ops: \\\"#1\\\"\\n- !x\\N\\u2028\\t\\x01 true\"\n")
                .contains("  - id: \"*o'b\\\"r#i!e&n\\\\x\\xe9\\u202e\\U0001f600@pve\"\n")
                .contains("\nallow: []\n");
        assertThat(text).doesNotContain("secret").matches("[\\x20-\\x7e\n]*");
        // every line is a comment, a key or a list item: no name broke out onto a line of its own
        assertThat(text.lines()).allMatch(l -> l.matches("(# .*|[a-z]+: \\[]|[a-z]+:|  - [a-z]+: .*|    [a-z]+: .*)"));
    }

    @Test
    void aDatasetTheRunCouldNotReadIsNamedInTheHeader() {
        ClusterSnapshot gap = Snapshots.from(lab()).gap(new CoverageGap(Dataset.TOKENS, "403", "no Sys.Audit"))
                .build();
        assertThat(ExportOrigin.of(3, gap).notRead()).isEqualTo(Set.of(Dataset.TOKENS));
        assertThat(yaml(gap)).contains("# Not readable in that run, so exported empty: tokens.\n");
        assertThat(yaml(lab())).doesNotContain("Not readable");
    }

    @Test
    void theWriterIsDeterministic() {
        ClusterSnapshot held = hostile();
        ClusterSnapshot shuffled = Snapshots.from(held).users(reversed(held.users())).acl(reversed(held.acl()))
                .collectedAt(Instant.EPOCH).build();
        assertThat(yaml(shuffled)).isEqualTo(yaml(held));
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
