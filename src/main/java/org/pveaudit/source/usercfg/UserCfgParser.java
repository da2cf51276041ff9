package org.pveaudit.source.usercfg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.pveaudit.model.AclEntry;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.Group;
import org.pveaudit.model.LegacyKeys;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Principal;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;
import org.pveaudit.source.usercfg.PerlText.ListItem;

/**
 * Reads {@code /etc/pve/user.cfg} the way {@code PVE::AccessControl::parse_user_config} does
 * (reference 3.1 to 3.5): record order matters, unknown roles and tokens are dropped from ACLs,
 * unknown users and groups are kept, built-in roles and {@code root@pam} are always present.
 *
 * <p>The text is handled as bytes (one char per byte) because Proxmox parses the raw file: lengths
 * are byte lengths and {@code \s} is ASCII whitespace, except in lists, which {@code split_list} also
 * cuts at the bytes 0x85 and 0xA0 ({@link PerlText#splitList}). Identifiers are turned back into UTF-8
 * text at the end; free-text fields are percent-decoded.
 *
 * <p>Names that are false in Perl ({@code 0}) are skipped as Proxmox skips them; like the pieces of a
 * name cut apart by list splitting, they are warnings even in {@link Mode#FAIL}, because Proxmox's own
 * API writes such files.
 */
public final class UserCfgParser {

    /** What to do with a malformed line of a known record type. */
    public enum Mode {
        /** Throw a {@link UserCfgException} with a one-line message. */
        FAIL,
        /** Skip it with a warning, exactly as Proxmox does. */
        WARN
    }

