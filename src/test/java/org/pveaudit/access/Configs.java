package org.pveaudit.access;

import java.time.Instant;
import java.util.List;

import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.source.usercfg.UserCfgParser;

/** The upstream test configurations T1 to T8 (reference 5.2) as user.cfg text, and model builders. */
final class Configs {

    private Configs() {
    }

    static final String T1 = """
            user:joe@pve:1:
            user:max@pve:1:
            user:alex@pve:1:
            user:sue@pve:1:
            user:carol@pam:1:

            group:testgroup1:joe@pve,max@pve,sue@pve:
            group:testgroup2:alex@pve,carol@pam,sue@pve:
            group:testgroup3:max@pve:

            role:storage_manager:Datastore.AllocateSpace,Datastore.Audit:
            role:customer:VM.Audit,VM.PowerMgmt:
            role:vm_admin:VM.Audit,VM.Allocate,Permissions.Modify,VM.Console:

            acl:1:/vms:@testgroup1:vm_admin:
            acl:1:/vms/100/:alex@pve,max@pve:customer:
            acl:1:/storage/nfs1:@testgroup2:storage_manager:
            acl:1:/users:max@pve:Administrator:

            acl:1:/vms/200:@testgroup3:storage_manager:
            acl:1:/vms/200:@testgroup2:NoAccess:

            acl:1:/vms/300:alex@pve:PVEVMAdmin:
            acl:1:/vms/400:alex@pve:Administrator:
            """;

    static final String T2 = """
            user:User1@pve:1:
            user:User2@pve:1:

            group:GroupA:User1@pve:
            group:GroupB:User1@pve:

            role:Role1:VM.PowerMgmt:
            role:Role2:VM.Console:

            acl:1:/vms:@GroupA:Role1:
            acl:1:/vms:@GroupB:Role2:
            """;

    static final String T3 = """
            user:User1@pve:1:
            user:User2@pve:1:

            group:GroupA:User1@pve:
            group:GroupB:User1@pve:

            role:Role1:VM.PowerMgmt:
            role:Role2:VM.Console:

            acl:1:/vms:@GroupA:Role1:
            acl:1:/vms/200:@GroupB:Role2:
            """;

    static final String T4 = """
            user:User1@pve:1:
            user:User2@pve:1:

            group:GroupA:User1@pve,User2@pve:
            group:GroupB:User1@pve,User2@pve:

            role:Role1:VM.PowerMgmt:
            role:Role2:VM.Console:

            acl:1:/vms:@GroupA:Role1:
            acl:1:/vms:User2@pve:NoAccess:
            """;

    static final String T5 = """
            user:User1@pve:1:
            user:User2@pve:1:

            group:GroupA:User1@pve,User2@pve:
            group:GroupB:User1@pve,User2@pve:

            role:Role1:VM.PowerMgmt:
            role:Role2:VM.Console:
            role:Role3:VM.Console:

            acl:1:/vms:User1@pve:Role1:
            acl:1:/vms/100/a/b:User1@pve:Role2:
            acl:0:/kvm:User2@pve:Role2:
            acl:0:/kvm/vms:User2@pve:Role1:
            acl:0:/kvm/vms/100/a:User2@pve:Role3:
            """;

    static final String T6 = """
            user:User1@pve:1:
            user:User2@pve:1:
            user:User3@pve:1:
            user:User4@pve:1:
            user:intern@pve:1:

            group:DEVEL:User1@pve,User2@pve,User3@pve:
            group:MARKETING:User1@pve,User4@pve:
            group:INTERNS:intern@pve:

            role:RoleDEVEL:VM.PowerMgmt:
            role:RoleMARKETING:VM.Console:
            role:RoleINTERN:VM.Audit:
            role:RoleTEST1:VM.Console:

            acl:1:/pool/devel:@DEVEL:RoleDEVEL:
            acl:1:/pool/marketing:@MARKETING:RoleMARKETING:
            acl:1:/pool/marketing/interns:@INTERNS:RoleINTERN:

            acl:1:/vms:@DEVEL:RoleTEST1:
            acl:1:/vms:User3@pve:NoAccess:
            acl:1:/vms/300:@MARKETING:RoleTEST1:

            pool:devel:MITS development:500,501,502:store1 store2:
            pool:marketing:MITS marketing:600:store1:
            pool:marketing/interns:MITS marketing intern:700:store3:
            """;

