package org.pveaudit.source.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Field names reference 4.4 lists per answer; others are recorded as warnings (names only). */
final class KnownFields {
    private static final Map<String, Set<String>> KNOWN = Map.of(
            "access/users.json", Set.of("userid", "enable", "expire", "firstname", "lastname", "email", "comment",
                    "keys", "realm-type", "totp-locked", "tfa-locked-until", "groups", "tokens"),
            "access/acl.json", Set.of("path", "type", "ugid", "roleid", "propagate"),
            "access/roles.json", Set.of("roleid", "privs", "special"),
            "access/groups.json", Set.of("groupid", "comment", "users"),
            "access/domains.json", Set.of("realm", "type", "comment", "default", "tfa"),
            "access/tfa.json", Set.of("userid", "entries", "totp-locked", "tfa-locked-until"),
            "pools.json", Set.of("poolid", "comment"),
            "version.json", Set.of("version", "release", "repoid", "console"),
            "cluster/status.json", Set.of("type", "id", "name", "nodes", "version", "quorate", "nodeid", "ip",
                    "local", "online", "level"));
    private static final Set<String> TOKEN = Set.of("tokenid", "expire", "privsep", "comment");
    private static final Set<String> TFA_ENTRY = Set.of("type", "id", "description", "created", "enable");

    private KnownFields() {
    }

    static void check(String file, JsonNode data, List<String> warnings) {
        Set<String> known = KNOWN.get(file);
        if (known == null || data == null) {
            return;
        }
        Set<String> unknown = new TreeSet<>();
        List<JsonNode> objects = data.isArray() ? ApiClusterSource.items(data) : List.of(data);
        for (JsonNode o : objects) {
            collect(o, known, "", unknown);
            if (file.equals("access/users.json")) {
                ApiClusterSource.items(o.get("tokens")).forEach(t -> collect(t, TOKEN, "tokens.", unknown));
            }
            if (file.equals("access/tfa.json")) {
                ApiClusterSource.items(o.get("entries")).forEach(t -> collect(t, TFA_ENTRY, "entries.", unknown));
            }
        }
        if (!unknown.isEmpty()) {
            warnings.add(file + ": fields not known to pve-audit, ignored: " + String.join(", ", unknown));
        }
    }

    private static void collect(JsonNode o, Set<String> known, String prefix, Set<String> out) {
        if (o != null && o.isObject()) {
            for (String name : o.propertyNames()) {
                if (!known.contains(name)) {
                    out.add(prefix + name);
                }
            }
        }
    }
}
