package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.source.usercfg.DomainsCfgParser;
import org.pveaudit.source.usercfg.UserCfgParser;

/** The fields a rule reads about each kind of subject, stated through the subjects a condition selects. */
class SubjectFieldsTest {

    private static final String CLUSTER = """
            user:ops@pve:1:0::::::
            user:off@pve:0:0::::::
            token:ops@pve!ci:0:1::
            token:off@pve!old:0:0::
            token:root@pam!full:0:0::
            group:staff:ops@pve,ghost@pve:
            group:empty:::
            role:Custom:VM.Audit:
            acl:1:/vms:@staff:Custom:
            acl:1:/vms:ops@pve!ci:PVEVMUser:
            acl:1:/:root@pam!full:PVEAuditor:
            acl:1:/storage:nobody@pve:PVEAuditor:
            acl:0:/nodes:off@pve:PVEAuditor:
            """;

    @TempDir
    Path dir;

    private List<String> holds(String subject, String when) throws IOException {
        Path f = dir.resolve("pack.yml");
        Files.writeString(f, "pack: p\nrules:\n  - id: P-S-001\n    title: t\n    severity: low\n    subject: "
                + subject + "\n    when: \"" + when + "\"\n    message: m\n");
        RuleExpressions expressions = new RuleExpressions();
        RulePack pack = new RulePackLoader(expressions).load(f.toString());
        ClusterSnapshot s = new UserCfgParser(PrivilegeCatalog.of(PveRelease.PVE9)).parse("user.cfg", CLUSTER)
                .toSnapshot(new ClusterIdentity("lab", "9.1", List.of("pve1")),
                        new DomainsCfgParser().parse("domains.cfg", "ldap: corp\n\tpassword x\n"), Instant.EPOCH);
        RuleEngine.Evaluation e = new RuleEngine(expressions).evaluate(List.of(pack), new ClusterView(s, 1000),
                RuleSettings.DEFAULTS, List.of(), LocalDate.of(2026, 1, 1));
        assertThat(e.outcomes()).extracting(RuleOutcome::reason).containsOnlyNulls();
        return e.findings().stream().map(Finding::subjectKey).toList();
    }

    @Test
    void aclEntriesKnowWhetherTheirPrincipalAndRoleExist() throws IOException {
        assertThat(holds("acl", "!principalExists")).containsExactly("/storage|nobody@pve|PVEAuditor");
        assertThat(holds("acl", "principalKind == 'token' and principalExists"))
                .containsExactly("/vms|ops@pve!ci|PVEVMUser", "/|root@pam!full|PVEAuditor");
        assertThat(holds("acl", "principalKind == 'group' and principalExists and !roleBuiltIn"))
                .containsExactly("/vms|@staff|Custom");
        assertThat(holds("acl", "!propagate")).containsExactly("/nodes|off@pve|PVEAuditor");
        assertThat(holds("acl", "rolePrivileges == {'VM.Audit'}")).containsExactly("/vms|@staff|Custom");
    }

    @Test
    void tokensKnowTheirOwnersState() throws IOException {
        assertThat(holds("token", "ownerExists and ownerEnabled")).containsExactlyInAnyOrder("ops@pve!ci", "root@pam!full");
        assertThat(holds("token", "!ownerEnabled")).containsExactly("off@pve!old");
        assertThat(holds("token", "latent")).containsExactly("off@pve!old");
        assertThat(holds("token", "hasAcl")).containsExactlyInAnyOrder("ops@pve!ci", "root@pam!full");
        assertThat(holds("token", "owner == 'root@pam' and name == 'full' and !privsep"))
                .containsExactly("root@pam!full");
    }

    @Test
    void principalsAreUsersAndTokensWithTheirEffectivePrivileges() throws IOException {
        assertThat(holds("principal", "kind == 'token' and privsep")).containsExactly("ops@pve!ci");
        assertThat(holds("principal", "root")).containsExactly("root@pam");
        assertThat(holds("principal", "realm == 'pam'")).containsExactly("root@pam", "root@pam!full");
        assertThat(holds("principal", "anyPrivilege and !privileged"))
                .containsExactly("off@pve", "off@pve!old", "ops@pve", "ops@pve!ci");
        assertThat(holds("principal", "latent")).containsExactly("off@pve", "off@pve!old");
    }

    @Test
    void groupsRolesRealmsAndTheCluster() throws IOException {
        assertThat(holds("group", "missingMembers == 1 and membersWithoutAccount == {'ghost@pve'} and aclCount == 1"))
                .containsExactly("staff");
        assertThat(holds("group", "memberCount == 0 and aclCount == 0")).containsExactly("empty");
        assertThat(holds("role", "usedByAcl")).containsExactly("PVEAuditor", "PVEVMUser", "Custom");
        assertThat(holds("realm", "userCount == 2")).containsExactly("pve");
        assertThat(holds("realm", "secretOptions == {'password'}")).containsExactly("corp");
        assertThat(holds("cluster", "userCount == 3 and tokenCount == 3 and aclCount == 5 and release == '9.x'"
                + " and nodes == {'pve1'}")).containsExactly("lab");
    }
}
