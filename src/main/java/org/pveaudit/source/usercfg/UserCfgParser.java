package org.pveaudit.source.usercfg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pveaudit.model.Group;
import org.pveaudit.model.PrivilegeCatalog;

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
        return UserRecords.validUserId(bytes);
    }

    /** The state of one parse; Proxmox builds its config hash the same way, line by line. */
    private final class Run {
        private final String text;
        private final LineReport report;
        private final UserRecords users;
        private final GroupRecords groups;
        private final RoleRecords roles;
        private final AclRecords acl;
        private final PoolRecords pools;

        Run(String file, String text) {
            this.text = text;
            report = new LineReport(file, mode);
            users = new UserRecords(report);
            groups = new GroupRecords(report, users);
            roles = new RoleRecords(report, catalog);
            acl = new AclRecords(report, users, groups, roles);
            pools = new PoolRecords(report);
        }

        UserCfg parse() {
            int pos = 0;
            int n = text.length();
            int lineNo = 0;
            while (pos <= n) {
                int nl = text.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                report.line(++lineNo);
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
            RecordFields f = new RecordFields(PerlText.fields(line));
            String type = f.get(0);
            switch (type) {
                case "user" -> users.user(f);
                case "token" -> users.token(f);
                case "group" -> groups.group(f);
                case "role" -> roles.role(f);
                case "acl" -> acl.acl(f);
                case "pool" -> pools.pool(f);
                default -> report.warn("unknown record type '" + PerlText.shown(type) + "', line ignored");
            }
        }

        private UserCfg result() {
            Map<String, List<String>> groupsOfUser = new HashMap<>();
            List<Group> groupList = groups.groups(groupsOfUser);
            return new UserCfg(users.users(groupsOfUser), users.tokens(), groupList, roles.roles(), acl.entries(),
                    pools.pools(), report.warnings());
        }
    }
}
