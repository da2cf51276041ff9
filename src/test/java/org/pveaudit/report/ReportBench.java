package org.pveaudit.report;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.DriftEntry;
import org.pveaudit.history.EarlierFinding;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.history.TrendPoint;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.RulePackLoader;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.rules.Waiver;

/**
 * Benchmark of the report writers (not a test): builds a run of N findings over a few generated clusters
 * (principals and paths that exist in the clusters' views, so the evidence costs what it costs in production),
 * with waivers, new, regressed, resolved and not evaluated findings, drift and a trend, then writes
 * {@code report.html}, {@code report.xlsx} and {@code findings.json} in the job's default order, a warm-up and
 * ITERATIONS timed rounds, and prints per writer the wall time, the GC time and the heap.
 *
 * <pre>java -Xmx256m -cp ... org.pveaudit.report.ReportBench OUT [FINDINGS] [ITERATIONS] [CLUSTERS]</pre>
 */
public final class ReportBench {

    private static final Instant STARTED = Instant.parse("2026-12-01T06:00:00Z");
    private static final int USERS = 800;
    private static final int TOKENS = 400;
    private static final int GROUPS = 60;
    private static final int ROLES = 40;
    private static final int ACL = 3000;

    private ReportBench() {
    }

    private interface Writer {
        void write(ReportData data, Path dir) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/bench-reports"));
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int clusters = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        long t = System.nanoTime();
        List<RulePack> packs = new RulePackLoader(new RuleExpressions()).load(List.of("rules/baseline.yml"));
        ReportData data = data(n, clusters);
        System.out.printf("built %,d findings on %d clusters (%,d resolved, %,d not evaluated, %,d drift) in %.1f s%n",
                data.findings().size(), clusters, data.resolved().size(), data.unevaluated().size(),
                data.drift().size(), (System.nanoTime() - t) / 1e9);
        System.out.printf("max heap %d MB, %s, %d cores%n", Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Map<String, Writer> writers = new LinkedHashMap<>();
        writers.put("html", (d, dir) -> new HtmlReport(null).withRules(packs).write(d, dir));
        writers.put("xlsx", (d, dir) -> new XlsxReport(true).write(d, dir));
        writers.put("json", (d, dir) -> new JsonReport().write(d, dir));
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, List<Long>> walls = new LinkedHashMap<>();
        for (int round = 0; round <= iterations; round++) {
            long total = 0;
            long gcTotal = 0;
            System.out.println(round == 0 ? "warm-up (the first reports of the JVM, as in a run of the job):"
                    : "round " + round + ":");
            for (Map.Entry<String, Writer> w : writers.entrySet()) {
                resetPeaks();
                long gc0 = gcMillis();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                w.getValue().write(data, out);
                long ms = (System.nanoTime() - s) / 1_000_000;
                long cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
                long gc = gcMillis() - gc0;
                total += ms;
                gcTotal += gc;
                walls.computeIfAbsent(w.getKey(), k -> new ArrayList<>()).add(ms);
                System.out.printf("  %-5s %6d ms wall, %6d ms cpu (this thread), gc %4d ms, old gen peak %3d MB,"
                        + " heap peak <= %3d MB, %,7d kB%n", w.getKey(), ms, cpu, gc, oldGenPeak() >> 20,
                        peakHeap() >> 20, Files.size(out.resolve(file(w.getKey()))) >> 10);
            }
            walls.computeIfAbsent("total", k -> new ArrayList<>()).add(total);
            System.out.printf("  total %6d ms wall, gc %4d ms%n", total, gcTotal);
        }
        System.out.println("wall ms, warm-up | median of the rounds after it:");
        walls.forEach((k, v) -> {
            List<Long> timed = new ArrayList<>(v.subList(1, v.size()));
            timed.sort(null);
            System.out.printf("  %-5s %6d | %6s%n", k, v.get(0), timed.isEmpty() ? "-" : timed.get(timed.size() / 2));
        });
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap used after the rounds (data and views live) %d MB of %d MB; gc in all %d ms%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20, gcMillis());
    }

