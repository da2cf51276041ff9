package org.pveaudit.job;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.Checkpoint;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Count;
import org.pveaudit.model.Dataset;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.report.ClusterAccess;
import org.pveaudit.rules.ClusterContext;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.work.ClusterWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate step of a run: each collected cluster's rules in the context the run knows (the review campaign in
 * force, the declared access, the people across every cluster), the results stored per cluster, and what was
 * worked out of each cluster's access handed to the report step ({@code access}).
 */
final class RunEvaluation {

    /** The steps' logger: operators filter the run's log by it, whichever class does the step's work. */
    private static final Logger log = LoggerFactory.getLogger(AuditSteps.class);

    private final AuditRequest request;
    private final AuditHistory history;
    private final RuleEngine rules;
    private final Checkpoint checkpoint;
    private final Map<String, ClusterAccess> access;

    RunEvaluation(AuditRequest request, AuditHistory history, RuleEngine rules, Checkpoint checkpoint,
                  Map<String, ClusterAccess> access) {
        this.request = request;
        this.history = history;
        this.rules = rules;
        this.checkpoint = checkpoint;
        this.access = access;
    }

    /**
     * Evaluates every collected cluster, {@link AuditRequest#parallelism()} at once. A replay evaluates as of the
     * replayed run's start (expiry rules and waivers see the same day), so the current rules meet the data as it was
     * then.
     */
    void evaluate(long runId) {
        AuditRun run = history.runs().run(runId).orElseThrow();
        // as of the run's start, the instant its reports say it is as of (and hand over to the report step: see {@code access})
        Instant at = run.replayOf() == null ? run.startedAt()
                : history.runs().run(run.replayOf()).map(AuditRun::startedAt).orElse(run.startedAt());
        long now = at.getEpochSecond();
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        // the same waivers at the same positions (findings refer to them by position), named relative to the folder
        history.findings().saveWaivers(runId, request.waivers().stream()
                .map(w -> w.withSource(request.configFolder().relative(w.source()))).toList());
        Map<String, String> aliases = new HashMap<>();
        request.packs().forEach(p -> p.rules().forEach(r -> r.aliases().forEach(a -> aliases.put(a, r.id()))));
        history.findings().saveRuleAliases(runId, aliases);
        List<String> collected = history.clusters().of(runId).stream()
                .filter(c -> c.status() == ClusterRun.Status.COLLECTED).map(ClusterRun::cluster).toList();
        boolean handOver = run.replayOf() == null && request.showsAccess();
        String peopleGap = peopleGap(runId);
        boolean linking = peopleGap == null && request.linksPeople();
        // the rules about people wait until every cluster's accounts are known; the others run now
        List<RulePack> packs = linking ? request.packs().stream().map(p -> p.with(r -> r.subject() != SubjectKind.PERSON))
                .toList() : request.packs();
        Map<String, Pending> pending = new ConcurrentHashMap<>();
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicInteger runFindings = new AtomicInteger();
        // fewer clusters than threads: the spare threads work out each cluster's privileges and evidence with it
        int rowThreads = collected.isEmpty() || !asksEveryPrincipal(packs) ? 1
                : Math.max(1, request.parallelism() / collected.size());
        ClusterWork.map(collected, request.parallelism(), c -> {
            long start = System.nanoTime();
            ClusterView view = view(runId, c, now, null, peopleGap != null ? peopleGap
                    : "people are linked across the run's clusters before their rules run");
            if (rowThreads > 1) {
                view.computeRows(rowThreads);
            }
            RuleEngine.Evaluation result = rules.evaluate(packs, view, request.settings(c), request.waivers(), today);
            if (handOver) { // a replay's rules see the replayed day, its reports the run's own: worked out again there
                // evidence while the engine is at hand, as long as the reports explain every finding of the run
                boolean explain = ClusterAccess.explainsAll(runFindings.addAndGet(result.findings().size()));
                access.put(c, ClusterAccess.of(view, explain ? result.findings() : List.of(), rowThreads));
            }
            if (linking) { // the engine and the snapshot are dropped here: linking needs the accounts only
                pending.put(c, new Pending(result, accounts(view, now), System.nanoTime() - start));
            } else {
                store(runId, c, result, System.nanoTime() - start, first);
            }
            return c;
        });
        if (linking) {
            judgePeople(runId, now, today, pending, first);
        }
    }

