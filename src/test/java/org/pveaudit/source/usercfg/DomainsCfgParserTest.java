package org.pveaudit.source.usercfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.Realm;

/** domains.cfg facts of reference 3.6. */
class DomainsCfgParserTest {

    private static Map<String, Realm> parse(String text) {
        return new DomainsCfgParser().parse("domains.cfg", text).stream()
                .collect(Collectors.toMap(Realm::id, Function.identity()));
    }

    @Test
    void referenceExample() {
        Map<String, Realm> r = parse(ExampleFiles.DOMAINS_CFG);
        assertThat(r).containsOnlyKeys("pam", "pve", "ldap-corp", "sso");
        assertThat(r.get("pve").defaultRealm()).isTrue();
        assertThat(r.get("pve").tfa()).isEqualTo("oath");
        assertThat(r.get("ldap-corp").type()).isEqualTo("ldap");
        assertThat(r.get("ldap-corp").comment()).isEqualTo("Corporate LDAP");
        assertThat(r.get("ldap-corp").options()).containsEntry("mode", "ldaps").containsEntry("verify", "1")
                .containsEntry("base_dn", "dc=example,dc=com");
        assertThat(r.get("sso").type()).isEqualTo("openid");
        assertThat(r.get("sso").options()).containsEntry("autocreate", "1");
        assertThat(r.get("sso").tfa()).isNull();
    }

    @Test
    void pamAndPveAlwaysPresent() {
        Map<String, Realm> r = parse("");
        assertThat(r).containsOnlyKeys("pam", "pve");
        assertThat(r.get("pam").comment()).isEqualTo("Linux PAM standard authentication");
        assertThat(r.get("pve").comment()).isEqualTo("Proxmox VE authentication server");
    }

    @Test
    void secretsAreRedactedButTheirPresenceKept() {
        Map<String, Realm> r = parse("""
                pve: pve
                \ttfa type=yubico,id=42,key=s3cret,url=https://api.example.com

                openid: sso
                \tclient-id pve
                \tclient-key topsecret
                \tissuer-url https://sso.example.com
                \tcomment SSO%3A main
                """);
        assertThat(r.get("pve").tfa()).isEqualTo("yubico");
        assertThat(r.get("pve").options().get("tfa")).isEqualTo("type=yubico,id=42,key=" + Realm.REDACTED
                + ",url=https://api.example.com");
        assertThat(r.get("sso").options()).containsEntry("client-key", Realm.REDACTED);
        assertThat(r.get("sso").comment()).isEqualTo("SSO: main");
        assertThat(r.toString()).doesNotContain("s3cret", "topsecret");
    }

    @Test
    void onlyOneDefaultAndBadSectionsWarned() {
        List<ParseWarning> w = new ArrayList<>();
        List<Realm> realms = new DomainsCfgParser().parse("domains.cfg",
                "ldap: a1\n\tdefault 1\n\tserver1 x\n\nad: a2\n\tdefault 1\n\nfoo: bar\n\tx 1\n", w);
        assertThat(realms.stream().filter(Realm::defaultRealm).map(Realm::id)).containsExactly("a1");
        assertThat(w).extracting(ParseWarning::line).containsExactly(8);
    }
}
