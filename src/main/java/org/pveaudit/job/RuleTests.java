package org.pveaudit.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.review.AccessDigest;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;
import org.pveaudit.review.ReviewState;
import org.pveaudit.declared.DeclaredAccess;
import org.pveaudit.declared.DeclaredAccessException;
import org.pveaudit.declared.DeclaredAccessFile;
import org.pveaudit.declared.TerraformState;
import org.pveaudit.people.Identities;
import org.pveaudit.people.IdentitiesException;
import org.pveaudit.people.IdentitiesFile;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.rules.ClusterContext;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.RuleSettings;
import org.pveaudit.input.YamlDocument;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;
import tools.jackson.databind.JsonNode;

/**
 * The rule test harness: {@code <dir>/<rule-id>/<case>/} holds a small cluster (a {@code user.cfg},
 * optionally {@code domains.cfg}, or a {@code snapshot/} folder) and {@code expected.yml} with the
 * subjects the rule must flag there, no more and no fewer:
 *
 * <pre>
 * now: 2026-06-01          # evaluation date (optional; expiry rules need it)
 * pve-version: "9.1"       # for user.cfg cases (optional, default 9.1)
 * findings:                # subject keys; [] for a case that must pass
 *   - "root@pam!backup"
 *   - subject: "ops"       # or a subject key with the exact message it must get
 *     message: "group @ops lists 1 member(s) without a user account ([left@pve]): ..."
 * </pre>
 *
 * A case may declare an access review campaign for the PVE-REVIEW rules (without one they are not evaluated):
 *
 * <pre>
 * review:
 *   due: 2027-01-31          # the campaign's due date
 *   decisions:               # the decisions in force
 *     - {principal: "jdoe@pve", decision: revoke, on: 2027-01-10, reviewer: ann}
 * </pre>
 *
 * Its rows are every user and token of the cluster as the campaign saw it: {@code reviewed.cfg} beside the
 * case's {@code user.cfg}, or the case's own cluster.
 *
 * A case for the PVE-DECL rules holds the declared access as {@code declared-access.yml} or {@code terraform.json}
 * ({@code terraform show -json}); one for the PVE-PEOPLE rules holds the run's other clusters as
 * {@code others/<cluster>/user.cfg}, and may hold an {@code identities.yml}. Without them those rules are not
 * evaluated. The case's own cluster is named after the rule.
 *
 * A case with {@code outcome: not-evaluated} (and {@code findings: []}) expects the rule to be not
 * evaluated there, for lack of the data it requires; one with {@code outcome: error} expects its
 * condition to fail there (a rule's ERROR outcome, no findings), with {@code reason:} text the
 * reason must contain, if given.
 */
public final class RuleTests {

    /** The outcome of one case. */
    public record CaseResult(String rule, String name, boolean passed, Set<String> missing, Set<String> unexpected,
                             String error) {
    }

    /** The {@code outcome} of a case whose rule must not be evaluated. */
    public static final String NOT_EVALUATED = "not-evaluated";

    /** The {@code outcome} of a case whose rule must fail (ERROR). */
    public static final String ERROR = "error";

    private final List<RulePack> packs;
    private final RuleEngine engine = new RuleEngine(new RuleExpressions());

    public RuleTests(List<RulePack> packs) {
        this.packs = packs;
    }

