package org.pveaudit.model;

/** The kinds of access data a cluster source reads; rules declare which they require. */
public enum Dataset {
    USERS, TOKENS, GROUPS, ROLES, ACL, REALMS, TFA, POOLS, VERSION, CLUSTER,
    /** How the snapshot was collected: transport and the audit credential's own privileges (api sources only). */
    SOURCE,
    /** The decisions of the latest access review campaign covering the cluster: from the history, not Proxmox. */
    REVIEWS;

    /** The lower-case name used in rule files and reports. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
