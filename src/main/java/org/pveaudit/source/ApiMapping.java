package org.pveaudit.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.Group;
import org.pveaudit.model.LegacyKeys;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.TfaFactor;
import org.pveaudit.model.User;
import org.pveaudit.model.UserTfa;
import tools.jackson.databind.JsonNode;

/**
 * Maps Proxmox API JSON (reference 4.4) to model records. Tolerant as Proxmox's encoding demands:
 * booleans as {@code 1/0}, {@code true/false} or strings; optional fields absent; lists as
 * comma-joined strings or arrays. Secrets the API hands out are dropped here, before anything stores them.
 */
public final class ApiMapping {

    private ApiMapping() {
    }

    /** The {@code data} member of an API envelope, or the node itself when it is bare pvesh output. */
    public static JsonNode unwrap(JsonNode node) {
        if (node != null && node.isObject() && node.has("data")) {
            Set<String> envelopeKeys = Set.of("data", "total", "changes", "message", "errors", "success");
            boolean envelope = true;
            for (String name : node.propertyNames()) {
                envelope &= envelopeKeys.contains(name);
            }
            if (envelope) {
                return node.get("data");
            }
        }
        return node;
    }

    public static List<User> users(JsonNode list, List<ApiToken> tokensOut) {
        return mapItems(list, u -> {
            String id = require(u, "userid");
            User user = new User(id, bool(u, "enable", true), number(u, "expire"), text(u, "firstname"),
                    text(u, "lastname"), text(u, "email"), text(u, "comment"),
                    LegacyKeys.classify(text(u, "keys")), stringList(u.get("groups"), "groups"), text(u, "realm-type"),
                    bool(u, "totp-locked", false), number(u, "tfa-locked-until"));
            JsonNode tokens = u.get("tokens");
            try {
                if (tokens != null && tokens.isArray()) {
                    tokensOut.addAll(mapItems(tokens, t -> token(id + "!" + require(t, "tokenid"), t)));
                } else if (tokens != null && tokens.isObject()) {
                    for (Map.Entry<String, JsonNode> t : tokens.properties()) {
                        try {
                            tokensOut.add(token(id + "!" + t.getKey(), t.getValue()));
                        } catch (MappingException e) {
                            throw e.within(t.getKey());
                        }
                    }
                } else if (tokens != null && !tokens.isNull()) {
                    throw new MappingException("", "must be a list, not " + kind(tokens));
                }
            } catch (MappingException e) {
                throw e.within("tokens");
            }
            return user;
        });
    }

    private static ApiToken token(String id, JsonNode t) {
        // The API creates tokens with privsep 1; a missing field there means the default.
        return new ApiToken(id, number(t, "expire"), bool(t, "privsep", true), text(t, "comment"));
    }

    public static List<AclEntry> acl(JsonNode list) {
        return mapItems(list, a -> {
            String type = require(a, "type");
            String ugid = require(a, "ugid");
            Principal principal = switch (type) {
                case "user" -> Principal.user(ugid);
                case "group" -> Principal.group(ugid);
                case "token" -> Principal.token(ugid);
                default -> throw new MappingException("/type", "must be user, group or token, not '" + type + "'");
            };
            return new AclEntry(require(a, "path"), principal, require(a, "roleid"), bool(a, "propagate", true));
        });
    }

    public static List<Role> roles(JsonNode list) {
        return mapItems(list, r -> new Role(require(r, "roleid"), new TreeSet<>(stringList(r.get("privs"), "privs")),
                bool(r, "special", false)));
    }

    public static List<Group> groups(JsonNode list) {
        return mapItems(list, g -> new Group(require(g, "groupid"),
                stringList(g.has("users") ? g.get("users") : g.get("members"), g.has("users") ? "users" : "members"), text(g, "comment")));
    }

    /** Realms from the list and, where present, each realm's detail object (options). */
    public static List<Realm> realms(JsonNode list, Map<String, JsonNode> details) {
        return mapItems(list, r -> {
            String id = require(r, "realm");
            JsonNode detail = details.get(id);
            Map<String, String> options = new LinkedHashMap<>();
            // the list's tfa property may carry a Yubico key: only its type is kept
            String tfa = Realm.tfaType(text(r, "tfa"));
            if (detail != null && detail.isObject()) {
                for (Map.Entry<String, JsonNode> e : detail.properties()) {
                    String key = e.getKey();
                    if (key.equals("digest") || key.equals("type")) {
                        continue;
                    }
                    String value = e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString();
                    if (key.equals("tfa")) {
                        tfa = Realm.tfaType(value);
                        value = Realm.redactTfa(value);
                    } else if (Realm.SECRET_OPTIONS.contains(key)) {
                        value = Realm.REDACTED;
                    }
                    options.put(key, value);
                }
            }
            return new Realm(id, require(r, "type"), bool(r, "default", false), text(r, "comment"), tfa, options);
        });
    }

    public static List<UserTfa> tfa(JsonNode list) {
        return mapItems(list, u -> {
            List<TfaFactor> factors;
            try {
                factors = mapItems(u.get("entries"), e -> new TfaFactor(text(e, "type"), text(e, "id"),
                        text(e, "description"), number(e, "created"), bool(e, "enable", true)));
            } catch (MappingException e) {
                throw e.within("entries");
            }
            return new UserTfa(require(u, "userid"), factors, bool(u, "totp-locked", false),
                    number(u, "tfa-locked-until"));
        });
    }

