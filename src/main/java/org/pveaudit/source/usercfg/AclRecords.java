package org.pveaudit.source.usercfg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pveaudit.model.AclEntry;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.Principal;
import org.pveaudit.source.usercfg.PerlText.ListItem;

/**
 * The {@code acl:} lines of user.cfg (reference 3.5): unknown roles and tokens are dropped, unknown
 * users and groups kept, and a later line for the same path, principal and role replaces the earlier.
 */
final class AclRecords {

    private final LineReport report;
    private final UserRecords users;
    private final GroupRecords groups;
    private final RoleRecords roles;
    private final Map<AclKey, AclEntry> acl = new LinkedHashMap<>();

    AclRecords(LineReport report, UserRecords users, GroupRecords groups, RoleRecords roles) {
        this.report = report;
        this.users = users;
        this.groups = groups;
        this.roles = roles;
    }

    void acl(RecordFields f) {
        boolean propagate = PerlText.truthy(f.get(1));
        String rawPath = f.get(2);
        String normalized = PerlText.truthy(rawPath) ? AclPath.tryNormalize(rawPath) : null;
        if (normalized == null) {
            report.malformed("field 'path' of acl: invalid path '" + PerlText.shown(rawPath) + "'");
            return;
        }
        // the entries land on the tree node, which has no "0" segments (they are false in Perl)
        String path = AclPath.treeNode(normalized);
        List<ListItem> principals = report.list(f.get(3),
                "field 'principals' of acl on '" + PerlText.shown(path) + "'");
        String rolesField = "field 'roles' of acl on '" + PerlText.shown(path) + "'";
        for (ListItem item : report.list(f.get(4), rolesField)) {
            String role = item.text();
            if (!GroupRecords.NAME.matcher(role).matches()) {
                report.badItem(item, rolesField + ": invalid role name '" + PerlText.shown(role) + "'");
                continue;
            }
            if (!PerlText.truthy(role)) {
                report.warn(rolesField + ": role name '0' ignored (false in Perl)");
                continue;
            }
            if (!roles.exists(role)) {
                report.warn(rolesField + ": unknown role '" + PerlText.shown(role)
                        + "' dropped (roles must be defined on an earlier line)");
                continue;
            }
            for (ListItem who : principals) {
                Principal p = principal(who, path);
                if (p != null) {
                    AclKey key = new AclKey(path, p, role);
                    // same principal, role and path again: the later propagate flag wins
                    acl.remove(key);
                    acl.put(key, new AclEntry(path, p, role, propagate));
                }
            }
        }
    }

    private Principal principal(ListItem item, String path) {
        String who = item.text();
        String field = "field 'principals' of acl on '" + PerlText.shown(path) + "'";
        if (who.equals("@0")) {
            report.warn(field + ": group name '0' ignored (false in Perl)");
            return null;
        }
        if (who.length() > 1 && who.charAt(0) == '@' && GroupRecords.NAME.matcher(who.substring(1)).matches()) {
            String g = who.substring(1);
            if (!groups.exists(g)) {
                report.warn(field + ": group '" + PerlText.shown(g) + "' does not exist (entry kept)");
            }
            return Principal.group(g);
        }
        if (UserRecords.validUserId(who)) {
            if (!users.exists(who)) {
                report.warn(field + ": user '" + PerlText.shown(who) + "' does not exist (entry kept)");
            }
            return Principal.user(PerlText.utf8(who));
        }
        var m = UserRecords.TOKEN_ID.matcher(who);
        if (m.matches()) {
            if (users.tokenExists(m.group(1), who)) {
                return Principal.token(PerlText.utf8(who));
            }
            report.warn(field + ": token '" + PerlText.shown(who) + "' is not defined on an earlier line, entry dropped");
            return null;
        }
        report.badItem(item, field + ": invalid user, group or token '" + PerlText.shown(who) + "'");
        return null;
    }

    /** The entries in the order Proxmox keeps them. */
    List<AclEntry> entries() {
        return List.copyOf(acl.values());
    }

    /** Identity of an ACL entry in Proxmox's tree: path, principal and role. */
    private record AclKey(String path, Principal principal, String role) {
    }
}