    static final String T7 = """
            user:User1@pve:1:
            user:User2@pve:1:

            group:GroupA:User1@pve,User2@pve:
            group:GroupB:User1@pve,User2@pve:

            role:Role1:VM.PowerMgmt:

            acl:1:/pool/devel:User1@pve:NoAccess:
            acl:1:/vms:User1@pve:Role1:

            pool:devel:pool devel:100:store1:
            """;

    static final String T8 = """
            user:joe@pve:1:
            user:max@pve:1:
            token:max@pve!token::0:
            token:max@pve!token2::1:
            user:alex@pve:1:
            user:sue@pve:1:
            user:carol@pam:1:
            token:carol@pam!token:

            group:testgroup1:joe@pve,max@pve,sue@pve:
            group:testgroup2:alex@pve,carol@pam,sue@pve:
            group:testgroup3:max@pve:

            role:storage_manager:Datastore.AllocateSpace,Datastore.Audit:
            role:customer:VM.Audit,VM.PowerMgmt:
            role:vm_admin:VM.Audit,VM.Allocate,VM.Console:

            acl:1:/vms:@testgroup1:vm_admin:
            acl:0:/vms/300:max@pve:customer:
            acl:1:/vms/300:max@pve:vm_admin:
            acl:1:/vms/100/:alex@pve,max@pve:customer:
            acl:1:/storage/nfs1:@testgroup2:storage_manager:
            acl:1:/users:max@pve:Administrator:

            acl:1:/vms/200:@testgroup3:storage_manager:
            acl:1:/vms/200:@testgroup2:NoAccess:

            acl:1:/vms/200:carol@pam!token:vm_admin
            acl:1:/vms/200:max@pve!token:storage_manager
            acl:1:/vms/200:max@pve!token2:customer
            acl:1:/vms/300:max@pve!token2:Administrator
            """;

    /** Reference 5.4: api-get-permissions-test. */
    static final String API_PERMISSIONS = """
            user:auditor@pam:1:0::::::
            token:auditor@pam!noprivsep:0:0::
            token:auditor@pam!privsep:0:1::
            user:stranger@pve:1:0::::::
            token:stranger@pve!noprivsep:0:0::
            token:stranger@pve!privsep:0:1::

            role:sys_auditor:Sys.Audit:
            role:vm_lurker:VM.Audit,VM.Console:
            role:vm_manager:VM.PowerMgmt:

            acl:1:/access:auditor@pam:sys_auditor:
            acl:1:/vms:auditor@pam:vm_lurker:
            acl:1:/vms:auditor@pam!privsep:vm_lurker:
            acl:1:/vms:stranger@pve:vm_lurker,vm_manager:
            acl:1:/vms:stranger@pve!privsep:vm_lurker:
            """;

    /**
     * A user.cfg with one role per privilege ({@code R0}, {@code R1}, …) and {@code users} users, user {@code u}
     * holding on {@code /} the roles whose bit is set in {@code u}: that many distinct privilege sets.
     */
    static String distinctPrivilegeSets(List<String> privileges, int users) {
        StringBuilder cfg = new StringBuilder();
        for (int r = 0; r < privileges.size(); r++) {
            cfg.append("role:R").append(r).append(':').append(privileges.get(r)).append(":\n");
        }
        for (int u = 1; u <= users; u++) {
            cfg.append("user:u").append(u).append("@pve:1:0::::::\n");
            List<String> roles = new java.util.ArrayList<>();
            for (int r = 0; r < privileges.size(); r++) {
                if ((u & (1 << r)) != 0) {
                    roles.add("R" + r);
                }
            }
            cfg.append("acl:1:/:u").append(u).append("@pve:").append(String.join(",", roles)).append(":\n");
        }
        return cfg.toString();
    }

    static ClusterSnapshot snapshot(String userCfg) {
        return snapshot(userCfg, PveRelease.PVE9);
    }

    static ClusterSnapshot snapshot(String userCfg, PveRelease release) {
        return new UserCfgParser(PrivilegeCatalog.of(release), UserCfgParser.Mode.WARN)
                .parse("user.cfg", userCfg)
                .toSnapshot(new ClusterIdentity("test", release == PveRelease.PVE8 ? "8.4" : "9.1", List.of()),
                        List.of(), Instant.EPOCH);
    }

    static AccessModel model(String userCfg) {
        return AccessModel.of(snapshot(userCfg));
    }

    static String join(Iterable<String> names) {
        return String.join(",", names);
    }
}
