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
                    LegacyKeys.classify(text(u, "keys")), stringList(u.get("groups")), text(u, "realm-type"),
                    bool(u, "totp-locked", false), number(u, "tfa-locked-until"));
            JsonNode tokens = u.get("tokens");
            if (tokens != null && tokens.isArray()) {
                for (JsonNode t : tokens) {
                    tokensOut.add(token(id + "!" + text(t, "tokenid"), t));
                }
            } else if (tokens != null && tokens.isObject()) {
                for (Map.Entry<String, JsonNode> t : tokens.properties()) {
                    tokensOut.add(token(id + "!" + t.getKey(), t.getValue()));
                }
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
                default -> throw new IllegalArgumentException("ACL entry with unknown type '" + type + "'");
            };
            return new AclEntry(require(a, "path"), principal, require(a, "roleid"), bool(a, "propagate", true));
        });
    }

    public static List<Role> roles(JsonNode list) {
        return mapItems(list, r -> new Role(require(r, "roleid"), new TreeSet<>(stringList(r.get("privs"))),
                bool(r, "special", false)));
    }

    public static List<Group> groups(JsonNode list) {
        return mapItems(list, g -> new Group(require(g, "groupid"),
                stringList(g.has("users") ? g.get("users") : g.get("members")), text(g, "comment")));
    }

    /** Realms from the list and, where present, each realm's detail object (options). */
    public static List<Realm> realms(JsonNode list, Map<String, JsonNode> details) {
        return mapItems(list, r -> {
            String id = require(r, "realm");
            JsonNode detail = details.get(id);
            Map<String, String> options = new LinkedHashMap<>();
            String tfa = text(r, "tfa");
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
            List<TfaFactor> factors = new ArrayList<>();
            for (JsonNode e : items(u.get("entries"))) {
                factors.add(new TfaFactor(text(e, "type"), text(e, "id"), text(e, "description"),
                        number(e, "created"), bool(e, "enable", true)));
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
            for (JsonNode m : items(item.get("members"))) {
                String type = text(m, "type");
                if ("storage".equals(type)) {
                    String sid = text(m, "storage");
                    if (sid != null && !storages.contains(sid)) {
                        storages.add(sid);
                    }
                } else if (m.has("vmid")) {
                    vms.add(vmid(m));
                }
            }
        }
        return new Pool(poolId, poolComment, vms, storages);
    }

    /** A member's VM id as Proxmox keys it: decimal text of any length, never a 32-bit int (reference 3.2). */
    private static String vmid(JsonNode member) {
        JsonNode v = member.get("vmid");
        String s = v == null || v.isNull() ? "" : v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.asString().strip();
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("field 'vmid' is not a VM id ('" + s + "')");
        }
        return Pool.vmidOf(s);
    }

    // --- tolerant field access -------------------------------------------------------------

    /** Maps each item of a JSON list; a bad item is reported with its 1-based position. */
    static <T> List<T> mapItems(JsonNode list, Function<JsonNode, T> mapping) {
        List<T> out = new ArrayList<>();
        List<JsonNode> items = items(list);
        for (int i = 0; i < items.size(); i++) {
            try {
                out.add(mapping.apply(items.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("item " + (i + 1) + ": " + e.getMessage(), e);
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

    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    static String require(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    public static boolean bool(JsonNode node, String field, boolean absent) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.asInt() != 0;
        }
        String s = v.asString().strip();
        if (s.isEmpty()) {
            return false;
        }
        return !(s.equals("0") || s.equalsIgnoreCase("false"));
    }

    public static long number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        String s = v.asString().strip();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' is not a number ('" + s + "')");
        }
    }

    static List<String> stringList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asString()));
            return out;
        }
        for (String s : node.asString().split("[,;\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
