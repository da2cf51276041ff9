package org.pveaudit.source.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.pveaudit.source.ClusterSource;
import org.pveaudit.source.MappingException;
import org.pveaudit.source.SourceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The live {@code api} source: reads the endpoints of reference 4.4 with at most
 * {@code max-parallel-requests} in flight and maps them with {@link ApiMapping}, exactly as
 * {@code SnapshotFolderSource} maps the same bodies from files, so a live audit and the offline audit
 * of what {@code collect} wrote agree.
 *
 * <p>A 403 becomes a coverage gap naming the privilege the credential lacks. Lists Proxmox filters
 * silently (users, groups, TFA, ACL, pools) become gaps too when {@code /access/permissions} shows the
 * credential lacks the privilege that makes them complete: partial data must not pass a rule. A cluster
 * that does not answer, or refuses the credential, raises {@link SourceUnavailableException}.
 */
public final class ApiClusterSource implements ClusterSource {

    private static final Logger log = LoggerFactory.getLogger(ApiClusterSource.class);
    private static final Pattern PERMISSION_CHECK = Pattern.compile("Permission check failed \\(([^,]+), ([^)]+)\\)");

    private final ApiOptions options;
    private final PveApiClient.Sleeper sleeper;
    private final Clock clock;

    public ApiClusterSource(ApiOptions options) {
        this(options, d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    public ApiClusterSource(ApiOptions options, PveApiClient.Sleeper sleeper, Clock clock) {
        this.options = options;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    @Override
    public ClusterSnapshot collect() {
        return collectAll().snapshot();
    }

    /** Reads the cluster and keeps the raw answers and the outcome of every read. */
    public ApiCollection collectAll() {
        long start = System.nanoTime();
        Instant collectedAt = clock.instant();
        PveApiClient client = new PveApiClient(options, sleeper, clock);
        Run run = new Run(client);
        List<String> warnings = run.warnings;
        if (options.credential() instanceof Credential.Token t) {
            t.secret().checkPermissions("token-secret-file", warnings);
        } else if (options.credential() instanceof Credential.UserPassword u) {
            u.password().checkPermissions("password-file", warnings);
        }
        warnings.forEach(w -> log.warn("{}: {}", options.cluster(), w));

        PveApiClient.Login login = client.login();
        // /version first and alone: it proves the cluster answers and the credential is accepted
        try {
            run.fetch("/version", "version.json", Dataset.VERSION, "an authenticated credential");
        } catch (PveApiClient.RefusedException e) {
            throw new SourceUnavailableException(e.status() == 401 ? "authentication failed for "
                    + options.credential().id() + " at " + e.endpoint() : "cluster " + options.cluster()
                    + " refused GET /version: HTTP " + e.status() + " " + e.getMessage());
        }
        run.read("/access/permissions", "access/permissions.json", Dataset.SOURCE, "nothing (its own permissions)");
        run.parallel(List.of(
                () -> run.read("/cluster/status", "cluster/status.json", Dataset.CLUSTER, "Sys.Audit on /"),
                () -> run.read("/access/users?full=1", "access/users.json", Dataset.USERS,
                        "Sys.Audit on /access/groups"),
                () -> run.read("/access/acl", "access/acl.json", Dataset.ACL, "Sys.Audit on /access"),
                () -> run.read("/access/roles", "access/roles.json", Dataset.ROLES, "an authenticated credential"),
                () -> run.read("/access/groups", "access/groups.json", Dataset.GROUPS, "Sys.Audit on /access/groups"),
                () -> run.read("/access/domains", "access/domains.json", Dataset.REALMS, "nothing"),
                () -> run.read("/access/tfa", "access/tfa.json", Dataset.TFA, "Sys.Audit on /access/groups"),
                () -> run.read("/pools", "pools.json", Dataset.POOLS, "Pool.Audit on /pool (propagated)")));
        try {
            return finish(run, client, login, collectedAt, start);
        } catch (MappingException e) {
            throw unreadable("GET at " + client.endpoint(), e);
        }
    }

    private ApiCollection finish(Run run, PveApiClient client, PveApiClient.Login login, Instant collectedAt,
                                 long start) {
        List<Callable<Void>> details = new ArrayList<>();
        for (JsonNode r : items(run.bodies.get("access/domains.json"))) {
            String realm = ApiMapping.text(r, "realm");
            if (realm != null) {
                details.add(() -> run.read("/access/domains/" + enc(realm), "access/domains/" + realm + ".json",
                        Dataset.REALMS, "Sys.Audit on /access/realm"));
            }
        }
        for (JsonNode p : items(run.bodies.get("pools.json"))) {
            String pool = ApiMapping.text(p, "poolid");
            if (pool != null) {
                details.add(() -> run.read("/pools?poolid=" + enc(pool), "pools/" + pool + ".json", Dataset.POOLS,
                        "Pool.Audit on /pool/" + pool));
            }
        }
        run.parallel(details);

        ClusterSnapshot snapshot = run.snapshot(collectedAt, login);
        String clusterName = null;
        for (JsonNode item : items(run.bodies.get("cluster/status.json"))) {
            if ("cluster".equals(ApiMapping.text(item, "type"))) {
                clusterName = ApiMapping.text(item, "name");
            }
        }
        if (clusterName == null) {
            clusterName = login.clusterName();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        log.info("{}: {} requests to {} in {} ms", options.cluster(), client.requestCount(), client.endpoint(),
                elapsed.toMillis());
        List<ReadResult> reads = new ArrayList<>(run.reads);
        reads.sort((a, b) -> Integer.compare(order(a.file()), order(b.file())));
        return new ApiCollection(snapshot, Collections.unmodifiableMap(new TreeMap<>(run.bodies)), List.copyOf(reads),
                login.userid(), clusterName, client.endpoint(), client.requestCount(), elapsed);
    }

    private static int order(String file) {
        List<String> first = List.of("version.json", "access/permissions.json", "cluster/status.json",
                "access/users.json", "access/acl.json", "access/roles.json", "access/groups.json",
                "access/domains.json", "access/tfa.json", "pools.json");
        int i = first.indexOf(file);
        return i >= 0 ? i : file.startsWith("access/domains/") ? 8 : 20;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static List<JsonNode> items(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(list::add);
        }
        return list;
    }

    /** The state of one collection: answers, gaps and warnings, filled by parallel reads. */
    private final class Run {
        final PveApiClient client;
        final Map<String, JsonNode> bodies = Collections.synchronizedMap(new LinkedHashMap<>());
        final List<CoverageGap> gaps = Collections.synchronizedList(new ArrayList<>());
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        final List<ReadResult> reads = Collections.synchronizedList(new ArrayList<>());

        Run(PveApiClient client) {
            this.client = client;
        }

        /** Reads an endpoint; a refusal (401, 403, 501) is a coverage gap, any other failure fails the cluster. */
        Void read(String path, String file, Dataset dataset, String needs) {
            try {
                fetch(path, file, dataset, needs);
            } catch (PveApiClient.RefusedException e) {
                String where = "GET " + path + " at " + e.endpoint();
                String reason = switch (e.status()) {
                    case 403 -> {
                        String missing = missingPrivilege(e.getMessage(), needs);
                        reads.add(new ReadResult(path, file, dataset, ReadResult.Status.FORBIDDEN, needs, missing,
                                e.getMessage()));
                        yield "403 " + e.getMessage() + ": the audit credential lacks " + missing;
                    }
                    case 501 -> {
                        reads.add(new ReadResult(path, file, dataset, ReadResult.Status.FAILED, needs, null,
                                "HTTP 501 " + e.getMessage()));
                        yield "501 not implemented by this Proxmox release" + (e.getMessage().isEmpty() ? ""
                                : " (" + e.getMessage() + ")");
                    }
                    default -> {
                        reads.add(new ReadResult(path, file, dataset, ReadResult.Status.FORBIDDEN, needs, needs,
                                "HTTP 401 " + e.getMessage()));
                        yield "401 the audit credential was not accepted for this read"
                                + (e.getMessage().isEmpty() ? "" : " (" + e.getMessage() + ")");
                    }
                };
                gaps.add(new CoverageGap(dataset, where, reason));
                log.warn("{}: {}: {}", options.cluster(), where, reason);
            }
            return null;
        }

        /**
         * Reads an endpoint and keeps its answer. A read that failed after the retries (a 5xx, an
         * answer that is not JSON or was cut off) fails the cluster: what was not read is unknown.
         */
        void fetch(String path, String file, Dataset dataset, String needs) {
            try {
                JsonNode data = client.get(path);
                bodies.put(file, data);
                reads.add(new ReadResult(path, file, dataset, ReadResult.Status.OK, needs, null, null));
                KnownFields.check(file, data, warnings);
            } catch (PveApiClient.StatusException e) {
                reads.add(new ReadResult(path, file, dataset, ReadResult.Status.FAILED, needs, null, e.getMessage()));
                throw new SourceUnavailableException("cluster " + options.cluster() + ": GET " + path + " failed: "
                        + e.getMessage());
            }
        }

        void parallel(List<Callable<Void>> tasks) {
            if (tasks.isEmpty()) {
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.maxParallelRequests(),
                    tasks.size()), r -> {
                Thread t = new Thread(r, "pve-" + options.cluster());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Void>> futures = new ArrayList<>();
                tasks.forEach(t -> futures.add(pool.submit(t)));
                for (Future<Void> f : futures) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        futures.forEach(x -> x.cancel(true));
                        if (e.getCause() instanceof RuntimeException re) {
                            throw re;
                        }
                        throw new SourceUnavailableException(options.cluster() + ": " + e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SourceUnavailableException("interrupted while reading " + options.cluster());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }

        boolean read(Dataset dataset) {
            return gaps.stream().noneMatch(g -> g.dataset() == dataset);
        }

        /** Lists Proxmox filters without a 403: complete only with the privilege reference 4.4 names. */
        void checkCompleteness(SourceInfo source) {
            if (source.permissions() == null) {
                warnings.add("/access/permissions not read: whether users, groups, TFA, ACL and pools are complete "
                        + "could not be checked");
                return;
            }
            boolean groupsScope = source.holds("/access/groups", "Sys.Audit")
                    || source.holds("/access/groups", "User.Modify");
            partial(!groupsScope, "access/users.json", Dataset.USERS, "Sys.Audit on /access/groups");
            partial(!groupsScope, "access/groups.json", Dataset.GROUPS, "Sys.Audit on /access/groups");
            partial(!groupsScope, "access/tfa.json", Dataset.TFA, "Sys.Audit on /access/groups");
            partial(!source.holds("/access", "Sys.Audit"), "access/acl.json", Dataset.ACL, "Sys.Audit on /access");
            partial(!source.holdsPropagated("/pool", "Pool.Audit"), "pools.json", Dataset.POOLS,
                    "Pool.Audit on /pool (propagated)");
        }

        private void partial(boolean lacking, String file, Dataset dataset, String needs) {
            if (!lacking || !bodies.containsKey(file)) {
                return;
            }
            String path = reads.stream().filter(r -> r.file().equals(file)).map(ReadResult::path).findFirst()
                    .orElse(file);
            gaps.add(new CoverageGap(dataset, "GET " + path + " at " + client.endpoint(),
                    "Proxmox lists only what the audit credential may see; it lacks " + needs));
            synchronized (reads) {
                reads.removeIf(r -> r.file().equals(file));
                reads.add(new ReadResult(path, file, dataset, ReadResult.Status.PARTIAL, needs, needs,
                        "incomplete without " + needs));
            }
        }

        ClusterSnapshot snapshot(Instant collectedAt, PveApiClient.Login login) {
            JsonNode version = bodies.get("version.json");
            String pveVersion = version == null ? null : ApiMapping.text(version, "version");
            if (pveVersion == null) {
                pveVersion = options.fallbackVersion() != null ? options.fallbackVersion() : "9";
                warnings.add("/version: PVE version unknown; assuming " + pveVersion + " for the built-in roles");
            }
            PveRelease release = parse("version.json", PveRelease::ofVersion, pveVersion);
            List<String> nodes = list("cluster/status.json", ApiMapping::nodes);
            List<ApiToken> tokens = new ArrayList<>();
            List<User> users = list("access/users.json", n -> ApiMapping.users(n, tokens));
            empty("access/users.json", "users");
            List<AclEntry> acl = list("access/acl.json", ApiMapping::acl);
            List<Role> roles = bodies.containsKey("access/roles.json") ? list("access/roles.json", ApiMapping::roles)
                    : PrivilegeCatalog.of(release).builtInRoleList();
            empty("access/roles.json", "roles");
            List<Group> groups = list("access/groups.json", ApiMapping::groups);
            Map<String, JsonNode> details = new TreeMap<>();
            for (JsonNode r : items(bodies.get("access/domains.json"))) {
                String realm = ApiMapping.text(r, "realm");
                JsonNode d = realm == null ? null : bodies.get("access/domains/" + realm + ".json");
                if (d != null) {
                    details.put(realm, d);
                }
            }
            List<Realm> realms = list("access/domains.json", n -> ApiMapping.realms(n, details));
            empty("access/domains.json", "realms");
            List<UserTfa> tfa = list("access/tfa.json", ApiMapping::tfa);
            List<Pool> pools = new ArrayList<>();
            for (JsonNode p : items(bodies.get("pools.json"))) {
                String id = ApiMapping.text(p, "poolid");
                JsonNode detail = bodies.get("pools/" + id + ".json");
                pools.add(parse("pools/" + id + ".json", x -> ApiMapping.pool(id, ApiMapping.text(p, "comment"), detail),
                        id));
            }

            SourceInfo source = sourceInfo(login, users, tokens);
            checkCompleteness(source);
            if (!read(Dataset.USERS)) {
                gaps.add(new CoverageGap(Dataset.TOKENS, "GET /access/users?full=1", "tokens come with the user list"));
            }
            if (source.permissions() == null) {
                // without its own permissions the auditor cannot be audited: those rules are not evaluated
                if (read(Dataset.SOURCE)) {
                    gaps.add(new CoverageGap(Dataset.SOURCE, "GET /access/permissions", "not read"));
                }
            }
            ClusterIdentity identity = new ClusterIdentity(options.cluster(), pveVersion, nodes);
            return new ClusterSnapshot(identity, collectedAt, users, tokens, groups, roles, acl, realms, tfa, pools,
                    List.copyOf(gaps), List.copyOf(warnings), source);
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
                } else if (read(Dataset.USERS)) {
                    warnings.add("the audit token " + c.id() + " is not in /access/users?full=1");
                }
            } else {
                String id = login.userid() == null ? c.id() : login.userid();
                expire = users.stream().filter(u -> u.id().equals(id)).map(User::expire).findFirst().orElse(null);
            }
            Map<String, Map<String, Boolean>> permissions = null;
            JsonNode perms = bodies.get("access/permissions.json");
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
            return new SourceInfo("api", client.endpoint(), options.tls().mode().key(), options.tls().verified(),
                    c.id(), c.type(), privsep, expire, permissions);
        }

        private void empty(String file, String what) {
            JsonNode n = bodies.get(file);
            if (n != null && (n.isNull() || n.isArray() && n.isEmpty())) {
                warnings.add(file + ": the API listed no " + what);
            }
        }

        private <T> List<T> list(String file, Function<JsonNode, List<T>> mapping) {
            JsonNode n = bodies.get(file);
            if (n == null || n.isNull()) {
                return List.of();
            }
            return parse(file, mapping, n);
        }

        private <S, T> T parse(String file, Function<S, T> mapping, S value) {
            try {
                return mapping.apply(value);
            } catch (IllegalArgumentException e) {
                String path = reads.stream().filter(r -> r.file().equals(file)).map(ReadResult::path).findFirst()
                        .orElse(file);
                throw unreadable("GET " + path + " at " + client.endpoint(), e);
            } catch (tools.jackson.core.JacksonException e) {
                // Jackson's message names its own classes: the read is named, the value described
                throw unreadable("GET " + file + " at " + client.endpoint(),
                        new IllegalArgumentException("a value has a type or size pve-audit cannot read"));
            }
        }
    }

    /** A value Proxmox would not send: the read failed, so the cluster is not audited (not an input error). */
    private SourceUnavailableException unreadable(String where, IllegalArgumentException e) {
        return new SourceUnavailableException("cluster " + options.cluster() + ": " + where
                + ": the answer holds a value pve-audit cannot read: " + e.getMessage());
    }

    /** The privilege a 403 names ({@code Permission check failed (/access, Sys.Audit)}), else what the read needs. */
    static String missingPrivilege(String message, String needs) {
        Matcher m = message == null ? null : PERMISSION_CHECK.matcher(message);
        if (m != null && m.find()) {
            return m.group(2).strip() + " on " + m.group(1).strip();
        }
        return needs;
    }
}
