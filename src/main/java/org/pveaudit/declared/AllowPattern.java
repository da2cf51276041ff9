package org.pveaudit.declared;

import org.pveaudit.model.AclEntry;
import org.pveaudit.model.AclPath;
import org.pveaudit.input.Glob;

/**
 * ACL entries a team accepts without declaring each one: a principal glob ({@code *} for any run of
 * characters, matched against the user.cfg spelling: {@code svc-*!*}, {@code @ops-*}), a role, and a
 * path that covers itself and every path below it.
 */
public record AllowPattern(String principal, String role, String path) {

    public AllowPattern {
        if (principal == null || principal.isEmpty() || role == null || role.isEmpty()) {
            throw new IllegalArgumentException("an allow pattern needs a principal and a role");
        }
        path = AclPath.normalize(path);
    }

    /** True when the held entry has this role, a principal the glob matches, and a path at or below {@link #path}. */
    public boolean allows(AclEntry entry) {
        return entry.role().equals(role) && below(entry.path()) && globMatches(entry.principal().spelling());
    }

    private boolean below(String entryPath) {
        return path.equals("/") || entryPath.equals(path) || entryPath.startsWith(path + "/");
    }

    /** Wildcard matching without a regex: a principal spelling from a cluster is never run through a pattern engine. */
    private boolean globMatches(String text) {
        return new Glob(principal).matches(text);
    }
}
