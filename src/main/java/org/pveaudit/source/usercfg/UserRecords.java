package org.pveaudit.source.usercfg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.pveaudit.model.ApiToken;
import org.pveaudit.model.LegacyKeys;
import org.pveaudit.model.Principal;
import org.pveaudit.model.User;

/** The {@code user:} and {@code token:} lines of user.cfg (reference 3.2): users by id, each with its tokens. */
final class UserRecords {

    private static final Pattern USER_ID = Pattern.compile("[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+");
    static final Pattern TOKEN_ID =
            Pattern.compile("([^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+)!([A-Za-z][A-Za-z0-9.\\-_]+)");

    private final LineReport report;
    private final Map<String, UserLine> users = new LinkedHashMap<>();
    private final Map<String, Map<String, ApiToken>> tokensByUser = new HashMap<>();

    UserRecords(LineReport report) {
        this.report = report;
        // userconfig_force_defaults runs before the first line: root@pam exists from the start
        users.put(Principal.ROOT, UserLine.implicitRoot());
    }

    /** Valid Proxmox user id ({@code verify_username}): 3 to 64 bytes, {@code name@realm}. */
    static boolean validUserId(String bytes) {
        return bytes.length() >= 3 && bytes.length() <= 64 && USER_ID.matcher(bytes).matches();
    }

    boolean exists(String userId) {
        return users.containsKey(userId);
    }

    /** True when the token was defined on an earlier line, after the last line of its owner. */
    boolean tokenExists(String owner, String tokenId) {
        Map<String, ApiToken> tokens = tokensByUser.get(owner);
        return validUserId(owner) && users.containsKey(owner) && tokens != null && tokens.containsKey(tokenId);
    }

    void user(RecordFields f) {
        String id = f.get(1);
        if (!validUserId(id)) {
            report.malformed("field 'userid' of user '" + PerlText.shown(id) + "': not a valid user id (name@realm)");
            return;
        }
        Long expire = f.expire(3, "user", id, report);
        if (expire == null) {
            return;
        }
        UserLine u = new UserLine(id, PerlText.truthy(f.get(2)), expire,
                f.text(4), f.text(5), f.has(6) ? PerlText.utf8(f.get(6)) : null,
                f.text(7), LegacyKeys.classify(PerlText.truthy(f.get(8)) ? f.get(8) : ""), false);
        // a later line for the same user replaces it, and with it the tokens defined so far
        users.put(id, u);
        tokensByUser.remove(id);
    }

    void token(RecordFields f) {
        String id = f.get(1);
        var m = TOKEN_ID.matcher(id);
        if (!m.matches()) {
            report.malformed("field 'tokenid' of token '" + PerlText.shown(id)
                    + "': not a valid token id (user@realm!tokenid)");
            return;
        }
        boolean privsep = PerlText.truthy(f.get(3));
        Long expire = f.expire(2, "token", id, report);
        if (expire == null) {
            return;
        }
        String owner = m.group(1);
        if (!users.containsKey(owner)) {
            report.warn("token '" + PerlText.shown(id) + "' ignored: user '" + PerlText.shown(owner)
                    + "' is not defined on an earlier line");
            return;
        }
        Map<String, ApiToken> tokens = tokensByUser.computeIfAbsent(owner, k -> new LinkedHashMap<>());
        ApiToken old = tokens.get(id);
        String comment = f.text(4);
        if (comment == null && old != null) {
            comment = old.comment();
        }
        tokens.put(id, new ApiToken(PerlText.utf8(id), expire, privsep, comment));
    }

    /** The users in file order, with the groups naming them (byte-string ids as keys). */
    List<User> users(Map<String, List<String>> groupsOfUser) {
        List<User> out = new ArrayList<>();
        users.forEach((id, u) -> out.add(new User(PerlText.utf8(id), u.enabled, u.expire, u.firstname, u.lastname,
                u.email, u.comment, u.keys, groupsOfUser.getOrDefault(id, List.of()), null, false, 0)));
        return out;
    }

    /** The tokens, owner by owner in file order. */
    List<ApiToken> tokens() {
        List<ApiToken> out = new ArrayList<>();
        users.keySet().forEach(id -> out.addAll(tokensByUser.getOrDefault(id, Map.of()).values()));
        return out;
    }

    /** A parsed user line (byte-string id, decoded texts). */
    private record UserLine(String id, boolean enabled, long expire, String firstname, String lastname,
                            String email, String comment, LegacyKeys keys, boolean implicit) {
        static UserLine implicitRoot() {
            return new UserLine(Principal.ROOT, true, 0, null, null, null, null, LegacyKeys.NONE, true);
        }
    }
}
