package org.pveaudit.declared;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pveaudit.failure.Cause;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputJson;
import org.pveaudit.input.InputLimits;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.Principal;
import tools.jackson.databind.JsonNode;

/**
 * Reads the access the bpg/proxmox provider declares from {@code terraform show -json} output: a state
 * ({@code values.root_module}) or a plan ({@code planned_values.root_module}), child modules included.
 * Group members come from the users' {@code groups} (the provider's group resource has no members); data
 * sources and other resource types are ignored. Errors name the file and the resource address.
 */
public final class TerraformState {

    private static final String PREFIX = "proxmox_virtual_environment_";

    private TerraformState() {
    }

    /** Reads the file at {@code path}, within {@link InputLimits#MAX_DOCUMENT_BYTES}. */
    public static DeclaredAccess read(Path path) {
        String file = path.toString();
        try {
            return parse(file, InputFiles.read(path, InputLimits.MAX_DOCUMENT_BYTES));
        } catch (InputFileException e) {
            throw new DeclaredAccessException(e.getMessage());
        } catch (IOException e) {
            throw new DeclaredAccessException(file + ": cannot read Terraform state: " + Cause.of(e));
        }
    }

    /** Parses {@code terraform show -json} output; a state without resources declares nothing. */
    public static DeclaredAccess parse(String file, byte[] bytes) {
        JsonNode root;
        try {
            root = InputJson.readTree(InputJson.mapper(), file, bytes);
        } catch (InputFileException e) {
            throw new DeclaredAccessException(e.getMessage());
        }
        if (!root.isObject() || !root.has("format_version")) {
            throw new DeclaredAccessException(file + ": not the output of 'terraform show -json' (no format_version)");
        }
        // a plan carries the prior state too: what it plans is what is declared
        JsonNode values = root.has("planned_values") ? root.get("planned_values") : root.get("values");
        Declarations d = new Declarations(file);
        if (values != null && values.isObject() && values.get("root_module") != null) {
            d.module(values.get("root_module"), "root_module");
        }
        return d.access();
    }

    /** A text field of Terraform's own structure (type, mode), or {@code absent} when it is not a text. */
    private static String label(JsonNode v, String absent) {
        return v.isString() ? v.asString() : absent;
    }

    /** An address as errors show it: on one line, at most {@link Quoted#MAX_NAME} characters. */
    private static String address(JsonNode v, String absent) {
        return Quoted.plain(label(v, absent), Quoted.MAX_NAME);
    }

    /** What the resources read so far declare, keyed by id so a second declaration of one object is refused. */
    private static final class Declarations {
        private final String file;
        private final Map<String, DeclaredUser> users = new LinkedHashMap<>();
        private final Map<String, List<String>> userGroups = new HashMap<>();
        private final Map<String, String> groups = new LinkedHashMap<>();
        private final Map<String, DeclaredRole> roles = new LinkedHashMap<>();
        private final Map<String, AclEntry> acl = new LinkedHashMap<>();
        private final Map<String, DeclaredToken> tokens = new LinkedHashMap<>();
        private final Map<String, String> declaredBy = new HashMap<>();

        Declarations(String file) {
            this.file = file;
        }

        void module(JsonNode module, String where) {
            if (!module.isObject()) {
                throw new DeclaredAccessException(file + ": " + where + " must be an object");
            }
            for (JsonNode resource : array(module.get("resources"), where + ".resources")) {
                resource(resource);
            }
            for (JsonNode child : array(module.get("child_modules"), where + ".child_modules")) {
                module(child, address(child.path("address"), where + ".child_modules"));
            }
        }