    /** The old generation's peak since the last reset: what stayed live through young collections. */
    private static long oldGenPeak() {
        long bytes = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && (p.getName().contains("Old") || p.getName().contains("Tenured"))) {
                bytes += p.getPeakUsage().getUsed();
            }
        }
        return bytes;
    }

    private static String file(String writer) {
        return switch (writer) {
            case "html" -> HtmlReport.FILE;
            case "xlsx" -> XlsxReport.FILE;
            default -> JsonReport.FILE;
        };
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of the heap in use at one time. */
    private static long peakHeap() {
        long bytes = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                bytes += p.getPeakUsage().getUsed();
            }
        }
        return bytes;
    }

    /** A rule of the baseline pack, as its findings read. */
    private record R(String id, Severity severity, SubjectKind kind, String title, String message) {
    }

    private static final R[] RULES = {
        new R("PVE-ACL-001", Severity.CRITICAL, SubjectKind.ACL, "Administrator-level role granted at the root",
                "user %P holds %R at / (propagate true)"),
        new R("PVE-ACL-003", Severity.HIGH, SubjectKind.ACL, "ACL entry for a principal that does not exist",
                "user %P does not exist but holds %R on %A: whoever is created with that name gets it"),
        new R("PVE-ACL-002", Severity.HIGH, SubjectKind.ACL, "Group holds an administrator role at the root",
                "group %G holds %R at /: every current and future member is a cluster administrator"),
        new R("PVE-TOKEN-001", Severity.HIGH, SubjectKind.TOKEN, "API token never expires",
                "API token %T has no expiry date"),
        new R("PVE-TOKEN-002", Severity.HIGH, SubjectKind.TOKEN, "API token without privilege separation",
                "API token %T is not privilege-separated: it carries every privilege of %P"),
        new R("PVE-PRIV-005", Severity.MEDIUM, SubjectKind.USER, "Shell access on a node",
                "user %P holds Sys.Console: it can open a shell session on a node"),
        new R("PVE-USER-002", Severity.HIGH, SubjectKind.USER, "Privileged user without a second factor",
                "user %P holds privileges beyond reading (VM.Config.Network, VM.PowerMgmt, VM.Snapshot) and logs in"
                        + " with a password alone (no second factor, realm corp-ldap does not enforce one)"),
        new R("PVE-TOKEN-009", Severity.INFO, SubjectKind.TOKEN, "Token without ACL entry",
                "API token %T is privilege-separated but has no ACL entry, so it has no privileges"),
        new R("PVE-ACL-004", Severity.LOW, SubjectKind.ACL, "ACL entry names a role that does not exist",
                "user %P on %A names role %R, which does not exist"),
    };

    static ReportData data(int n, int clusterCount) {
        AuditRun run = new AuditRun(4711, STARTED, STARTED.plusSeconds(95), AuditRun.COMPLETED, "1.4.0", "c0ffee",
                "baseline@1.0", "high", null, 1);
        List<ClusterRun> clusters = new ArrayList<>();
        List<ClusterView> views = new ArrayList<>();
        List<ClusterSnapshot> snapshots = new ArrayList<>();
        for (int c = 0; c < clusterCount; c++) {
            ClusterSnapshot s = snapshot(c);
            snapshots.add(s);
            clusters.add(new ClusterRun(run.id(), s.cluster(), ClusterRun.Status.EVALUATED, "9.1.4", null, STARTED));
            views.add(new ClusterView(s, STARTED.getEpochSecond()));
        }
        clusters.add(new ClusterRun(run.id(), "edge-dc9", ClusterRun.Status.NOT_AUDITED, null,
                "connection refused: https://edge-dc9.example.com:8006/api2/json", null));
        List<StoredWaiver> waivers = new ArrayList<>();
        for (int w = 0; w < 12; w++) {
            R rule = RULES[w % RULES.length];
            waivers.add(new StoredWaiver(new Waiver(rule.id(), "dc" + (w % clusterCount), "user" + w + "*@corp-ldap",
                    w % 2 == 0 ? "/vms/*" : null, null, "accepted risk: vendor appliance " + w
                    + " needs this until the migration to the new platform is done", "team-" + (w % 4) + "@example.com",
                    LocalDate.of(2027, 1 + w % 12, 15), w % 3 == 0 ? "CHG-" + (40_000 + w) : null,
                    "waivers.yml:" + (w * 9 + 1) + ":3"), w == 11 ? 0 : n / 60));
        }
        List<StoredFinding> findings = new ArrayList<>(n);
        List<RuleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % clusterCount;
            int k = i / clusterCount;
            Finding f = finding(snapshots.get(c), RULES[k % RULES.length], k);
            StoredFinding.State state = k % 20 == 0 ? StoredFinding.State.NEW : k % 47 == 0
                    ? StoredFinding.State.REGRESSED : StoredFinding.State.OPEN;
            long first = state == StoredFinding.State.NEW ? run.id() : run.id() - 1 - k % 300;
            Integer waiver = k % 30 == 7 ? k % (waivers.size() - 1) : null;
            findings.add(new StoredFinding(f, state, first, STARTED.minusSeconds(86_400L * (run.id() - first))
                    .toString(), waiver));
        }
        for (ClusterSnapshot s : snapshots) {
            for (R r : RULES) {
                outcomes.add(new RuleOutcome(s.cluster(), r.id(), r.severity(), r.title(), RuleOutcome.Status.FAILED,
                        n / clusterCount / RULES.length, null));
            }
            outcomes.add(new RuleOutcome(s.cluster(), "PVE-REALM-001", Severity.HIGH, "Realm without TFA",
                    RuleOutcome.Status.PASSED, 0, null));
            outcomes.add(new RuleOutcome(s.cluster(), "PVE-NODE-001", Severity.MEDIUM, "Node data",
                    RuleOutcome.Status.NOT_EVALUATED, 0, "needs dataset nodes, not read from the source"));
        }
        List<EarlierFinding> resolved = new ArrayList<>();
        List<EarlierFinding> unevaluated = new ArrayList<>();
        for (int i = 0; i < Math.max(10, n / 40); i++) {
            int c = i % clusterCount;
            Finding f = finding(snapshots.get(c), RULES[i % RULES.length], 100_000 + i);
            (i % 10 == 9 ? unevaluated : resolved).add(new EarlierFinding(f, run.id() - 30, STARTED.minusSeconds(
                    86_400L * 30).toString(), run.id() - 1, i % 13 == 0 ? 0 : null));
        }
        List<DriftEntry> drift = new ArrayList<>();
        for (int i = 0; i < Math.max(10, n / 100); i++) {
            String cluster = snapshots.get(i % clusterCount).cluster();
            drift.add(switch (i % 4) {
                case 0 -> new DriftEntry(cluster, DriftEntry.ObjectKind.ACL, DriftEntry.Change.ADDED,
                        "/vms/" + (100 + i) + "|user" + (i % USERS) + "@corp-ldap", null, "role Custom" + (i % ROLES)
                        + ", propagate 1");
                case 1 -> new DriftEntry(cluster, DriftEntry.ObjectKind.USER, DriftEntry.Change.CHANGED,
                        "user" + (i % USERS) + "@corp-ldap", "enable 1, expire never, groups g" + (i % GROUPS),
                        "enable 0, expire 2027-01-01, groups g" + (i % GROUPS) + ", g" + ((i + 1) % GROUPS));
                case 2 -> new DriftEntry(cluster, DriftEntry.ObjectKind.TOKEN, DriftEntry.Change.REMOVED,
                        "user" + (i % TOKENS) + "@corp-ldap!t" + i, "expire never, privsep 0", null);
                default -> new DriftEntry(cluster, DriftEntry.ObjectKind.ROLE, DriftEntry.Change.CHANGED,
                        "Custom" + (i % ROLES), "VM.Audit, VM.Console", "VM.Audit, VM.Console, Sys.Modify");
            });
        }
        Map<String, List<TrendPoint>> trend = new LinkedHashMap<>();
        for (ClusterSnapshot s : snapshots) {
            List<TrendPoint> points = new ArrayList<>();
            for (int r = 0; r < ReportData.TREND_RUNS; r++) {
                Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
                for (Severity sev : Severity.values()) {
                    counts.put(sev, n / clusterCount / 5 + r * 7);
                }
                points.add(new TrendPoint(run.id() - ReportData.TREND_RUNS + 1 + r, STARTED.minusSeconds(
                        86_400L * (ReportData.TREND_RUNS - 1 - r)), s.cluster(), counts, n / 60, n / 20, 40, 5));
            }
            trend.put(s.cluster(), points);
        }
        List<String> warnings = List.of("edge-dc9: not audited: connection refused",
                "waiver waivers.yml:100:3 (PVE-ACL-004, owner team-3@example.com) is stale: it matched no finding");
        return new ReportData(run, clusters, outcomes, findings, waivers, STARTED.atZone(java.time.ZoneOffset.UTC)
                .toLocalDate(), views, warnings, resolved, drift, trend, unevaluated,
                Map.of(snapshots.get(0).cluster(), List.of("realms")));
    }

    /** The k-th finding of a rule on a cluster, about principals and ACL entries of the cluster. */
    private static Finding finding(ClusterSnapshot s, R rule, int k) {
        AclEntry a = s.acl().get(k % s.acl().size());
        String user = "user" + (k % USERS) + "@corp-ldap";
        String token = s.tokens().get(k % TOKENS).id();
        String group = "@g" + (k % GROUPS);
        String principal;
        String path = null;
        String key;
        switch (rule.kind()) {
            case ACL -> {
                principal = rule.id().equals("PVE-ACL-002") ? group : a.principal().spelling();
                path = a.path();
                key = a.path() + "|" + principal + "|" + a.role() + "#" + k;
            }
            case TOKEN -> {
                principal = token;
                key = token + "#" + k;
            }
            default -> {
                principal = user;
                key = user + "#" + k;
            }
        }
        String kind = principal.startsWith("@") ? "group" : principal.contains("!") ? "token" : "user";
        String message = rule.message().replace("user %P", kind + " %P").replace("%P", principal).replace("%T", token).replace("%G", group)
                .replace("%A", path == null ? "/" : path).replace("%R", a.role());
        return new Finding(s.cluster(), rule.id(), rule.severity(), rule.title(), rule.kind(), key, principal, path,
                message);
    }

    /** A cluster: users, tokens, groups, custom roles, ACL entries on VMs, pools and storage, four realms. */
    static ClusterSnapshot snapshot(int k) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(new User("user" + i + "@corp-ldap", i % 97 != 0, i % 7 == 0 ? 1_900_000_000L : 0, "First" + i,
                    "Last" + i, "user" + i + "@example.com", i % 5 == 0 ? "team " + (i % 13) : null, null,
                    List.of("g" + (i % GROUPS)), "ldap", false, 0));
        }
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            tokens.add(new ApiToken("user" + i + "@corp-ldap!t" + i, i % 3 == 0 ? 1_900_000_000L : 0, i % 2 == 0,
                    "automation " + i));
        }
        List<Group> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            List<String> members = new ArrayList<>();
            for (int i = g; i < USERS; i += GROUPS) {
                members.add("user" + i + "@corp-ldap");
            }
            groups.add(new Group("g" + g, members, "group " + g));
        }
        List<Role> roles = new ArrayList<>();
        for (int i = 0; i < ROLES; i++) {
            roles.add(new Role("Custom" + i, new TreeSet<>(List.of("VM.Audit", "VM.Console", "VM.PowerMgmt",
                    "Datastore.Audit", "Sys.Audit", "VM.Config.CDROM", "VM.Config.Network", "VM.Backup",
                    "Pool.Audit", "VM.Snapshot", i % 10 == 0 ? "Sys.Console" : "VM.Monitor")), false));
        }
        List<AclEntry> acl = new ArrayList<>();
        for (int i = 0; i < ACL; i++) {
            Principal p = i % 3 == 0 ? Principal.group("g" + (i % GROUPS)) : i % 3 == 1
                    ? Principal.user("user" + (i % USERS) + "@corp-ldap") : Principal.token("user" + (i % TOKENS)
                    + "@corp-ldap!t" + (i % TOKENS));
            String path = i % 10 == 0 ? "/pool/pool" + (i % 50) : i % 10 == 1 ? "/storage/store" + (i % 20)
                    : "/vms/" + (100 + i);
            acl.add(new AclEntry(path, p, i % 25 == 0 ? "PVEVMAdmin" : "Custom" + (i % ROLES), i % 4 != 0));
        }
        acl.add(new AclEntry("/", Principal.group("g0"), "Administrator", true));
        acl.add(new AclEntry("/", Principal.user("user1@corp-ldap"), "PVEAuditor", true));
        List<Realm> realms = Snapshots.benchRealms();
        return Snapshots.builder().identity("dc" + k, "9.1.4", "pve1", "pve2", "pve3").collectedAt(STARTED)
                .users(users).tokens(tokens).groups(groups).roles(roles).acl(acl).realms(realms).build();
    }
}
