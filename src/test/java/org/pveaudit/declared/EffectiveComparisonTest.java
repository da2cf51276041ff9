package org.pveaudit.declared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.access.AccessModel;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.source.usercfg.UserCfgParser;

/**
 * What each declared principal can do on the cluster against what the declaration lets it do, worked out by the
 * engine on both sides: more is drift even where every row matches by name; less, or the same through other rows,
 * is not.
 */
class EffectiveComparisonTest {

    private static ClusterSnapshot cluster(String userCfg) {
        return new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9), UserCfgParser.Mode.FAIL)
                .parse("user.cfg", userCfg)
                .toSnapshot(new ClusterIdentity("test", "9.1", List.of()), List.of(), Instant.EPOCH);
    }

    private static DeclaredAccess declared(String yaml) {
        return DeclaredAccessFile.parse("declared-access.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Drift> compare(String yaml, String userCfg) {
        ClusterSnapshot held = cluster(userCfg);
        return EffectiveComparison.of(declared(yaml), held, AccessModel.of(held)::privilegedPaths);
    }

    @Test
    void aRoleThatGainedAPrivilegeGrantsMoreThanDeclaredThoughEveryRowMatches() {
        List<Drift> drift = compare("""
                users: [{id: alice@pve}]
                roles: [{id: Operator, privileges: [VM.Audit]}]
                acl:   [{path: /vms/100, principal: alice@pve, role: Operator, propagate: false}]
                """, """
                user:alice@pve:1:0::::::
                role:Operator:VM.Audit,VM.PowerMgmt:
                acl:0:/vms/100:alice@pve:Operator:
                """);
        assertThat(drift).containsExactly(new Drift(Drift.Kind.PRIVILEGES_BEYOND, "alice@pve",
                "/vms/100: VM.Audit", "/vms/100: VM.PowerMgmt"));
    }

    @Test
    void holdingLessOrTheSameThroughOtherRowsIsNotBeyond() {
        // declared through a group, held directly; the declaration also grants more than is held
        assertThat(compare("""
                users:  [{id: alice@pve}]
                groups: [{id: ops, members: [alice@pve]}]
                acl:
                  - {path: /vms, principal: "@ops", role: PVEVMAdmin}
                """, """
                user:alice@pve:1:0::::::
                acl:1:/vms:alice@pve:PVEVMUser:
                """)).isEmpty();
    }

    @Test
    void aTokenWithoutPrivilegeSeparationHoldsItsOwnersPrivileges() {
        List<Drift> drift = compare("""
                users:  [{id: alice@pve}]
                tokens: [{id: "alice@pve!ci", privsep: true}]
                acl:    [{path: /vms, principal: alice@pve, role: PVEAuditor}]
                """, """
                user:alice@pve:1:0::::::
                token:alice@pve!ci:0:0::
                acl:1:/vms:alice@pve:PVEAuditor:
                """);
        assertThat(drift).extracting(Drift::subject).containsExactly("alice@pve!ci");
        assertThat(drift.get(0).declared()).startsWith("/vms: nothing");
        assertThat(drift.get(0).held()).startsWith("/vms: ").contains("VM.Audit");
    }

    @Test
    void anEntryAnAllowPatternCoversIsPartOfTheDeclaration() {
        assertThat(compare("""
                users:  [{id: svc-mon@pve}]
                tokens: [{id: "svc-mon@pve!ro", privsep: true}]
                allow:  [{principal: "svc-mon@pve*", role: PVEAuditor, path: /}]
                """, """
                user:svc-mon@pve:1:0::::::
                token:svc-mon@pve!ro:0:1::
                acl:1:/:svc-mon@pve:PVEAuditor:
                acl:1:/:svc-mon@pve!ro:PVEAuditor:
                """)).isEmpty();
    }

    @Test
    void onlyDeclaredPrincipalsAreComparedAndTheFirstPathsAreNamed() {
        List<Drift> drift = compare("""
                users: [{id: alice@pve}]
                """, """
                user:alice@pve:1:0::::::
                user:mallory@pve:1:0::::::
                acl:1:/:alice@pve:PVEAuditor:
                acl:1:/:mallory@pve:Administrator:
                """);
        // mallory is not declared at all: the row comparison reports her, not this one
        assertThat(drift).extracting(Drift::subject).containsExactly("alice@pve");
        String held = drift.get(0).held();
        assertThat(held.split("; ")).hasSize(EffectiveComparison.PATHS_SHOWN + 1);
        assertThat(held).startsWith("/: ").matches(".*; \\d+ more paths$");
    }
}
