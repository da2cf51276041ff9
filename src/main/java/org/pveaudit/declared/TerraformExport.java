package org.pveaudit.declared;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.User;

/**
 * A cluster's access as Terraform configuration for the bpg/proxmox provider: one resource per group, custom
 * role, user (but root@pam), token and ACL entry, what {@link DeclaredExport} declares plus the names, e-mail
 * and comments a declared-access.yml has no place for. Never a token secret or a password: the snapshot has none.
 */
public final class TerraformExport {

    private static final String PREFIX = "proxmox_virtual_environment_";
    /** Resource names are cut here before a suffix makes them unique: long enough to read, short enough to type. */
    private static final int MAX_NAME = 60;

    private TerraformExport() {
    }

    /** The configuration, resources grouped by type and sorted by id, after a header of comments. */
    public static String write(ClusterSnapshot held, ExportOrigin origin) {
        DeclaredAccess declared = DeclaredExport.of(held);
        Configuration c = new Configuration();
        origin.header().forEach(line -> c.text.append("# ").append(line).append('\n'));
        c.text.append("# Group members come from the users' groups; a member without a user resource here "
                + "(root@pam) is named in a comment.\n");
        // every name first: resources refer to each other whatever the order they are written in
        Names names = new Names(names(c, "group", declared.groups(), DeclaredGroup::id),
                names(c, "role", declared.roles(), DeclaredRole::id),
                names(c, "user", declared.users(), DeclaredUser::id),
                names(c, "user_token", declared.tokens(), DeclaredToken::id));
        groups(c, declared, byId(held.groups(), Group::id), names);
        roles(c, declared, names);
        users(c, declared, byId(held.users(), User::id), names);
        tokens(c, declared, byId(held.tokens(), ApiToken::id), names);
        declared.acl().forEach(e -> acl(c, e, names));
        return c.text.toString();
    }

    /** The resource name of each group, custom role, user and token, by id. */
    private record Names(Map<String, String> groups, Map<String, String> roles, Map<String, String> users,
                         Map<String, String> tokens) {
    }

    private static <T> Map<String, String> names(Configuration c, String type, List<T> items, Function<T, String> id) {
        Map<String, String> names = new HashMap<>();
        items.forEach(i -> names.put(id.apply(i), c.name(type, id.apply(i))));
        return names;
    }

    private static void groups(Configuration c, DeclaredAccess declared, Map<String, Group> held, Names names) {
        for (DeclaredGroup g : declared.groups()) {
            List<String> outside = g.members().stream().filter(m -> !names.users().containsKey(m)).toList();
            if (!outside.isEmpty()) {
                c.text.append("\n# members without a user resource here: ").append(String.join(", ", outside.stream()
                        .map(m -> Quoted.plain(m, Quoted.MAX_NAME)).toList()));
            }
            Block b = c.block("group", names.groups().get(g.id()));
            b.text("group_id", g.id());
            b.optional("comment", held.get(g.id()).comment());
            b.end();
        }
    }

    private static void roles(Configuration c, DeclaredAccess declared, Names names) {
        for (DeclaredRole r : declared.roles()) {
            Block b = c.block("role", names.roles().get(r.id()));
            b.text("role_id", r.id());
            b.raw("privileges", list(r.privileges().stream().map(HclText::quoted).toList()));
            b.end();
        }
    }

    private static void users(Configuration c, DeclaredAccess declared, Map<String, User> held, Names names) {
        for (DeclaredUser u : declared.users()) {
            User user = held.get(u.id());
            Block b = c.block("user", names.users().get(u.id()));
            b.text("user_id", u.id());
            b.raw("enabled", String.valueOf(u.enabled()));
            b.expiration(u.expire());
            b.optional("email", user.email());
            b.optional("first_name", user.firstname());
            b.optional("last_name", user.lastname());
            b.optional("comment", user.comment());
            List<String> memberOf = declared.groups().stream().filter(g -> g.members().contains(u.id()))
                    .map(g -> reference("group", names.groups().get(g.id()), "group_id")).toList();
            if (!memberOf.isEmpty()) {
                b.raw("groups", list(memberOf));
            }
            b.end();
        }
    }

