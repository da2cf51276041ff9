package org.pveaudit.source.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Dataset;
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
        ApiReads run = new ApiReads(client, options);
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
            throw unreadable(options.cluster(), "GET at " + client.endpoint(), e);
        }
    }

    private ApiCollection finish(ApiReads run, PveApiClient client, PveApiClient.Login login, Instant collectedAt,
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

        ClusterSnapshot snapshot = new ApiSnapshotMapping(run, options).snapshot(collectedAt, login);
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

    /** A value Proxmox would not send: the read failed, so the cluster is not audited (not an input error). */
    static SourceUnavailableException unreadable(String cluster, String where, IllegalArgumentException e) {
        return new SourceUnavailableException("cluster " + cluster + ": " + where
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
