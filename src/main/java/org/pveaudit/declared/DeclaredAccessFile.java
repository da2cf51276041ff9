package org.pveaudit.declared;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.pveaudit.failure.Cause;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.Principal;
import org.pveaudit.input.YamlDocument;
import org.pveaudit.input.YamlLocations;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code declared-access.yml}: lists of users, groups, roles, ACL entries, tokens and allow-patterns.
 * Read through {@link YamlDocument} (so {@link org.pveaudit.input.BoundedYaml}'s limits hold), and every
 * mistake (unknown key, wrong type, misspelt principal, repeated id) is one line naming file, line and field.
 */
public final class DeclaredAccessFile {

    private static final Map<String, Set<String>> KEYS = Map.of(
            "users", Set.of("id", "enabled", "expire"),
            "groups", Set.of("id", "members"),
            "roles", Set.of("id", "privileges"),
            "acl", Set.of("path", "principal", "role", "propagate"),
            "tokens", Set.of("id", "expire", "privsep"),
            "allow", Set.of("principal", "role", "path"));

    private DeclaredAccessFile() {
    }

    /** Reads the file at {@code path}, within {@link InputLimits#MAX_YAML_BYTES}. */
    public static DeclaredAccess read(Path path) {
        String file = path.toString();
        try {
            return parse(file, InputFiles.read(path, InputLimits.MAX_YAML_BYTES));
        } catch (InputFileException e) {
            throw new DeclaredAccessException(e.getMessage());
        } catch (IOException e) {
            throw new DeclaredAccessException(file + ": cannot read declared access: " + Cause.of(e));
        }
    }

    /** Parses the bytes of {@code file}; an empty file declares nothing. */
    public static DeclaredAccess parse(String file, byte[] bytes) {
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(file, bytes);
        } catch (InputFileException e) {
            throw new DeclaredAccessException(e.getMessage());
        }
        Reading r = new Reading(file, doc.where());
        JsonNode root = doc.root();
        if (root.isMissingNode() || root.isNull()) {
            return new DeclaredAccess(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
        if (!root.isObject()) {
            throw r.error("", "the file must be a mapping of " + String.join(", ", new TreeSet<>(KEYS.keySet()))
                    + ", not " + kind(root));
        }
        for (String key : root.propertyNames()) {
            if (!KEYS.containsKey(key)) {
                throw r.error("/" + key, "unknown key " + Quoted.of(key) + " (known: "
                        + String.join(", ", new TreeSet<>(KEYS.keySet())) + ")");
            }
        }
        return new DeclaredAccess(
                r.list(root, "users", r::user, u -> "user " + u.id()),
                r.list(root, "groups", r::group, g -> "group " + g.id()),
                r.list(root, "roles", r::role, x -> "role " + x.id()),
                r.list(root, "acl", r::acl, e -> "ACL entry " + AccessComparison.aclKey(e)),
                r.list(root, "tokens", r::token, t -> "token " + t.id()),
                r.list(root, "allow", r::allow,
                        a -> "allow pattern " + a.principal() + " " + a.role() + " " + a.path()));
    }

    /** One file being read: its name and where its values stand. */
    private record Reading(String file, YamlLocations where) {

        /** The items of one section; {@code identity} names what two items must not share (an id, an ACL key). */
        <T> List<T> list(JsonNode root, String section, BiFunction<String, JsonNode, T> item,
                         Function<T, String> identity) {
            JsonNode list = root.get(section);
            List<T> items = new ArrayList<>();
            if (list == null || list.isNull()) {
                return items;
            }
            if (!list.isArray()) {
                throw error("/" + section, "'" + section + "' must be a list, not " + kind(list));
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String pointer = "/" + section + "/" + i;
                JsonNode node = list.get(i);
                if (!node.isObject()) {
                    throw error(pointer, field(pointer) + " must be a mapping, not " + kind(node));
                }
                for (String key : node.propertyNames()) {
                    if (!KEYS.get(section).contains(key)) {
                        throw error(pointer + "/" + key, field(pointer) + ": unknown key " + Quoted.of(key)
                                + " (known: " + String.join(", ", new TreeSet<>(KEYS.get(section))) + ")");
                    }
                }
                T value = item.apply(pointer, node);
                if (!ids.add(identity.apply(value))) {
                    throw error(pointer, field(pointer) + " repeats "
                            + Quoted.plain(identity.apply(value), Quoted.MAX_NAME));
                }
                items.add(value);
            }
            return items;
        }

        DeclaredUser user(String pointer, JsonNode n) {
            return new DeclaredUser(id(pointer, n, PrincipalSpelling.USER), bool(pointer, n, "enabled", true),
                    epoch(pointer, n, "expire"));
        }

        DeclaredGroup group(String pointer, JsonNode n) {
            List<String> members = texts(pointer, n, "members");
            for (int i = 0; i < members.size(); i++) {
                if (!PrincipalSpelling.USER.accepts(members.get(i))) {
                    throw error(pointer + "/members/" + i, field(pointer + "/members/" + i) + ": "
                            + Quoted.of(members.get(i)) + " is not a user id (" + PrincipalSpelling.USER.form() + ")");
                }
            }
            return new DeclaredGroup(id(pointer, n, PrincipalSpelling.GROUP), new TreeSet<>(members));
        }

        DeclaredRole role(String pointer, JsonNode n) {
            return new DeclaredRole(required(pointer, n, "id"), new TreeSet<>(texts(pointer, n, "privileges")));
        }

        AclEntry acl(String pointer, JsonNode n) {
            String path = path(pointer, n);
            String spelling = required(pointer, n, "principal");
            Principal principal = PrincipalSpelling.principal(spelling);
            if (principal == null) {
                throw error(pointer + "/principal", field(pointer + "/principal") + ": " + Quoted.of(spelling)
                        + " is not a principal (user@realm, @group or user@realm!token)");
            }
            return new AclEntry(path, principal, required(pointer, n, "role"), bool(pointer, n, "propagate", true));
        }

        DeclaredToken token(String pointer, JsonNode n) {
            return new DeclaredToken(id(pointer, n, PrincipalSpelling.TOKEN), epoch(pointer, n, "expire"),
                    bool(pointer, n, "privsep", true));
        }

        AllowPattern allow(String pointer, JsonNode n) {
            return new AllowPattern(required(pointer, n, "principal"), required(pointer, n, "role"), path(pointer, n));
        }

        private String id(String pointer, JsonNode n, PrincipalSpelling spelling) {
            String id = required(pointer, n, "id");
            if (!spelling.accepts(id)) {
                throw error(pointer + "/id", field(pointer + "/id") + ": " + Quoted.of(id) + " is not "
                        + spelling.form());
            }
            return id;
        }

        private String path(String pointer, JsonNode n) {
            String path = required(pointer, n, "path");
            String normalized = AclPath.tryNormalize(path);
            if (normalized == null) {
                throw error(pointer + "/path", field(pointer + "/path") + ": " + Quoted.of(path)
                        + " is not an ACL path (letters, digits, '.', '-', '_' and '/')");
            }
            return normalized;
        }

        private String required(String pointer, JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) {
                throw error(pointer, field(pointer) + " needs '" + key + "'");
            }
            if (!v.isString() && !v.isNumber()) {
                throw error(pointer + "/" + key, field(pointer + "/" + key) + " must be a text, not " + kind(v));
            }
            String text = v.asString();
            if (text.isBlank()) {
                throw error(pointer + "/" + key, field(pointer + "/" + key) + " must not be empty");
            }
            return text;
        }

        private boolean bool(String pointer, JsonNode n, String key, boolean absent) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) {
                return absent;
            }
            if (!v.isBoolean()) {
                throw error(pointer + "/" + key, field(pointer + "/" + key) + " must be true or false, not "
                        + shown(v));
            }
            return v.booleanValue();
        }

        /** Epoch seconds, 0 (never) when absent, as Proxmox stores {@code expire}. */
        private long epoch(String pointer, JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) {
                return 0;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw error(pointer + "/" + key, field(pointer + "/" + key)
                        + " must be epoch seconds (0 = never), not " + shown(v));
            }
            return v.longValue();
        }

        private List<String> texts(String pointer, JsonNode n, String key) {
            JsonNode v = n.get(key);
            List<String> texts = new ArrayList<>();
            if (v == null || v.isNull()) {
                return texts;
            }
            if (!v.isArray()) {
                throw error(pointer + "/" + key, field(pointer + "/" + key) + " must be a list, not " + kind(v));
            }
            for (int i = 0; i < v.size(); i++) {
                JsonNode each = v.get(i);
                if (!each.isString() || each.asString().isBlank()) {
                    throw error(pointer + "/" + key + "/" + i, field(pointer + "/" + key + "/" + i)
                            + " must be a text, not " + shown(each));
                }
                texts.add(each.asString());
            }
            return texts;
        }

        DeclaredAccessException error(String pointer, String problem) {
            return new DeclaredAccessException(file + ":" + where.at(pointer) + ": " + problem);
        }
    }

    /** A JSON pointer as a field name: {@code /users/2/expire} is {@code users[2].expire}. */
    private static String field(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String step : pointer.substring(1).split("/")) {
            if (step.chars().allMatch(Character::isDigit) && !step.isEmpty()) {
                b.append('[').append(step).append(']');
            } else {
                b.append(b.isEmpty() ? "" : ".").append(step);
            }
        }
        return b.toString();
    }

    private static String shown(JsonNode v) {
        return v.isValueNode() ? Quoted.of(v.asString()) : kind(v);
    }

    private static String kind(JsonNode v) {
        return v.isArray() ? "a list" : v.isObject() ? "a mapping" : v.isString() ? "a text"
                : v.isNumber() ? "a number" : v.isBoolean() ? "true/false" : "nothing";
    }
}
