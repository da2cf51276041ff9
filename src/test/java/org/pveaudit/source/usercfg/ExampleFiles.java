package org.pveaudit.source.usercfg;

/** The example files of reference 3.4 and 3.6. */
public final class ExampleFiles {

    private ExampleFiles() {
    }

    public static final String USER_CFG = """
            user:alice@pve:1:0:Alice:Example:alice@example.com:Team lead::
            token:alice@pve!monitoring:1767225600:1:Grafana%3A read only:
            user:bob@ldap-corp:1:1735689600:Bob:Builder:bob@example.com::x:
            user:carol@pam:0:0:Carol::carol@example.com:left the company::
            user:root@pam:1:0:::admin@example.com:::
            token:root@pam!backup:0:0:legacy backup job:
            user:svc-audit@pve:1:0::::audit service account::
            token:svc-audit@pve!scan:0:1::

            group:admins:alice@pve:Full administrators:
            group:auditors:svc-audit@pve::
            group:vm-operators:bob@ldap-corp,carol@pam:Operators%3A day shift:

            pool:dev:Development:100,101:local-lvm:
            pool:dev/frontend::110::

            role:VM_PowerOnly:VM.Audit,VM.Console,VM.PowerMgmt:

            acl:1:/:@admins:Administrator:
            acl:1:/:@auditors,svc-audit@pve!scan:PVEAuditor:
            acl:0:/nodes:@vm-operators:PVEAuditor:
            acl:1:/pool/dev:@vm-operators:PVEVMUser:
            acl:1:/vms/100:bob@ldap-corp:VM_PowerOnly:
            acl:1:/vms/101:bob@ldap-corp:NoAccess:
            """;

    public static final String DOMAINS_CFG = """
            pam: pam
            \tcomment Linux PAM standard authentication

            pve: pve
            \tcomment Proxmox VE authentication server
            \tdefault 1
            \ttfa type=oath,digits=6,step=30

            ldap: ldap-corp
            \tcomment Corporate LDAP
            \tbase_dn dc=example,dc=com
            \tserver1 ldap1.example.com
            \tuser_attr uid
            \tcase-sensitive 1
            \tmode ldaps
            \tverify 1

            openid: sso
            \tclient-id pve
            \tissuer-url https://sso.example.com/realms/main
            \tautocreate 1
            \tusername-claim username
            """;
}
