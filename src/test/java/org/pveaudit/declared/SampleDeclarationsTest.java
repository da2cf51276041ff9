package org.pveaudit.declared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.declared.Drift.Kind;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

/** The sample declarations against the sample clusters: exactly the drift written into them, nothing else. */
class SampleDeclarationsTest {

    private static final Path SAMPLES = Path.of("sample-data");

    private static ClusterSnapshot branch() {
        return new UserCfgSource("branch", SAMPLES.resolve("branch/user.cfg"), SAMPLES.resolve("branch/domains.cfg"),
                "9.1", UserCfgParser.Mode.FAIL).collect();
    }

    private static DeclaredAccess branchDeclared() {
        return DeclaredAccessFile.read(SAMPLES.resolve("declared/branch-declared-access.yml"));
    }

    @Test
    void labAgainstItsTerraformState() {
        ClusterSnapshot lab = new SnapshotFolderSource("lab", SAMPLES.resolve("lab"), null).collect();
        DeclaredAccess declared = TerraformState.read(SAMPLES.resolve("declared/lab-terraform.json"));
        assertThat(AccessComparison.of(declared, lab)).containsExactly(
                new Drift(Kind.UNDECLARED_ACL, "/vms/102 guest@pve PVEVMUser", "absent", "propagate"),
                new Drift(Kind.MISSING_ACL, "/pool/course @teachers PVEPoolUser", "propagate", "absent"),
                new Drift(Kind.TOKEN_DIFFERS, "svc-deploy@pve!gitlab", "expire 1893456000, privsep 1",
                        "expire 1861833600, privsep 1"));
    }

    @Test
    void branchAgainstItsDeclaredAccess() {
        assertThat(AccessComparison.of(branchDeclared(), branch())).containsExactly(
                new Drift(Kind.UNDECLARED_ACL, "/ ghost.admin@pve Administrator", "absent", "propagate"),
                new Drift(Kind.UNDECLARED_ACL, "/ jdoe@corp-ad PVEAdmin", "absent", "propagate"),
                new Drift(Kind.MISSING_ACL, "/vms/130 contractor.x@pve!deploy PVEVMAdmin", "propagate", "absent"),
                new Drift(Kind.ACL_DIFFERS, "/vms/110 r.patel@corp-ad PVEVMUser", "propagate", "no propagate"),
                new Drift(Kind.MISSING_USER, "n.larsen@corp-ad", "enabled, expire 0", "absent"),
                new Drift(Kind.USER_DIFFERS, "s.wong@corp-ad", "enabled, expire 0", "disabled, expire 0"),
                new Drift(Kind.UNDECLARED_TOKEN, "jdoe@corp-ad!legacy", "absent", "expire 1845936000, privsep 0"),
                new Drift(Kind.ROLE_DIFFERS, "Monitoring", "Datastore.Audit,SDN.Audit,Sys.Audit,VM.Audit",
                        "Datastore.Audit,SDN.Audit,Sys.Audit,VM.Audit,VM.GuestAgent.Audit"),
                new Drift(Kind.GROUP_MEMBERS_DIFFER, "branch-ops", "jdoe@corp-ad,k.schmidt@corp-ad,s.wong@corp-ad",
                        "jdoe@corp-ad,k.schmidt@corp-ad,left.user@pve,s.wong@corp-ad"));
    }

    @Test
    void branchAllowPatternIsWhatKeepsTheCheckTokenDeclared() {
        DeclaredAccess d = branchDeclared();
        DeclaredAccess withoutPatterns = new DeclaredAccess(d.users(), d.groups(), d.roles(), d.acl(), d.tokens(),
                List.of());
        assertThat(AccessComparison.of(withoutPatterns, branch()))
                .contains(new Drift(Kind.UNDECLARED_ACL, "/ svc-monitor@pve!checkmk PVEAuditor", "absent", "propagate"));
    }
}