    /**
     * The rules about people, once every cluster's other rules have run: the accounts of every audited cluster
     * linked into people, then each pending cluster's evaluation completed and stored.
     */
    private void judgePeople(long runId, long now, LocalDate today, Map<String, Pending> pending, AtomicBoolean first) {
        List<RulePack> packs = request.packs().stream().map(p -> p.with(r -> r.subject() == SubjectKind.PERSON))
                .toList();
        List<PeopleIndex.ClusterAccounts> accounts = new ArrayList<>();
        for (ClusterRun c : history.clusters().of(runId)) {
            if (c.audited()) {
                Pending p = pending.get(c.cluster());
                // a cluster evaluated before a restart is asked again
                accounts.add(p != null ? p.accounts() : accounts(new ClusterView(history.snapshots().snapshot(runId,
                        c.cluster()), now), now));
            }
        }
        PeopleIndex people = PeopleIndex.of(accounts, request.identities(), now);
        people.unknown().forEach(u -> log.warn("identities: no such account in this run: {}", u));
        ClusterWork.map(List.copyOf(pending.keySet()), request.parallelism(), c -> {
            long start = System.nanoTime();
            Pending p = pending.get(c);
            RuleEngine.Evaluation about = rules.evaluate(packs, view(runId, c, now, people, null),
                    request.settings(c), request.waivers(), today);
            store(runId, c, p.result().plus(about), p.nanos() + System.nanoTime() - start, first);
            return c;
        });
    }

    /** Whether a rule's subjects are every principal, each with its privileges everywhere. */
    private static boolean asksEveryPrincipal(List<RulePack> packs) {
        return packs.stream().flatMap(p -> p.rules().stream()).anyMatch(r -> r.subject() == SubjectKind.PRINCIPAL);
    }

    /** What linking people needs of a cluster, its users administrator-equivalent or not by the view's engine. */
    private static PeopleIndex.ClusterAccounts accounts(ClusterView view, long now) {
        return PeopleIndex.accounts(view.snapshot(), now, view::adminEquivalent);
    }

    /** A cluster's evaluation without the rules about people, and what linking people needs of it. */
    private record Pending(RuleEngine.Evaluation result, PeopleIndex.ClusterAccounts accounts, long nanos) {
    }

    private void store(long runId, String cluster, RuleEngine.Evaluation result, long nanos, AtomicBoolean first) {
        history.findings().saveEvaluation(runId, cluster, result);
        log.info("{}: {} evaluated, {} in {} ms", cluster, Count.of(result.outcomes().size(), "rule"),
                Count.of(result.findings().size(), "finding"), nanos / 1_000_000);
        if (first.getAndSet(false)) {
            checkpoint.reached("evaluate");
        }
    }

    /**
     * A cluster's view as of {@code now}: its snapshot, the review campaign in force then (a replay's: the replayed
     * run's), its declared access; the people linked across the run, or null and why they are not known (yet).
     */
    private ClusterView view(long runId, String cluster, long now, PeopleIndex people, String peopleGap) {
        ClusterSnapshot snapshot = history.snapshots().snapshot(runId, cluster);
        return new ClusterView(snapshot, now, new ClusterContext(
                history.reviews().stateOf(cluster, Instant.ofEpochSecond(now)).orElse(null),
                request.declared().get(cluster), people, peopleGap));
    }

    /**
     * Why the people across clusters are not known in this run, or null when they are: every configured cluster
     * audited, collected, and its users read.
     */
    private String peopleGap(long runId) {
        int configured = request.config().clusters().size();
        if (request.clusters().size() < configured) {
            return "this run audits " + request.clusters().size() + " of the " + configured
                    + " configured clusters; accounts on the others are not known";
        }
        List<String> unknown = new ArrayList<>();
        for (ClusterRun c : history.clusters().of(runId)) {
            if (!c.audited()) {
                unknown.add(c.cluster() + " (not read)");
            } else if (history.snapshots().missing(runId, c.cluster()).contains(Dataset.USERS)) {
                unknown.add(c.cluster() + " (users not read)");
            }
        }
        return unknown.isEmpty() ? null : "accounts on other clusters are not known: " + String.join(", ", unknown);
    }
}
