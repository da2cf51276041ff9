package org.pveaudit.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pveaudit.model.ApiToken;
import org.pveaudit.model.Principal;

/** A principal of the full matrix and how its privileges are obtained. */
record MatrixPrincipal(String id, boolean token, Rule rule) {

    /** Every user (root@pam included) sorted by byte order, each followed by its tokens sorted by token id. */
    static List<MatrixPrincipal> inMatrixOrder(Collection<String> users, List<ApiToken> tokens) {
        List<String> userIds = new ArrayList<>(users);
        if (!users.contains(Principal.ROOT)) {
            userIds.add(Principal.ROOT);
        }
        userIds.sort(PrivilegeBits::compareBytes);
        Map<String, List<ApiToken>> byOwner = new HashMap<>();
        tokens.forEach(t -> byOwner.computeIfAbsent(t.owner(), k -> new ArrayList<>()).add(t));
        List<MatrixPrincipal> out = new ArrayList<>();
        for (String u : userIds) {
            boolean root = u.equals(Principal.ROOT);
            out.add(new MatrixPrincipal(u, false, root ? Rule.ROOT : Rule.OWN_ACL));
            List<ApiToken> own = new ArrayList<>(byOwner.getOrDefault(u, List.of()));
            own.sort((a, b) -> PrivilegeBits.compareBytes(a.name(), b.name()));
            for (ApiToken t : own) {
                MatrixPrincipal.Rule rule = !t.privsep() ? Rule.OWNER
                        : root ? Rule.OWN_ACL : Rule.INTERSECT;
                out.add(new MatrixPrincipal(t.id(), true, rule));
            }
        }
        return out;
    }

    /** Which part of reference 2.4 decides the principal's privileges. */
    enum Rule {
        /** root@pam: everything everywhere. */
        ROOT,
        /** A user, or a privilege-separated token of root@pam: its own ACL entries. */
        OWN_ACL,
        /** A privilege-separated token: its own entries intersected with the owner's privileges. */
        INTERSECT,
        /** A token without privilege separation: exactly the owner's privileges. */
        OWNER,
        /** Not a known principal: nothing. */
        UNKNOWN
    }
}
