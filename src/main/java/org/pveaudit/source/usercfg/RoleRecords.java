package org.pveaudit.source.usercfg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.Role;
import org.pveaudit.source.usercfg.PerlText.ListItem;

/** The {@code role:} lines of user.cfg (reference 3.4), on top of the release's built-in roles. */
final class RoleRecords {

    private final LineReport report;
    private final PrivilegeCatalog catalog;
    private final Map<String, Set<String>> roles = new LinkedHashMap<>();
    private final Set<String> builtIn = new LinkedHashSet<>();

    RoleRecords(LineReport report, PrivilegeCatalog catalog) {
        this.report = report;
        this.catalog = catalog;
        catalog.builtInRoles().forEach((name, privs) -> {
            roles.put(name, new TreeSet<>(privs));
            builtIn.add(name);
        });
    }

    boolean exists(String roleId) {
        return roles.containsKey(roleId);
    }

    void role(RecordFields f) {
        String id = f.get(1);
        if (!GroupRecords.NAME.matcher(id).matches()) {
            report.malformed("field 'roleid' of role '" + PerlText.shown(id) + "': invalid characters in role name");
            return;
        }
        if (!PerlText.truthy(id)) {
            report.falseName("role");
            return;
        }
        // a line naming a built-in role adds to it, as the Perl hash is shared (reference 1.5)
        Set<String> privs = roles.computeIfAbsent(id, k -> new TreeSet<>());
        for (ListItem item : report.list(f.get(2), "field 'privileges' of role '" + PerlText.shown(id) + "'")) {
            String p = item.text();
            if (catalog.isPrivilege(p)) {
                privs.add(p);
            } else {
                report.warn("field 'privileges' of role '" + PerlText.shown(id) + "': unknown privilege '"
                        + PerlText.shown(p) + "' dropped (" + catalog.release().label() + ")");
            }
        }
    }

    /** The roles, built-in ones first, then in file order. */
    List<Role> roles() {
        List<Role> out = new ArrayList<>();
        roles.forEach((id, privs) -> out.add(new Role(id, new TreeSet<>(privs), builtIn.contains(id))));
        return out;
    }
}
