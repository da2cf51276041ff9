package org.pveaudit.source.usercfg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.pveaudit.model.Group;
import org.pveaudit.source.usercfg.PerlText.ListItem;

/** The {@code group:} lines of user.cfg (reference 3.3): a group accumulates members over its lines. */
final class GroupRecords {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9.\\-_]+");

    private final LineReport report;
    private final UserRecords users;
    private final Map<String, GroupLine> groups = new LinkedHashMap<>();

    GroupRecords(LineReport report, UserRecords users) {
        this.report = report;
        this.users = users;
    }

    boolean exists(String groupId) {
        return groups.containsKey(groupId);
    }

    void group(RecordFields f) {
        String id = f.get(1);
        if (!NAME.matcher(id).matches()) {
            report.malformed("field 'groupid' of group '" + PerlText.shown(id) + "': invalid characters in group name");
            return;
        }
        if (!PerlText.truthy(id)) {
            report.falseName("group");
            return;
        }
        GroupLine g = groups.computeIfAbsent(id, k -> new GroupLine());
        String comment = f.text(3);
        if (comment != null) {
            g.comment = comment;
        }
        String field = "field 'members' of group '" + PerlText.shown(id) + "'";
        for (ListItem item : report.list(f.get(2), field)) {
            String member = item.text();
            if (!UserRecords.validUserId(member)) {
                report.badItem(item, field + ": invalid user id '" + PerlText.shown(member) + "'");
                continue;
            }
            if (!users.exists(member)) {
                report.warn(field + ": user '" + PerlText.shown(member) + "' does not exist (kept as member)");
            }
            g.members.add(member);
        }
    }

    /** The groups in file order; fills {@code groupsOfUser} (byte-string user id to group ids). */
    List<Group> groups(Map<String, List<String>> groupsOfUser) {
        List<Group> out = new ArrayList<>();
        groups.forEach((id, g) -> {
            List<String> members = new ArrayList<>();
            for (String m : g.members) {
                members.add(PerlText.utf8(m));
                groupsOfUser.computeIfAbsent(m, k -> new ArrayList<>()).add(id);
            }
            out.add(new Group(id, members, g.comment));
        });
        return out;
    }

    /** A group being accumulated over one or more lines. */
    private static final class GroupLine {
        private final Set<String> members = new LinkedHashSet<>();
        private String comment;
    }
}
