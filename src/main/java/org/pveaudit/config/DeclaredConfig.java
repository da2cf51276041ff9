package org.pveaudit.config;

/**
 * Where the access declared for a cluster is read from: a {@code terraform show -json} state or plan of the
 * bpg/proxmox provider, or a {@code declared-access.yml} (docs/declared-access.md). Exactly one is set.
 */
public record DeclaredConfig(String terraformState, String file) {

    DeclaredConfig resolvedAgainst(java.nio.file.Path dir) {
        return new DeclaredConfig(AuditConfig.resolve(dir, terraformState), AuditConfig.resolve(dir, file));
    }
}
