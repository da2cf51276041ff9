package org.pveaudit.model;

/**
 * One ACL entry: a role granted to a principal at a path, optionally propagating to the paths below.
 * The path is the ACL tree node Proxmox files the entry under ({@link AclPath#treeNode}).
 */
public record AclEntry(String path, Principal principal, String role, boolean propagate) {

    public AclEntry {
        path = AclPath.treeNode(AclPath.normalize(path));
        if (principal == null || role == null || role.isEmpty()) {
            throw new IllegalArgumentException("ACL entry needs a principal and a role");
        }
    }
}