    private static void tokens(Configuration c, DeclaredAccess declared, Map<String, ApiToken> held, Names names) {
        for (DeclaredToken t : declared.tokens()) {
            ApiToken token = held.get(t.id());
            Block b = c.block("user_token", names.tokens().get(t.id()));
            String owner = names.users().get(token.owner());
            b.raw("user_id", owner == null ? HclText.quoted(token.owner()) : reference("user", owner, "user_id"));
            b.text("token_name", token.name());
            b.expiration(t.expire());
            b.raw("privileges_separation", String.valueOf(t.privsep()));
            b.optional("comment", token.comment());
            b.end();
        }
    }

    private static void acl(Configuration c, AclEntry e, Names names) {
        Principal p = e.principal();
        Block b = c.block("acl", c.name("acl", (e.path().equals("/") ? "root" : e.path()) + "_" + p.id() + "_"
                + e.role()));
        b.text("path", e.path());
        String role = names.roles().get(e.role());
        b.raw("role_id", role == null ? HclText.quoted(e.role()) : reference("role", role, "role_id"));
        b.raw("propagate", String.valueOf(e.propagate()));
        switch (p.kind()) {
            case USER -> b.raw("user_id", names.users().containsKey(p.id())
                    ? reference("user", names.users().get(p.id()), "user_id") : HclText.quoted(p.id()));
            case GROUP -> b.raw("group_id", names.groups().containsKey(p.id())
                    ? reference("group", names.groups().get(p.id()), "group_id") : HclText.quoted(p.id()));
            case TOKEN -> {
                b.text("token_id", p.id());
                // the full token id is written out; the dependency makes Terraform create the token first
                if (names.tokens().containsKey(p.id())) {
                    b.raw("depends_on", list(List.of(PREFIX + "user_token." + names.tokens().get(p.id()))));
                }
            }
        }
        b.end();
    }

    private static String reference(String type, String name, String attribute) {
        return PREFIX + type + "." + name + "." + attribute;
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.putIfAbsent(id.apply(i), i));
        return map;
    }

    /** The text being written and the resource names taken, per type (Terraform's names are unique per type). */
    private static final class Configuration {
        private final StringBuilder text = new StringBuilder();
        private final Map<String, Set<String>> taken = new HashMap<>();

        /**
         * A valid, unique identifier derived from {@code id}: runs of other characters than letters and digits
         * as {@code _}, lower case, a leading letter, {@code _2}, {@code _3}... after a name already taken.
         */
        String name(String type, String id) {
            String base = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
            if (base.length() > MAX_NAME) {
                base = base.substring(0, MAX_NAME).replaceAll("_+$", "");
            }
            if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
                base = type.replace("user_token", "token") + (base.isEmpty() ? "" : "_" + base);
            }
            Set<String> names = taken.computeIfAbsent(type, t -> new HashSet<>());
            String name = base;
            for (int n = 2; !names.add(name); n++) {
                name = base + "_" + n;
            }
            return name;
        }

        Block block(String type, String name) {
            text.append("\nresource \"").append(PREFIX).append(type).append("\" \"").append(name).append("\" {\n");
            return new Block(text);
        }
    }

    /** The attributes of one resource block, one per line. */
    private record Block(StringBuilder text) {

        void text(String key, String value) {
            raw(key, HclText.quoted(value));
        }

        /** Only when set: the provider's default for an absent one is empty too. */
        void optional(String key, String value) {
            if (value != null && !value.isEmpty()) {
                text(key, value);
            }
        }

        /** RFC 3339, as the provider reads it; absent when the object never expires (Proxmox's 0). */
        void expiration(long expire) {
            if (expire > 0) {
                text("expiration_date", Instant.ofEpochSecond(expire).toString());
            }
        }

        void raw(String key, String value) {
            text.append("  ").append(key).append(" = ").append(value).append('\n');
        }

        void end() {
            text.append("}\n");
        }
    }
}
