package org.pveaudit.source.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Group;
import org.pveaudit.model.Pool;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.SourceInfo;
import org.pveaudit.model.User;
import org.pveaudit.model.UserTfa;
import org.pveaudit.source.ApiMapping;
import tools.jackson.databind.JsonNode;

/**
 * The answers of one collection mapped to a {@link ClusterSnapshot} with {@link ApiMapping}, the coverage
 * gaps completed from what the credential may see ({@code /access/permissions}).
 */
final class ApiSnapshotMapping {

    private final ApiReads reads;
    private final ApiOptions options;

    ApiSnapshotMapping(ApiReads reads, ApiOptions options) {
        this.reads = reads;
        this.options = options;
    }

    ClusterSnapshot snapshot(Instant collectedAt, PveApiClient.Login login) {
        JsonNode version = reads.bodies.get("version.json");
        String pveVersion = version == null ? null : ApiMapping.text(version, "version");
        if (pveVersion == null) {
            pveVersion = options.fallbackVersion() != null ? options.fallbackVersion() : "9";
            reads.warnings.add("/version: PVE version unknown; assuming " + pveVersion + " for the built-in roles");
        }
        PveRelease release = parse("version.json", PveRelease::ofVersion, pveVersion);
        List<String> nodes = list("cluster/status.json", ApiMapping::nodes);
        List<ApiToken> tokens = new ArrayList<>();
        List<User> users = list("access/users.json", n -> ApiMapping.users(n, tokens));
        empty("access/users.json", "users");
        List<AclEntry> acl = list("access/acl.json", ApiMapping::acl);
        List<Role> roles = reads.bodies.containsKey("access/roles.json") ? list("access/roles.json", ApiMapping::roles)
                : PrivilegeCatalog.of(release).builtInRoleList();
        empty("access/roles.json", "roles");
        List<Group> groups = list("access/groups.json", ApiMapping::groups);
        Map<String, JsonNode> details = new TreeMap<>();
        for (JsonNode r : ApiClusterSource.items(reads.bodies.get("access/domains.json"))) {
            String realm = ApiMapping.text(r, "realm");
            JsonNode d = realm == null ? null : reads.bodies.get("access/domains/" + realm + ".json");
            if (d != null) {
                details.put(realm, d);
            }
        }
        List<Realm> realms = list("access/domains.json", n -> ApiMapping.realms(n, details));
        empty("access/domains.json", "realms");
        List<UserTfa> tfa = list("access/tfa.json", ApiMapping::tfa);
        List<Pool> pools = new ArrayList<>();
        for (JsonNode p : ApiClusterSource.items(reads.bodies.get("pools.json"))) {
            String id = ApiMapping.text(p, "poolid");
            JsonNode detail = reads.bodies.get("pools/" + id + ".json");
            pools.add(parse("pools/" + id + ".json", x -> ApiMapping.pool(id, ApiMapping.text(p, "comment"), detail),
                    id));
        }

        SourceInfo source = sourceInfo(login, users, tokens);
        reads.checkCompleteness(source);
        if (!reads.read(Dataset.USERS)) {
            reads.gaps.add(new CoverageGap(Dataset.TOKENS, "GET /access/users?full=1", "tokens come with the user list"));
        }
        if (source.permissions() == null) {
            // without its own permissions the auditor cannot be audited: those rules are not evaluated
            if (reads.read(Dataset.SOURCE)) {
                reads.gaps.add(new CoverageGap(Dataset.SOURCE, "GET /access/permissions", "not read"));
            }
        }
        ClusterIdentity identity = new ClusterIdentity(options.cluster(), pveVersion, nodes);
        return new ClusterSnapshot(identity, collectedAt, users, tokens, groups, roles, acl, realms, tfa, pools,
                List.copyOf(reads.gaps), List.copyOf(reads.warnings), source);
    }

    private SourceInfo sourceInfo(PveApiClient.Login login, List<User> users, List<ApiToken> tokens) {
        Credential c = options.credential();
        Boolean privsep = null;
        Long expire = null;
        if (c instanceof Credential.Token) {
            ApiToken own = tokens.stream().filter(t -> t.id().equals(c.id())).findFirst().orElse(null);
            if (own != null) {
                privsep = own.privsep();
                expire = own.expire();
            } else if (reads.read(Dataset.USERS)) {
                reads.warnings.add("the audit token " + c.id() + " is not in /access/users?full=1");
            }
        } else {
            String id = login.userid() == null ? c.id() : login.userid();
            expire = users.stream().filter(u -> u.id().equals(id)).map(User::expire).findFirst().orElse(null);
        }
        Map<String, Map<String, Boolean>> permissions = null;
        JsonNode perms = reads.bodies.get("access/permissions.json");
        if (perms != null && perms.isObject()) {
            permissions = new TreeMap<>();
            for (Map.Entry<String, JsonNode> path : perms.properties()) {
                Map<String, Boolean> privs = new TreeMap<>();
                if (path.getValue().isObject()) {
                    for (Map.Entry<String, JsonNode> p : path.getValue().properties()) {
                        privs.put(p.getKey(), ApiMapping.bool(path.getValue(), p.getKey(), true));
                    }
                }
                permissions.put(path.getKey(), privs);
            }
        }
        return new SourceInfo("api", reads.client.endpoint(), options.tls().mode().key(), options.tls().verified(),
                c.id(), c.type(), privsep, expire, permissions);
    }

    private void empty(String file, String what) {
        JsonNode n = reads.bodies.get(file);
        if (n != null && (n.isNull() || n.isArray() && n.isEmpty())) {
            reads.warnings.add(file + ": the API listed no " + what);
        }
    }

    private <T> List<T> list(String file, Function<JsonNode, List<T>> mapping) {
        JsonNode n = reads.bodies.get(file);
        if (n == null || n.isNull()) {
            return List.of();
        }
        return parse(file, mapping, n);
    }

    private <S, T> T parse(String file, Function<S, T> mapping, S value) {
        try {
            return mapping.apply(value);
        } catch (IllegalArgumentException e) {
            String path = reads.reads.stream().filter(r -> r.file().equals(file)).map(ReadResult::path).findFirst()
                    .orElse(file);
            throw ApiClusterSource.unreadable(options.cluster(), "GET " + path + " at " + reads.client.endpoint(), e);
        } catch (tools.jackson.core.JacksonException e) {
            // Jackson's message names its own classes: the read is named, the value described
            throw ApiClusterSource.unreadable(options.cluster(), "GET " + file + " at " + reads.client.endpoint(),
                    new IllegalArgumentException("a value has a type or size pve-audit cannot read"));
        }
    }
}
