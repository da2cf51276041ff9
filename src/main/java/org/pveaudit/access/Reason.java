package org.pveaudit.access;

/** Why an ACL entry decided a permission result or was overridden (reference 2.3 to 2.8). */
public enum Reason {
    /** The entry is on the path itself. */
    EXACT_PATH("entry on the path itself"),
    /** The entry is on an ancestor and propagates. */
    PROPAGATED("inherited from an ancestor (propagate=1)"),
    /** A more specific path has an applicable entry for the principal, which replaces this one. */
    REPLACED_BY_DEEPER_PATH("replaced by an entry on a deeper path"),
    /** User entries at a node beat group entries at that node. */
    USER_OVER_GROUP("a user entry at the same path takes precedence over group entries"),
    /** Token entries at a node beat user and group entries at that node. */
    TOKEN_OVER_USER("a token entry at the same path takes precedence"),
    /** A propagate=0 entry on an ancestor does not reach the path. */
    NOT_PROPAGATED("propagate=0 on an ancestor: applies only to its own path"),
    /** NoAccess in the resolved role set cancels every other role. */
    NO_ACCESS("cancelled by NoAccess"),
    /** A role granted on a pool reaches the pool's VMs and storages (flag 0). */
    POOL_MERGE("role on a pool that contains the path, merged in"),
    /** NoAccess on a pool of the member beats the regular roles. */
    POOL_NO_ACCESS("NoAccess on a pool that contains the path replaces the regular roles"),
    /** A privilege-separated token keeps only what its owner also holds at the path. */
    TOKEN_INTERSECTION("privilege-separated token: limited to its owner's privileges"),
    /** A token without privilege separation has exactly its owner's privileges; its own entries are ignored. */
    PRIVSEP0_OWNER("token without privilege separation: the owner's privileges apply, its own entries are ignored"),
    /** root@pam holds every privilege whatever the ACL says. */
    ROOT("root@pam holds every privilege; ACL entries are ignored"),
    /** Proxmox drops entries whose role does not exist. */
    UNKNOWN_ROLE("the role does not exist: Proxmox drops the entry"),
    /** Entries for tokens that do not exist count for nothing (Proxmox drops them, or keeps them inert when the token vanished later). */
    UNKNOWN_TOKEN("the token does not exist: the entry counts for nothing");

    private final String text;

    Reason(String text) {
        this.text = text;
    }

    /** A short English explanation. */
    public String text() {
        return text;
    }
}
