package org.pveaudit.source.usercfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;
import org.pveaudit.source.SourceException;

/**
 * A copy of user.cfg (and domains.cfg) as a cluster source: the files do not say which release wrote them,
 * so the configured version picks the built-in roles; what cannot be read is a coverage gap or an error.
 */
class UserCfgSourceTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static UserCfgSource source(Path userCfg, Path domains, String version) {
        return new UserCfgSource("lab", userCfg, domains, version, UserCfgParser.Mode.WARN);
    }

    private static Role role(ClusterSnapshot s, String id) {
        return s.roles().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theConfiguredVersionPicksTheBuiltInRoles() throws IOException {
        Path cfg = write("user.cfg", "user:a@pve:1:\n");
        ClusterSnapshot eight = source(cfg, null, "8.4.1").collect();
        assertThat(role(eight, "Administrator").privileges()).hasSize(42).contains("VM.Monitor");
        assertThat(eight.cluster()).isEqualTo("lab");
        assertThat(eight.warnings()).noneMatch(w -> w.contains("pve-version"));
        ClusterSnapshot nine = source(cfg, null, "9.1").collect();
        assertThat(role(nine, "Administrator").privileges()).hasSize(47);
    }

    @Test
    void withoutAVersion9IsAssumedAndSaid() throws IOException {
        ClusterSnapshot s = source(write("user.cfg", "user:a@pve:1:\n"), null, null).collect();
        assertThat(role(s, "Administrator").privileges()).hasSize(47);
        assertThat(s.warnings()).startsWith("pve-version not configured; assuming 9.x for the built-in roles");
    }

    @Test
    void anUnsupportedVersionIsAnError() throws IOException {
        Path cfg = write("user.cfg", "");
        assertThatThrownBy(() -> source(cfg, null, "7.4").collect()).isInstanceOf(SourceException.class)
                .hasMessage("lab: unsupported Proxmox VE version '7.4' (supported: 8.x, 9.x)");
    }

    @Test
    void aMissingUserCfgIsAnError() {
        Path missing = dir.resolve("nope.cfg");
        assertThatThrownBy(() -> source(missing, null, "9").collect()).isInstanceOf(SourceException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void aMalformedLineInStrictModeIsAnErrorNamingFileAndLine() throws IOException {
        Path cfg = write("user.cfg", "user:a@pve:1:\nuser:b@pve:1:soon:\n");
        assertThatThrownBy(() -> new UserCfgSource("lab", cfg, null, "9", UserCfgParser.Mode.FAIL).collect())
                .isInstanceOf(SourceException.class)
                .hasMessage(cfg + ":2: field 'expire' of user 'b@pve': not a number ('soon')")
                .hasCauseInstanceOf(UserCfgException.class);
        // the same line in warn mode is skipped and said
        ClusterSnapshot s = source(cfg, null, "9").collect();
        assertThat(s.users()).extracting(User::id).containsExactly("root@pam", "a@pve");
        assertThat(s.warnings()).contains(cfg + ":2: field 'expire' of user 'b@pve': not a number ('soon')");
    }

    @Test
    void withoutDomainsCfgRealmsAreAGapAndSecondFactorsAlwaysAre() throws IOException {
        ClusterSnapshot s = source(write("user.cfg", "user:a@pve:1:\n"), null, "9").collect();
        assertThat(s.gaps()).extracting(CoverageGap::dataset).containsExactlyInAnyOrder(Dataset.TFA, Dataset.REALMS);
        assertThat(s.realms()).isEmpty();
        assertThat(s.users()).allMatch(u -> u.realmType() == null);
    }

    @Test
    void domainsCfgFillsRealmsAndEachUsersRealmType() throws IOException {
        Path cfg = write("user.cfg", "user:a@pve:1:\nuser:b@corp:1:\nuser:c@gone:1:\n");
        Path domains = write("domains.cfg", "ldap: corp\n\tbase_dn dc=x\n\tserver1 ldap\n\tuser_attr uid\n\nbogus line\n");
        ClusterSnapshot s = source(cfg, domains, "9").collect();
        assertThat(s.realms()).extracting(Realm::id).containsExactly("corp", "pam", "pve");
        assertThat(s.users()).extracting(User::id, User::realmType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("root@pam", "pam"),
                org.assertj.core.groups.Tuple.tuple("a@pve", "pve"),
                org.assertj.core.groups.Tuple.tuple("b@corp", "ldap"),
                org.assertj.core.groups.Tuple.tuple("c@gone", null));
        assertThat(s.gaps()).extracting(CoverageGap::dataset).containsExactly(Dataset.TFA);
        assertThat(s.warnings()).containsExactly(domains + ":6: ignore config line: bogus line");
    }

    @Test
    void anUnreadableDomainsCfgIsAGapNamingTheFile() throws IOException {
        Path cfg = write("user.cfg", "user:a@pve:1:\n");
        Path missing = dir.resolve("domains.cfg");
        ClusterSnapshot s = source(cfg, missing, "9").collect();
        assertThat(s.gaps()).containsExactlyInAnyOrder(
                new CoverageGap(Dataset.TFA, "user.cfg", "second factors are kept in priv/tfa.cfg, which is not read"),
                new CoverageGap(Dataset.REALMS, missing.toString(), "file not found or not readable"));
        assertThat(s.realms()).isEmpty();
        List<String> none = s.warnings();
        assertThat(none).isEmpty();
    }
}
