package org.pveaudit.model;

/** The kinds of access data a cluster source reads; rules declare which they require. */
public enum Dataset {
    USERS, TOKENS, GROUPS, ROLES, ACL, REALMS, TFA, POOLS, VERSION, CLUSTER,
    /** How the snapshot was collected: transport and the audit credential's own privileges (api sources only). */
    SOURCE,
    /** The decisions of the latest access review campaign covering the cluster: from the history, not Proxmox. */
    REVIEWS,
    /** The access declared for the cluster (its desired state: declared-access.yml or Terraform): from the configuration. */
    DECLARED,
    /** The run's other clusters, for linking one person's accounts across them: complete only when every cluster was read. */
    PEOPLE;

    /** The lower-case name used in rule files and reports. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