    private static final Pattern USER_ID = Pattern.compile("[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+");
    private static final Pattern TOKEN_ID =
            Pattern.compile("([^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+)!([A-Za-z][A-Za-z0-9.\\-_]+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.\\-_]+");
    private static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9.\\-_]+(?:/[A-Za-z0-9.\\-_]+){0,2}");
    private static final Pattern STORAGE_ID = Pattern.compile("[a-z][a-z0-9\\-_.]*[a-z0-9]", Pattern.CASE_INSENSITIVE);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final PrivilegeCatalog catalog;
    private final Mode mode;

    public UserCfgParser(PrivilegeCatalog catalog, Mode mode) {
        this.catalog = catalog;
        this.mode = mode;
    }

    /** A strict parser: malformed lines fail. */
    public UserCfgParser(PrivilegeCatalog catalog) {
        this(catalog, Mode.FAIL);
    }

    public UserCfg parse(Path file) throws IOException {
        return parse(file.getFileName().toString(),
                org.pveaudit.input.InputFiles.read(file, org.pveaudit.input.InputLimits.MAX_DOCUMENT_BYTES));
    }

    public UserCfg parse(String fileName, String text) {
        return parse(fileName, text.getBytes(StandardCharsets.UTF_8));
    }

    public UserCfg parse(String fileName, byte[] content) {
        return new Run(fileName, new String(content, StandardCharsets.ISO_8859_1)).parse();
    }

    /** Valid Proxmox user id ({@code verify_username}): 3 to 64 bytes, {@code name@realm}. */
    static boolean validUserId(String bytes) {
        return bytes.length() >= 3 && bytes.length() <= 64 && USER_ID.matcher(bytes).matches();
    }

    /** The state of one parse; Proxmox builds its config hash the same way, line by line. */
    private final class Run {
        private final String file;
        private final String text;
        private final List<ParseWarning> warnings = new ArrayList<>();
        private final Map<String, UserLine> users = new LinkedHashMap<>();
        private final Map<String, Map<String, ApiToken>> tokensByUser = new HashMap<>();
        private final Map<String, GroupLine> groups = new LinkedHashMap<>();
        private final Map<String, Set<String>> roles = new LinkedHashMap<>();
        private final Set<String> builtIn = new LinkedHashSet<>();
        private final Map<AclKey, AclEntry> acl = new LinkedHashMap<>();
        private final Map<String, PoolLine> pools = new LinkedHashMap<>();
        private final Map<String, String> vmPool = new HashMap<>();
        private int lineNo;

        Run(String file, String text) {
            this.file = file;
            this.text = text;
            catalog.builtInRoles().forEach((name, privs) -> {
                roles.put(name, new TreeSet<>(privs));
                builtIn.add(name);
            });
            // userconfig_force_defaults runs before the first line: root@pam exists from the start
            users.put(Principal.ROOT, UserLine.implicitRoot());
        }

        UserCfg parse() {
            int pos = 0;
            int n = text.length();
            lineNo = 0;
            while (pos <= n) {
                int nl = text.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                lineNo++;
                String line = PerlText.trim(text.substring(pos, end));
                if (!line.isEmpty()) {
                    record(line);
                }
                if (nl < 0) {
                    break;
                }
                pos = nl + 1;
            }
            return result();
        }

        private void record(String line) {
            List<String> f = PerlText.fields(line);
            String type = f.get(0);
            switch (type) {
                case "user" -> user(f);
                case "token" -> token(f);
                case "group" -> group(f);
                case "role" -> role(f);
                case "acl" -> acl(f);
                case "pool" -> pool(f);
                default -> warn("unknown record type '" + PerlText.shown(type) + "', line ignored");
            }
        }

        private String f(List<String> fields, int i) {
            return i < fields.size() ? fields.get(i) : "";
        }

        private void user(List<String> f) {
            String id = f(f, 1);
            if (!validUserId(id)) {
                malformed("field 'userid' of user '" + PerlText.shown(id) + "': not a valid user id (name@realm)");
                return;
            }
            Long expire = expire(f(f, 3), "user", id);
            if (expire == null) {
                return;
            }
            UserLine u = new UserLine(id, PerlText.truthy(f(f, 2)), expire,
                    textField(f(f, 4)), textField(f(f, 5)), f.size() > 6 ? PerlText.utf8(f(f, 6)) : null,
                    textField(f(f, 7)), LegacyKeys.classify(PerlText.truthy(f(f, 8)) ? f(f, 8) : ""), false);
            // a later line for the same user replaces it, and with it the tokens defined so far
            users.put(id, u);
            tokensByUser.remove(id);
        }

        private Long expire(String raw, String kind, String id) {
            if (!PerlText.truthy(raw)) {
                return 0L;
            }
            if (!DIGITS.matcher(raw).matches()) {
                malformed("field 'expire' of " + kind + " '" + PerlText.shown(id) + "': not a number ('"
                        + PerlText.shown(raw) + "')");
                return null;
            }
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }

        private String textField(String raw) {
            return PerlText.truthy(raw) ? PerlText.decodeText(raw) : null;
        }

        private void token(List<String> f) {
            String id = f(f, 1);
            var m = TOKEN_ID.matcher(id);
            if (!m.matches()) {
                malformed("field 'tokenid' of token '" + PerlText.shown(id)
                        + "': not a valid token id (user@realm!tokenid)");
                return;
            }
            boolean privsep = PerlText.truthy(f(f, 3));
            Long expire = expire(f(f, 2), "token", id);
            if (expire == null) {
                return;
            }
            String owner = m.group(1);
            if (!users.containsKey(owner)) {
                warn("token '" + PerlText.shown(id) + "' ignored: user '" + PerlText.shown(owner)
                        + "' is not defined on an earlier line");
                return;
            }
            Map<String, ApiToken> tokens = tokensByUser.computeIfAbsent(owner, k -> new LinkedHashMap<>());
            ApiToken old = tokens.get(id);
            String comment = textField(f(f, 4));
            if (comment == null && old != null) {
                comment = old.comment();
            }
            tokens.put(id, new ApiToken(PerlText.utf8(id), expire, privsep, comment));
        }

        private void group(List<String> f) {
            String id = f(f, 1);
            if (!NAME.matcher(id).matches()) {
                malformed("field 'groupid' of group '" + PerlText.shown(id) + "': invalid characters in group name");
                return;
            }
            if (!PerlText.truthy(id)) {
                falseName("group");
                return;
            }
            GroupLine g = groups.computeIfAbsent(id, k -> new GroupLine());
            String comment = textField(f(f, 3));
            if (comment != null) {
                g.comment = comment;
            }
            String field = "field 'members' of group '" + PerlText.shown(id) + "'";
            for (ListItem item : list(f(f, 2), field)) {
                String member = item.text();
                if (!validUserId(member)) {
                    badItem(item, field + ": invalid user id '" + PerlText.shown(member) + "'");
                    continue;
                }
                if (!users.containsKey(member)) {
                    warn(field + ": user '" + PerlText.shown(member) + "' does not exist (kept as member)");
                }
                g.members.add(member);
            }
        }

        private void role(List<String> f) {
            String id = f(f, 1);
            if (!NAME.matcher(id).matches()) {
                malformed("field 'roleid' of role '" + PerlText.shown(id) + "': invalid characters in role name");
                return;
            }
            if (!PerlText.truthy(id)) {
                falseName("role");
                return;
            }
            // a line naming a built-in role adds to it, as the Perl hash is shared (reference 1.5)
            Set<String> privs = roles.computeIfAbsent(id, k -> new TreeSet<>());
            for (ListItem item : list(f(f, 2), "field 'privileges' of role '" + PerlText.shown(id) + "'")) {
                String p = item.text();
                if (catalog.isPrivilege(p)) {
                    privs.add(p);
                } else {
                    warn("field 'privileges' of role '" + PerlText.shown(id) + "': unknown privilege '"
                            + PerlText.shown(p) + "' dropped (" + catalog.release().label() + ")");
                }
            }
        }

        private void acl(List<String> f) {
            boolean propagate = PerlText.truthy(f(f, 1));
            String rawPath = f(f, 2);
            String normalized = PerlText.truthy(rawPath) ? AclPath.tryNormalize(rawPath) : null;
            if (normalized == null) {
                malformed("field 'path' of acl: invalid path '" + PerlText.shown(rawPath) + "'");
                return;
            }
            // the entries land on the tree node, which has no "0" segments (they are false in Perl)
            String path = AclPath.treeNode(normalized);
            List<ListItem> principals = list(f(f, 3), "field 'principals' of acl on '" + path + "'");
            String rolesField = "field 'roles' of acl on '" + path + "'";
            for (ListItem item : list(f(f, 4), rolesField)) {
                String role = item.text();
                if (!NAME.matcher(role).matches()) {
                    badItem(item, rolesField + ": invalid role name '" + PerlText.shown(role) + "'");
                    continue;
                }
                if (!PerlText.truthy(role)) {
                    warn(rolesField + ": role name '0' ignored (false in Perl)");
                    continue;
                }
                if (!roles.containsKey(role)) {
                    warn("field 'roles' of acl on '" + path + "': unknown role '" + PerlText.shown(role)
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
            if (who.equals("@0")) {
                warn("field 'principals' of acl on '" + path + "': group name '0' ignored (false in Perl)");
                return null;
            }
            if (who.length() > 1 && who.charAt(0) == '@' && NAME.matcher(who.substring(1)).matches()) {
                String g = who.substring(1);
                if (!groups.containsKey(g)) {
                    warn("field 'principals' of acl on '" + path + "': group '" + PerlText.shown(g)
                            + "' does not exist (entry kept)");
                }
                return Principal.group(g);
            }
            if (validUserId(who)) {
                if (!users.containsKey(who)) {
                    warn("field 'principals' of acl on '" + path + "': user '" + PerlText.shown(who)
                            + "' does not exist (entry kept)");
                }
                return Principal.user(PerlText.utf8(who));
            }
            var m = TOKEN_ID.matcher(who);
            if (m.matches()) {
                String owner = m.group(1);
                Map<String, ApiToken> tokens = tokensByUser.get(owner);
                if (validUserId(owner) && users.containsKey(owner) && tokens != null && tokens.containsKey(who)) {
                    return Principal.token(PerlText.utf8(who));
                }
                warn("field 'principals' of acl on '" + path + "': token '" + PerlText.shown(who)
                        + "' is not defined on an earlier line, entry dropped");
                return null;
            }
            badItem(item, "field 'principals' of acl on '" + path + "': invalid user, group or token '"
                    + PerlText.shown(who) + "'");
            return null;
        }

        private void pool(List<String> f) {
            String id = f(f, 1);
            if (!POOL_ID.matcher(id).matches()) {
                malformed("field 'poolid' of pool '" + PerlText.shown(id)
                        + "': invalid pool name (up to 3 levels of [A-Za-z0-9.-_])");
                return;
            }
            if (!PerlText.truthy(id)) {
                falseName("pool");
                return;
            }
            PoolLine pool = pools.computeIfAbsent(id, k -> new PoolLine());
            // Proxmox creates every parent pool of a nested one (empty if it has no line of its own)
            String curr = id;
            int slash;
            while ((slash = curr.lastIndexOf('/')) > 0) {
                curr = curr.substring(0, slash);
                pools.computeIfAbsent(curr, k -> new PoolLine());
            }
            String comment = textField(f(f, 2));
            if (comment != null) {
                pool.comment = comment;
            }
            String vmsField = "field 'vms' of pool '" + PerlText.shown(id) + "'";
            for (ListItem item : list(f(f, 3), vmsField)) {
                String vm = item.text();
                if (!DIGITS.matcher(vm).matches()) {
                    badItem(item, vmsField + ": invalid VM id '" + PerlText.shown(vm) + "'");
                    continue;
                }
                String vmid = Pool.vmidOf(vm);
                String owner = vmPool.get(vmid);
                if (owner != null) {
                    warn("field 'vms' of pool '" + PerlText.shown(id) + "': VM " + vmid
                            + " is already in pool '" + PerlText.shown(owner) + "', dropped here");
                    continue;
                }
                vmPool.put(vmid, id);
                pool.vms.add(vmid);
            }
            String storagesField = "field 'storages' of pool '" + PerlText.shown(id) + "'";
            for (ListItem item : list(f(f, 4), storagesField)) {
                String st = item.text();
                if (!STORAGE_ID.matcher(st).matches()) {
                    badItem(item, storagesField + ": invalid storage id '" + PerlText.shown(st) + "'");
                    continue;
                }
                pool.storages.add(st);
            }
        }

        /**
         * Splits a list as {@code split_list} does, warning once for every word that a 0x85 or 0xA0 byte
         * cuts apart: Proxmox reads the pieces, not the name that was written.
         */
        private List<ListItem> list(String raw, String field) {
            List<ListItem> items = PerlText.splitListItems(raw);
            String warned = null;
            for (int i = 0; i < items.size(); i++) {
                ListItem item = items.get(i);
                // the pieces of one word share its String instance; two equal words are warned twice
                if (!item.cut() || item.word() == warned) {
                    continue;
                }
                warned = item.word();
                List<String> pieces = new ArrayList<>();
                for (int j = i; j < items.size() && items.get(j).word() == warned; j++) {
                    pieces.add("'" + PerlText.shown(items.get(j).text()) + "'");
                }
                warn(field + ": '" + PerlText.shown(warned) + "' is cut apart at byte 0x85 or 0xA0 (Proxmox splits"
                        + " lists on Unicode whitespace bytes) and read as " + String.join(", ", pieces));
            }
            return items;
        }

        /** A bad list item: malformed, unless Proxmox's own list splitting made it (then it only warns). */
        private void badItem(ListItem item, String message) {
            if (item.cut()) {
                warn(message);
            } else {
                malformed(message);
            }
        }

        /** A role, group or pool line named {@code 0}: Proxmox's check returns the name, which is false. */
        private void falseName(String kind) {
            warn(kind + " '0' ignored: the name 0 is false in Perl, so Proxmox skips the line");
        }

        private void warn(String message) {
            warnings.add(new ParseWarning(file, lineNo, message));
        }

        private void malformed(String message) {
            ParseWarning w = new ParseWarning(file, lineNo, message);
            if (mode == Mode.FAIL) {
                throw new UserCfgException(w);
            }
            warnings.add(w);
        }

        private UserCfg result() {
            Map<String, List<String>> groupsOfUser = new HashMap<>();
            List<Group> groupList = new ArrayList<>();
            groups.forEach((id, g) -> {
                List<String> members = new ArrayList<>();
                for (String m : g.members) {
                    members.add(PerlText.utf8(m));
                    groupsOfUser.computeIfAbsent(m, k -> new ArrayList<>()).add(id);
                }
                groupList.add(new Group(id, members, g.comment));
            });
            List<User> userList = new ArrayList<>();
            List<ApiToken> tokenList = new ArrayList<>();
            users.forEach((id, u) -> {
                userList.add(new User(PerlText.utf8(id), u.enabled, u.expire, u.firstname, u.lastname, u.email,
                        u.comment, u.keys, groupsOfUser.getOrDefault(id, List.of()), null, false, 0));
                tokenList.addAll(tokensByUser.getOrDefault(id, Map.of()).values());
            });
            List<Role> roleList = new ArrayList<>();
            roles.forEach((id, privs) -> roleList.add(new Role(id, new TreeSet<>(privs), builtIn.contains(id))));
            List<Pool> poolList = new ArrayList<>();
            pools.forEach((id, p) -> poolList.add(new Pool(id, p.comment, p.vms, List.copyOf(p.storages))));
            return new UserCfg(userList, tokenList, groupList, roleList, List.copyOf(acl.values()), poolList,
                    warnings);
        }
    }

    /** Identity of an ACL entry in Proxmox's tree: path, principal and role. */
    private record AclKey(String path, Principal principal, String role) {
    }

    /** A parsed user line (byte-string id, decoded texts). */
    private record UserLine(String id, boolean enabled, long expire, String firstname, String lastname,
                            String email, String comment, LegacyKeys keys, boolean implicit) {
        static UserLine implicitRoot() {
            return new UserLine(Principal.ROOT, true, 0, null, null, null, null, LegacyKeys.NONE, true);
        }
    }

    /** A group being accumulated over one or more lines. */
    private static final class GroupLine {
        private final Set<String> members = new LinkedHashSet<>();
        private String comment;
    }

    /** A pool being accumulated over one or more lines. */
    private static final class PoolLine {
        private final List<String> vms = new ArrayList<>();
        private final Set<String> storages = new LinkedHashSet<>();
        private String comment;
    }
}
