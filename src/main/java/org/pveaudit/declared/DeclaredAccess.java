package org.pveaudit.declared;

import java.util.List;
import org.pveaudit.model.AclEntry;

/** The access a team declares for one cluster (its desired state), from {@code declared-access.yml} or Terraform. */
public record DeclaredAccess(List<DeclaredUser> users, List<DeclaredGroup> groups, List<DeclaredRole> roles,
                             List<AclEntry> acl, List<DeclaredToken> tokens, List<AllowPattern> allow) {

    public DeclaredAccess {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        roles = List.copyOf(roles);
        acl = List.copyOf(acl);
        tokens = List.copyOf(tokens);
        allow = List.copyOf(allow);
    }
}
