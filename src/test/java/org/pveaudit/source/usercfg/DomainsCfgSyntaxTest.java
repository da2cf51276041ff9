package org.pveaudit.source.usercfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.Realm;

/**
 * The section-config syntax of domains.cfg (reference 3.6): a {@code type: id} header, indented
 * {@code key value} lines, a blank line ending the section; what does not fit is warned and skipped.
 */
class DomainsCfgSyntaxTest {

    private final List<ParseWarning> warnings = new ArrayList<>();

    private List<Realm> parse(String text) {
        return new DomainsCfgParser().parse("domains.cfg", text, warnings);
    }

    private List<String> warningTexts() {
        return warnings.stream().map(ParseWarning::toString).toList();
    }

    @Test
    void realmsComeInFileOrderWithPamAndPveAddedWhenAbsent() {
        List<Realm> realms = parse("openid: sso\n\tclient-id x\n\nad: corp\n\tdomain example.com\n");
        assertThat(realms).extracting(Realm::id).containsExactly("sso", "corp", "pam", "pve");
        assertThat(realms).extracting(Realm::type).containsExactly("openid", "ad", "pam", "pve");
        assertThat(warnings).isEmpty();
    }

    @Test
    void headerTypesAreCaseInsensitiveAndPamAndPveKeepTheirOwnType() {
        List<Realm> realms = parse("LDAP: corp\n\tserver1 x\n\nldap: pam\n\tcomment hijacked\n\nad: pve\n");
        assertThat(realms).extracting(Realm::id, Realm::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("corp", "ldap"),
                org.assertj.core.groups.Tuple.tuple("pam", "pam"),
                org.assertj.core.groups.Tuple.tuple("pve", "pve"));
        assertThat(realms.get(1).comment()).isEqualTo("hijacked");
    }

    @Test
    void commentLinesAreSkippedAndABlankLineEndsTheSection() {
        List<Realm> realms = parse("# realms\nldap: corp\n# inside\n\tserver1 a\n\n\tserver2 b\n");
        assertThat(realms.get(0).options()).containsOnlyKeys("server1");
        // the indented line after the blank line is no header; the tab is shown escaped in the one-line message
        assertThat(warningTexts()).containsExactly("domains.cfg:6: ignore config line: \\x09server2 b");
    }

    @Test
    void aKeyWithoutValueIsEmptyAndTrailingBlanksAreDropped() {
        Realm r = parse("ldap: corp\n\tsecure\n\tbase_dn  dc=x, dc=y  \n").get(0);
        assertThat(r.options()).containsEntry("secure", "").containsEntry("base_dn", "dc=x, dc=y");
    }

    @Test
    void anUnindentedLineInsideASectionIsIgnoredWithAWarning() {
        Realm r = parse("ldap: corp\nserver1 x\n\tserver2 y\n").get(0);
        assertThat(r.options()).containsOnlyKeys("server2");
        assertThat(warningTexts()).containsExactly("domains.cfg:2: ignore config line: server1 x");
    }

    @Test
    void badHeadersSkipTheirWholeSection() {
        List<Realm> realms = parse("radius: r1\n\tserver x\n\nldap: 1bad\n\tserver y\n\nnot a header\n\tserver z\n");
        assertThat(realms).extracting(Realm::id).containsExactly("pam", "pve");
        assertThat(warningTexts()).containsExactly("domains.cfg:1: section 'r1' ignored: unknown type 'radius'",
                "domains.cfg:4: section '1bad' ignored: invalid realm id",
                "domains.cfg:7: ignore config line: not a header");
    }

    @Test
    void commentsArePercentDecodedAndDefaultOnlyForPamAndPve() {
        List<Realm> realms = parse("pam: pam\n\tcomment \n\npve: pve\n\tcomment Z%C3%BCrich%3A PVE\n\n"
                + "ldap: corp\n\tcomment Zürich\n\nad: ad1\n");
        assertThat(realms).extracting(Realm::comment).containsExactly("Linux PAM standard authentication",
                "Zürich: PVE", "Zürich", null);
        assertThat(realms.get(2).options()).doesNotContainKey("comment");
    }

    @Test
    void theDefaultMarkerIsTakenOutOfTheOptionsAndHeldByOneRealmAtMost() {
        List<Realm> realms = parse("pam: pam\n\tdefault 0\n\npve: pve\n\tdefault 1\n\nldap: corp\n\tdefault 1\n");
        assertThat(realms).extracting(Realm::defaultRealm).containsExactly(false, true, false);
        assertThat(realms).allSatisfy(r -> assertThat(r.options()).doesNotContainKey("default"));
    }

    @Test
    void secretsAreRedactedWhereverTheyAppear() {
        Realm r = parse("ldap: corp\n\tpassword hunter2\n\tcertkey /etc/key.pem\n\ttfa type=yubico, key=abc ,id=1\n")
                .get(0);
        assertThat(r.options()).containsEntry("password", Realm.REDACTED).containsEntry("certkey", Realm.REDACTED)
                .containsEntry("tfa", "type=yubico,key=" + Realm.REDACTED + ",id=1");
        assertThat(r.tfa()).isEqualTo("yubico");
        Realm none = parse("pve: pve\n").get(0);
        assertThat(none.tfa()).isNull();
        assertThat(none.options()).isEmpty();
    }
}
