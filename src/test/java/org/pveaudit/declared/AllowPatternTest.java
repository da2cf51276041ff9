package org.pveaudit.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.Principal;

/** The principal glob, the role and the path of an allow-pattern. */
class AllowPatternTest {

    @ParameterizedTest
    @CsvSource({
        "svc-*!*, svc-zbx@pve!ro, true",
        "svc-*!*, svc-zbx@pve, false",
        "svc-*, svc-zbx@pve, true",
        "svc-*, svc-zbx@pve!ro, true",
        "svc-*, xsvc-zbx@pve, false",
        "@ops-*, @ops-eu, true",
        "@ops-*, ops-eu@pve, false",
        "*, anything@pve!tk, true",
        "a*b*c, axxbyyc@pve, false",
        "a*b*c*, axxbyyc@pve, true",
        "*@pve, alice@pve, true",
        "*@pve, alice@pam, false",
        "alice@pve, alice@pve, true",
    })
    void principalGlob(String glob, String principal, boolean matches) {
        AllowPattern p = new AllowPattern(glob, "R", "/");
        assertThat(p.allows(new AclEntry("/vms", Principal.parse(principal), "R", true))).isEqualTo(matches);
    }

    @Test
    void pathCoversItselfAndBelowAfterNormalising() {
        AllowPattern p = new AllowPattern("*", "R", "/pool/mon/");
        assertThat(p.path()).isEqualTo("/pool/mon");
        assertThat(p.allows(new AclEntry("/pool/mon", Principal.user("a@pve"), "R", true))).isTrue();
        assertThat(p.allows(new AclEntry("/pool/mon/x/y", Principal.user("a@pve"), "R", true))).isTrue();
        assertThat(p.allows(new AclEntry("/pool/monx", Principal.user("a@pve"), "R", true))).isFalse();
        assertThat(p.allows(new AclEntry("/pool", Principal.user("a@pve"), "R", true))).isFalse();
        assertThat(p.allows(new AclEntry("/pool/mon", Principal.user("a@pve"), "R2", true))).isFalse();
    }

    @Test
    void aLongPrincipalAgainstManyStarsStaysFast() {
        AllowPattern p = new AllowPattern("*a*a*a*a*a*a*a*a*b", "R", "/");
        String principal = "a".repeat(5000) + "@pve";
        assertThat(p.allows(new AclEntry("/", Principal.user(principal), "R", true))).isFalse();
    }

    @Test
    void needsPrincipalRoleAndValidPath() {
        assertThatThrownBy(() -> new AllowPattern("", "R", "/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AllowPattern("*", "R", "/a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
