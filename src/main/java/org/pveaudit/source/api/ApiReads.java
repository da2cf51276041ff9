package org.pveaudit.source.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.SourceInfo;
import org.pveaudit.source.SourceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The reads of one collection and their outcome: the answers by file, the coverage gaps (a refusal, a list
 * Proxmox filters for a credential lacking a privilege) and warnings, filled by parallel reads.
 */
final class ApiReads {

    private static final Logger log = LoggerFactory.getLogger(ApiClusterSource.class);

    final PveApiClient client;
    private final ApiOptions options;
    final Map<String, JsonNode> bodies = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<CoverageGap> gaps = Collections.synchronizedList(new ArrayList<>());
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    final List<ReadResult> reads = Collections.synchronizedList(new ArrayList<>());

    ApiReads(PveApiClient client, ApiOptions options) {
        this.client = client;
        this.options = options;
    }

    /** Reads an endpoint; a refusal (401, 403, 501) is a coverage gap, any other failure fails the cluster. */
    Void read(String path, String file, Dataset dataset, String needs) {
        try {
            fetch(path, file, dataset, needs);
        } catch (PveApiClient.RefusedException e) {
            String where = "GET " + path + " at " + e.endpoint();
            String reason = switch (e.status()) {
                case 403 -> {
                    String missing = ApiClusterSource.missingPrivilege(e.getMessage(), needs);
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
}