    /** A pool from {@code GET /pools?poolid=X} (an array with one item, or the item itself). */
    public static Pool pool(String poolId, String comment, JsonNode detail) {
        JsonNode item = detail != null && detail.isArray() && !detail.isEmpty() ? detail.get(0) : detail;
        List<String> vms = new ArrayList<>();
        List<String> storages = new ArrayList<>();
        String poolComment = comment;
        if (item != null && item.isObject()) {
            if (text(item, "comment") != null) {
                poolComment = text(item, "comment");
            }
            List<JsonNode> members = items(item.get("members"));
            for (int i = 0; i < members.size(); i++) {
                JsonNode m = members.get(i);
                try {
                    String type = text(m, "type");
                    if ("storage".equals(type)) {
                        String sid = text(m, "storage");
                        if (sid != null && !storages.contains(sid)) {
                            storages.add(sid);
                        }
                    } else if (m.has("vmid")) {
                        vms.add(vmid(m));
                    }
                } catch (MappingException e) {
                    MappingException inMembers = e.within(String.valueOf(i)).within("members");
                    throw item == detail ? inMembers : inMembers.within("0");
                }
            }
        }
        return new Pool(poolId, poolComment, vms, storages);
    }

    /** The node names of {@code GET /cluster/status}. */
    public static List<String> nodes(JsonNode status) {
        return mapItems(status, item -> "node".equals(text(item, "type")) ? text(item, "name") : null).stream()
                .filter(java.util.Objects::nonNull).toList();
    }

    /** A member's VM id as Proxmox keys it: decimal text of any length, never a 32-bit int (reference 2.8). */
    private static String vmid(JsonNode member) {
        JsonNode v = member.get("vmid");
        String s = v == null || v.isNull() ? "" : v.isIntegralNumber() && !v.isFloatingPointNumber()
                ? v.bigIntegerValue().toString() : v.isString() ? v.asString().strip() : "";
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MappingException("/vmid", "must be a VM id (digits), not " + (v == null ? "missing" : shown(v)));
        }
        return Pool.vmidOf(s);
    }

    // --- field access: tolerant of Proxmox's encodings, strict about types ----------------------

    /** Maps each item of a JSON list; a bad item is reported with its position (a JSON pointer). */
    static <T> List<T> mapItems(JsonNode list, Function<JsonNode, T> mapping) {
        if (list != null && !list.isNull() && !list.isArray()) {
            throw new MappingException("", "must be a list, not " + kind(list));
        }
        List<T> out = new ArrayList<>();
        List<JsonNode> items = items(list);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            try {
                if (!item.isObject()) {
                    throw new MappingException("", "must be an object, not " + kind(item));
                }
                out.add(mapping.apply(item));
            } catch (MappingException e) {
                throw e.within(String.valueOf(i));
            } catch (IllegalArgumentException e) {
                // a model record refused the value (a malformed path, principal or id)
                throw new MappingException("", e.getMessage()).within(String.valueOf(i));
            }
        }
        return out;
    }

    static List<JsonNode> items(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(list::add);
        }
        return list;
    }

    /** A text field; numbers and booleans are taken as their text, a list or object is refused. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new MappingException("/" + escape(field), "must be a text, not " + kind(v));
        }
        return v.asString();
    }

    static String require(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            throw new MappingException("", "missing field '" + field + "'");
        }
        return v;
    }

    /**
     * A boolean as Proxmox's schema accepts it: {@code true/false}, {@code 1/0} or the texts
     * {@code 1 0 true false yes no on off} (any case); anything else is out of range.
     */
    public static boolean bool(JsonNode node, String field, boolean absent) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong() && (v.asLong() == 0 || v.asLong() == 1)) {
            return v.asLong() == 1;
        }
        if (v.isString()) {
            switch (v.asString().strip().toLowerCase(java.util.Locale.ROOT)) {
                case "1", "true", "yes", "on" -> {
                    return true;
                }
                case "0", "false", "no", "off", "" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw new MappingException("/" + escape(field), "must be 0 or 1, not " + shown(v));
    }

    /** A non-negative integer (an epoch time, an id); absent or empty is 0. */
    public static long number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        String problem = "must be a non-negative integer, not " + shown(v);
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong() || v.asLong() < 0) {
                throw new MappingException("/" + escape(field), problem);
            }
            return v.asLong();
        }
        if (!v.isString()) {
            throw new MappingException("/" + escape(field), problem);
        }
        String s = v.asString().strip();
        if (s.isEmpty()) {
            return 0;
        }
        if (!s.chars().allMatch(c -> c >= '0' && c <= '9') || s.length() > 18) {
            throw new MappingException("/" + escape(field), problem);
        }
        return Long.parseLong(s);
    }

    /** A list as an array of texts or one text joined with {@code , ; } or blanks. */
    static List<String> stringList(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode n = node.get(i);
                if (!n.isValueNode() || n.isNull()) {
                    throw new MappingException("/" + escape(field) + "/" + i, "must be a text, not " + kind(n));
                }
                out.add(n.asString());
            }
            return out;
        }
        if (!node.isValueNode()) {
            throw new MappingException("/" + escape(field), "must be a list or a text, not " + kind(node));
        }
        for (String s : node.asString().split("[,;\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** What a JSON value is, in words, for messages. */
    static String kind(JsonNode v) {
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isNull()) {
            return "null";
        }
        return v.isString() ? "a text" : v.isBoolean() ? "a boolean" : "a number";
    }

    /** A value for a message: scalars shown (shortened), containers named. */
    private static String shown(JsonNode v) {
        if (!v.isValueNode()) {
            return kind(v);
        }
        String s = v.isString() ? "'" + v.asString() + "'" : v.asString();
        s = s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }
}
