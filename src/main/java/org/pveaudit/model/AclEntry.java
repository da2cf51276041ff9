package org.pveaudit.model;

/** One ACL entry: a role granted to a principal at a path, optionally propagating to the paths below. */
public record AclEntry(String path, Principal principal, String role, boolean propagate) {

    public AclEntry {
        path = AclPath.normalize(path);
        if (principal == null || role == null || role.isEmpty()) {
            throw new IllegalArgumentException("ACL entry needs a principal and a role");
        }
    }
}
