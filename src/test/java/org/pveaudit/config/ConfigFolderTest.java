package org.pveaudit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link ConfigFolder}: file names in recorded text, relative to the configuration's folder. */
class ConfigFolderTest {

    private final ConfigFolder folder = ConfigFolder.of(Path.of("/etc/pve-audit/./pve-audit.yml"));

    @Test
    void pathsInsideTheFolderBecomeRelative() {
        assertThat(folder.dir()).isEqualTo(Path.of("/etc/pve-audit"));
        assertThat(folder.relative("/etc/pve-audit/branch/user.cfg:26: field 'members' of group 'ops'"))
                .isEqualTo("branch/user.cfg:26: field 'members' of group 'ops'");
        assertThat(folder.relative("realms not read from '/etc/pve-audit/branch/domains.cfg' (no such file)"))
                .isEqualTo("realms not read from 'branch/domains.cfg' (no such file)");
        assertThat(folder.relative("waiver /etc/pve-audit/waivers.yml:3:5 and /etc/pve-audit/x/y.json"))
                .isEqualTo("waiver waivers.yml:3:5 and x/y.json");
    }

    @Test
    void pathsOutsideTheFolderAndLookAlikesStayAsTheyAre() {
        assertThat(folder.relative("/srv/snapshots/prod/access/acl.json:1:4: not valid JSON"))
                .isEqualTo("/srv/snapshots/prod/access/acl.json:1:4: not valid JSON");
        assertThat(folder.relative("/etc/pve-audit-old/user.cfg")).isEqualTo("/etc/pve-audit-old/user.cfg");
        assertThat(folder.relative("/srv/etc/pve-audit/user.cfg")).isEqualTo("/srv/etc/pve-audit/user.cfg");
        assertThat(folder.relative("https://mirror/etc/pve-audit/x")).isEqualTo("https://mirror/etc/pve-audit/x");
        assertThat(folder.relative(null)).isNull();
        // a configuration at the root would turn every absolute path relative: left alone
        assertThat(ConfigFolder.of(Path.of("/pve-audit.yml")).relative("/etc/x")).isEqualTo("/etc/x");
    }

    @Test
    void aRelativeConfigurationPathIsResolvedAgainstTheWorkingDirectoryFirst() {
        ConfigFolder here = ConfigFolder.of(Path.of("pve-audit.yml"));
        assertThat(here.dir()).isEqualTo(Path.of("").toAbsolutePath());
        assertThat(here.relative(Path.of("lab/access/tfa.json").toAbsolutePath() + ": file not readable"))
                .isEqualTo("lab/access/tfa.json: file not readable");
    }
}