    /** Runs every case below {@code dir}, in name order. */
    public List<CaseResult> run(Path dir) throws IOException {
        List<CaseResult> results = new ArrayList<>();
        try (Stream<Path> rules = Files.list(dir)) {
            for (Path ruleDir : rules.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> cases = Files.list(ruleDir)) {
                    for (Path c : cases.filter(Files::isDirectory).sorted().toList()) {
                        results.add(runCase(ruleDir.getFileName().toString(), c));
                    }
                }
            }
        }
        return results;
    }

    private CaseResult runCase(String ruleId, Path dir) {
        String name = dir.getFileName().toString();
        Rule rule = packs.stream().flatMap(p -> p.rules().stream()).filter(r -> r.answersTo(ruleId)).findFirst()
                .orElse(null);
        if (rule == null) {
            return new CaseResult(ruleId, name, false, Set.of(), Set.of(), "no rule '" + ruleId + "' is loaded");
        }
        try {
            JsonNode expected = expected(dir.resolve("expected.yml"));
            RuleEngine.Evaluation result = evaluate(rule, ruleId, dir, expected);
            Map<String, String> messages = new TreeMap<>();
            Set<String> wanted = wanted(expected, messages);
            CaseResult wrongOutcome = outcome(rule, name, expected, wanted, result.outcomes().get(0));
            return wrongOutcome != null ? wrongOutcome : compare(rule, name, wanted, messages, result);
        } catch (tools.jackson.core.JacksonException e) {
            // asString() of a list or mapping: Jackson's message names its own classes
            return new CaseResult(rule.id(), name, false, Set.of(), Set.of(),
                    dir.resolve("expected.yml") + ": a value is a list or mapping where a text belongs");
        } catch (RuntimeException e) {
            return new CaseResult(rule.id(), name, false, Set.of(), Set.of(), AuditRunner.message(e));
        }
    }

    /** The rule alone on the case's data, as of the case's {@code now} (default today) and {@code pve-version}. */
    private RuleEngine.Evaluation evaluate(Rule rule, String ruleId, Path dir, JsonNode expected) {
        LocalDate today = expected.has("now") ? LocalDate.parse(expected.get("now").asString())
                : LocalDate.now(ZoneOffset.UTC);
        String version = expected.has("pve-version") ? expected.get("pve-version").asString() : "9.1";
        ClusterSnapshot snapshot = load(dir, ruleId, version);
        long now = today.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        RulePack only = new RulePack("test", "0", rule.source(), List.of(rule));
        ReviewState reviews = expected.has("review")
                ? reviews(dir, ruleId, version, expected.get("review"), snapshot, now) : null;
        ClusterView view = new ClusterView(snapshot, now, new ClusterContext(reviews, declared(dir), null,
                "the case has no others/ folder"));
        if (Files.isDirectory(dir.resolve("others"))) {
            view = view.withPeople(people(dir, snapshot, version, now));
        }
        return engine.evaluate(List.of(only), view, RuleSettings.DEFAULTS, List.of(), today);
    }

    /** The case's {@code declared-access.yml} or {@code terraform.json}, or null for a case without a declaration. */
    private static DeclaredAccess declared(Path dir) {
        Path yml = dir.resolve("declared-access.yml");
        Path terraform = dir.resolve("terraform.json");
        try {
            return Files.isRegularFile(yml) ? DeclaredAccessFile.read(yml)
                    : Files.isRegularFile(terraform) ? TerraformState.read(terraform) : null;
        } catch (DeclaredAccessException e) {
            throw new SourceException(e.getMessage());
        }
    }

    /**
     * The people across the case's cluster and the clusters of {@code others/<name>/user.cfg}, linked as a run
     * links them (with the case's {@code identities.yml}, if any).
     */
    private static PeopleIndex people(Path dir, ClusterSnapshot snapshot, String version, long now) {
        List<ClusterSnapshot> all = new ArrayList<>(List.of(snapshot));
        try (Stream<Path> others = Files.list(dir.resolve("others"))) {
            for (Path o : others.filter(Files::isDirectory).sorted().toList()) {
                all.add(new UserCfgSource(o.getFileName().toString(), o.resolve("user.cfg"), null, version,
                        UserCfgParser.Mode.FAIL).collect());
            }
        } catch (IOException e) {
            throw new SourceException(dir.resolve("others") + ": cannot list: " + e.getMessage());
        }
        Path identities = dir.resolve("identities.yml");
        Map<String, ClusterView> views = new HashMap<>();
        all.forEach(s -> views.put(s.cluster(), new ClusterView(s, now)));
        try {
            return PeopleIndex.of(all, Files.isRegularFile(identities) ? IdentitiesFile.read(identities)
                    : Identities.NONE, now, (c, user) -> views.get(c).adminEquivalent(user));
        } catch (IdentitiesException e) {
            throw new SourceException(e.getMessage());
        }
    }

    /** The campaign a case declares under {@code review:}, its rows from the cluster as reviewed. */
    private static ReviewState reviews(Path dir, String cluster, String version, JsonNode review,
                                       ClusterSnapshot current, long now) {
        Path cfg = dir.resolve("reviewed.cfg");
        ClusterSnapshot reviewed = Files.isRegularFile(cfg)
                ? new UserCfgSource(cluster, cfg, null, version, UserCfgParser.Mode.FAIL).collect() : current;
        ClusterView view = new ClusterView(reviewed, now);
        Map<String, String> digests = AccessDigest.byPrincipal(reviewed);
        List<ReviewRow> rows = new ArrayList<>();
        reviewed.users().forEach(u -> rows.add(new ReviewRow(cluster, u.id(), "user", null,
                view.adminEquivalent(u.id()), digests.get(u.id()), Map.of())));
        reviewed.tokens().forEach(t -> rows.add(new ReviewRow(cluster, t.id(), "token", null,
                view.adminEquivalent(t.id()), digests.get(t.id()), Map.of())));
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode d : review.path("decisions")) {
            Decision.Verdict verdict = Decision.Verdict.of(d.path("decision").asString());
            if (verdict == null) {
                throw new SourceException(dir.resolve("expected.yml") + ": review decision '"
                        + d.path("decision").asString() + "' is not keep, revoke or change");
            }
            decisions.add(new Decision(cluster, d.path("principal").asString(), verdict,
                    d.has("justification") ? d.get("justification").asString() : "",
                    d.has("reviewer") ? d.get("reviewer").asString() : "reviewer",
                    LocalDate.parse(d.path("on").asString())));
        }
        Campaign campaign = new Campaign(1, "test", 0, LocalDate.parse(review.path("due").asString()),
                Instant.ofEpochSecond(now), null, "test");
        return new ReviewState(campaign, rows, decisions);
    }

    /** The subjects the case expects findings for; {@code messages} receives those whose message it names. */
    private static Set<String> wanted(JsonNode expected, Map<String, String> messages) {
        Set<String> wanted = new TreeSet<>();
        JsonNode list = expected.get("findings");
        if (list != null) {
            for (JsonNode n : list) {
                String key = n.isObject() ? n.path("subject").asString() : n.asString();
                wanted.add(key);
                if (n.isObject() && n.has("message")) {
                    messages.put(key, n.get("message").asString());
                }
            }
        }
        return wanted;
    }

    /** A failed case when the rule's outcome is not the one the case expects (evaluated, not evaluated, error), else null. */
    private static CaseResult outcome(Rule rule, String name, JsonNode expected, Set<String> wanted,
                                      RuleOutcome ruleOutcome) {
        String outcome = expected.path("outcome").asString(null);
        if (outcome != null && !outcome.equals(NOT_EVALUATED) && !outcome.equals(ERROR)) {
            return new CaseResult(rule.id(), name, false, Set.of(), Set.of(), "unknown outcome '" + outcome
                    + "' (known: " + NOT_EVALUATED + ", " + ERROR + ")");
        }
        boolean notEvaluated = ruleOutcome.status() == RuleOutcome.Status.NOT_EVALUATED;
        if (notEvaluated != NOT_EVALUATED.equals(outcome)) {
            return new CaseResult(rule.id(), name, false, wanted, Set.of(), notEvaluated
                    ? "not evaluated: " + ruleOutcome.reason()
                    : "evaluated, but the case expects outcome: " + NOT_EVALUATED);
        }
        boolean failed = ruleOutcome.status() == RuleOutcome.Status.ERROR;
        if (failed != ERROR.equals(outcome)) {
            return new CaseResult(rule.id(), name, false, wanted, Set.of(), failed
                    ? "the rule failed: " + ruleOutcome.reason()
                    : "the rule ran, but the case expects outcome: " + ERROR);
        }
        String reason = expected.path("reason").asString(null);
        if (failed && reason != null && !ruleOutcome.reason().contains(reason)) {
            return new CaseResult(rule.id(), name, false, Set.of(), Set.of(), "the rule failed with '"
                    + ruleOutcome.reason() + "', expected a reason containing '" + reason + "'");
        }
        return null;
    }

    /** The case's result: passed when the findings' subjects and named messages are exactly the expected ones. */
    private static CaseResult compare(Rule rule, String name, Set<String> wanted, Map<String, String> messages,
                                      RuleEngine.Evaluation result) {
        Set<String> actual = new TreeSet<>(result.findings().stream().map(Finding::subjectKey).toList());
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(actual);
        Set<String> unexpected = new TreeSet<>(actual);
        unexpected.removeAll(wanted);
        List<String> wrongMessages = new ArrayList<>();
        for (Finding f : result.findings()) {
            String want = messages.get(f.subjectKey());
            if (want != null && !want.equals(f.message())) {
                wrongMessages.add("message of " + f.subjectKey() + " is '" + f.message() + "', expected '"
                        + want + "'");
            }
        }
        return new CaseResult(rule.id(), name, missing.isEmpty() && unexpected.isEmpty() && wrongMessages.isEmpty(),
                missing, unexpected, wrongMessages.isEmpty() ? null : String.join("; ", wrongMessages));
    }

    /** The case's {@code expected.yml}, read within the limits of every YAML file. */
    private static JsonNode expected(Path file) {
        try {
            return YamlDocument.parse(file.toString(), InputFiles.read(file, InputLimits.MAX_YAML_BYTES)).root();
        } catch (InputFileException e) {
            throw new SourceException(e.getMessage());
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read file");
        }
    }

    private static ClusterSnapshot load(Path dir, String cluster, String version) {
        if (Files.isDirectory(dir.resolve("snapshot"))) {
            return new SnapshotFolderSource(cluster, dir.resolve("snapshot"), version).collect();
        }
        if (Files.isRegularFile(dir.resolve("user.cfg"))) {
            Path domains = dir.resolve("domains.cfg");
            return new UserCfgSource(cluster, dir.resolve("user.cfg"), Files.exists(domains) ? domains : null, version,
                    UserCfgParser.Mode.FAIL).collect();
        }
        throw new SourceException(dir + ": a case needs user.cfg or a snapshot/ folder");
    }

}