        private List<JsonNode> array(JsonNode node, String where) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw new DeclaredAccessException(file + ": " + where + " must be a list");
            }
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            return items;
        }

        private void resource(JsonNode r) {
            if (!r.isObject()) {
                throw new DeclaredAccessException(file + ": a resource must be an object");
            }
            String type = label(r.path("type"), "");
            if (!type.startsWith(PREFIX) || "data".equals(label(r.path("mode"), ""))) {
                return;
            }
            Resource res = new Resource(file, address(r.path("address"), type + "." + label(r.path("name"), "?")),
                    r.get("values"));
            switch (type.substring(PREFIX.length())) {
                case "user" -> user(res);
                case "group" -> group(res);
                case "role" -> role(res);
                case "acl" -> acl(res);
                case "user_token" -> token(res);
                default -> { } // pools, VMs, storage...: not access
            }
        }

        private void user(Resource r) {
            String id = r.principal("user_id", PrincipalSpelling.USER);
            once("user " + id, r, users.putIfAbsent(id, new DeclaredUser(id, r.bool("enabled", true),
                    r.epoch("expiration_date"))) == null);
            userGroups.put(id, r.texts("groups"));
            nestedAcl(r, Principal.user(id));
        }

        private void group(Resource r) {
            String id = r.principal("group_id", PrincipalSpelling.GROUP);
            once("group " + id, r, groups.putIfAbsent(id, id) == null);
            nestedAcl(r, Principal.group(id));
        }

        private void role(Resource r) {
            String id = r.text("role_id");
            once("role " + id, r, roles.putIfAbsent(id, new DeclaredRole(id, new TreeSet<>(r.texts("privileges"))))
                    == null);
        }

        private void acl(Resource r) {
            List<Principal> named = new ArrayList<>();
            if (r.has("user_id")) {
                named.add(Principal.user(r.principal("user_id", PrincipalSpelling.USER)));
            }
            if (r.has("group_id")) {
                named.add(Principal.group(r.principal("group_id", PrincipalSpelling.GROUP)));
            }
            if (r.has("token_id")) {
                named.add(Principal.token(r.principal("token_id", PrincipalSpelling.TOKEN)));
            }
            if (named.size() != 1) {
                throw r.error("needs exactly one of user_id, group_id and token_id, not " + named.size());
            }
            entry(r, r.values(), named.get(0), "");
        }

        private void token(Resource r) {
            String id = r.principal("user_id", PrincipalSpelling.USER) + "!" + r.text("token_name");
            if (!PrincipalSpelling.TOKEN.accepts(id)) {
                throw r.error("token_name: " + Quoted.of(r.text("token_name")) + " is not a token name");
            }
            once("token " + id, r, tokens.putIfAbsent(id, new DeclaredToken(id, r.epoch("expiration_date"),
                    r.bool("privileges_separation", true))) == null);
        }

        /** The {@code acl} blocks of a user or group resource: entries for that principal. */
        private void nestedAcl(Resource r, Principal principal) {
            List<JsonNode> blocks = r.objects("acl");
            for (int i = 0; i < blocks.size(); i++) {
                entry(r, blocks.get(i), principal, "acl[" + i + "].");
            }
        }

        private void entry(Resource r, JsonNode block, Principal principal, String field) {
            String path = r.text(block, field, "path");
            String normalized = AclPath.tryNormalize(path);
            if (normalized == null) {
                throw r.error(field + "path: " + Quoted.of(path) + " is not an ACL path");
            }
            AclEntry e = new AclEntry(normalized, principal, r.text(block, field, "role_id"),
                    r.bool(block, field, "propagate", true));
            String key = AccessComparison.aclKey(e);
            once("ACL entry " + key, r, acl.putIfAbsent(key, e) == null);
        }

        /** Refuses a second declaration of one object: which one Terraform applies last is not for us to guess. */
        private void once(String what, Resource r, boolean first) {
            String earlier = declaredBy.putIfAbsent(what, r.address());
            if (!first) {
                throw r.error("declares " + Quoted.plain(what, Quoted.MAX_NAME) + ", already declared by "
                        + earlier);
            }
        }

        DeclaredAccess access() {
            List<DeclaredGroup> declaredGroups = new ArrayList<>();
            for (String group : groups.keySet()) {
                TreeSet<String> members = new TreeSet<>();
                userGroups.forEach((user, of) -> {
                    if (of.contains(group)) {
                        members.add(user);
                    }
                });
                declaredGroups.add(new DeclaredGroup(group, members));
            }
            return new DeclaredAccess(List.copyOf(users.values()), declaredGroups, List.copyOf(roles.values()),
                    List.copyOf(acl.values()), List.copyOf(tokens.values()), List.of());
        }
    }

    /** One resource's {@code values}, read with errors naming the file and the resource address. */
    private record Resource(String file, String address, JsonNode values) {

        Resource {
            if (values == null || !values.isObject()) {
                throw new DeclaredAccessException(file + ": resource " + address + ": no 'values' object");
            }
        }

        boolean has(String key) {
            JsonNode v = values.get(key);
            return v != null && !v.isNull() && !(v.isString() && v.asString().isEmpty());
        }

        String text(String key) {
            return text(values, "", key);
        }

        String text(JsonNode block, String field, String key) {
            JsonNode v = block.get(key);
            if (v == null || v.isNull() || !v.isString() || v.asString().isBlank()) {
                throw error(field + key + " must be a non-empty text");
            }
            return v.asString();
        }

        String principal(String key, PrincipalSpelling spelling) {
            String id = text(key);
            if (!spelling.accepts(id)) {
                throw error(key + ": " + Quoted.of(id) + " is not " + spelling.form());
            }
            return id;
        }

        boolean bool(String key, boolean absent) {
            return bool(values, "", key, absent);
        }

        boolean bool(JsonNode block, String field, String key, boolean absent) {
            JsonNode v = block.get(key);
            if (v == null || v.isNull()) {
                return absent;
            }
            if (!v.isBoolean()) {
                throw error(field + key + " must be true or false");
            }
            return v.booleanValue();
        }

        /** An RFC 3339 time as epoch seconds; empty or absent is 0, never expires (the provider's "no expiry"). */
        long epoch(String key) {
            JsonNode v = values.get(key);
            if (v == null || v.isNull() || (v.isString() && v.asString().isEmpty())) {
                return 0;
            }
            if (!v.isString()) {
                throw error(key + " must be an RFC 3339 time like 2030-01-01T00:00:00Z");
            }
            try {
                long seconds = OffsetDateTime.parse(v.asString()).toEpochSecond();
                if (seconds < 0) {
                    throw error(key + ": " + Quoted.of(v.asString()) + " is before 1970");
                }
                return seconds;
            } catch (DateTimeParseException e) {
                throw error(key + ": " + Quoted.of(v.asString())
                        + " is not an RFC 3339 time like 2030-01-01T00:00:00Z");
            }
        }

        List<String> texts(String key) {
            List<String> texts = new ArrayList<>();
            for (JsonNode each : list(key)) {
                if (!each.isString()) {
                    throw error(key + " must be a list of texts");
                }
                texts.add(each.asString());
            }
            return texts;
        }

        List<JsonNode> objects(String key) {
            List<JsonNode> blocks = list(key);
            for (JsonNode each : blocks) {
                if (!each.isObject()) {
                    throw error(key + " must be a list of blocks");
                }
            }
            return blocks;
        }

        private List<JsonNode> list(String key) {
            JsonNode v = values.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error(key + " must be a list");
            }
            List<JsonNode> items = new ArrayList<>();
            v.forEach(items::add);
            return items;
        }

        DeclaredAccessException error(String problem) {
            return new DeclaredAccessException(file + ": resource " + address + ": " + problem);
        }
    }
}
