package org.pveaudit.rules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.pveaudit.model.Dataset;
import org.springframework.expression.EvaluationContext;

/** Evaluates rule packs against one cluster: every enabled rule yields an outcome, failing ones findings. */
public final class RuleEngine {

    private final RuleExpressions expressions;

    public RuleEngine(RuleExpressions expressions) {
        this.expressions = expressions;
    }

    /**
     * The result of evaluating all rules on one cluster. {@code waivedBy} holds, for each finding, the
     * position in the waiver list of the waiver that covers it, or null.
     */
    public record Evaluation(List<RuleOutcome> outcomes, List<Finding> findings, List<Integer> waivedBy) {

        /** This evaluation and another of the same cluster (other rules) as one. */
        public Evaluation plus(Evaluation other) {
            return new Evaluation(concat(outcomes, other.outcomes), concat(findings, other.findings),
                    concat(waivedBy, other.waivedBy));
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    public Evaluation evaluate(List<RulePack> packs, ClusterView view, RuleSettings settings) {
        return evaluate(packs, view, settings, List.of(), java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    }

    /** Evaluates, then applies the waivers that have not expired on {@code today}. */
    public Evaluation evaluate(List<RulePack> packs, ClusterView view, RuleSettings settings, List<Waiver> waivers,
                               java.time.LocalDate today) {
        List<Integer> waivedBy = new ArrayList<>();
        List<RuleOutcome> outcomes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Set<Dataset> missing = view.missing();
        String cluster = view.snapshot().cluster();
        Map<SubjectKind, List<Subject>> subjects = new EnumMap<>(SubjectKind.class);
        // a subject's context binds its helper functions; built once, shared by every rule over that subject
        Map<Subject, EvaluationContext> contexts = new IdentityHashMap<>();
        WorkMeter meter = new WorkMeter();
        for (RulePack pack : packs) {
            for (Rule rule : pack.rules()) {
                if (!settings.enabled(rule)) {
                    continue;
                }
                Severity severity = settings.severity(rule);
                Set<Dataset> lacking = rule.requires().stream().filter(missing::contains).collect(Collectors.toSet());
                if (!lacking.isEmpty()) {
                    outcomes.add(new RuleOutcome(cluster, rule.id(), severity, rule.title(),
                            RuleOutcome.Status.NOT_EVALUATED, 0, "data not available: " + view.coverage()
                            .stream().filter(g -> lacking.contains(g.dataset()))
                            .map(g -> g.source() + " (" + g.reason() + ")").distinct()
                            .collect(Collectors.joining("; "))));
                    continue;
                }
                Map<String, Object> params = settings.params(rule);
                // subjects and effective privileges are shared by every rule: built before the rule's clock starts
                List<Subject> all = subjects.computeIfAbsent(rule.subject(), k -> {
                    List<Subject> of = Subject.of(k, view);
                    of.forEach(x -> contexts.put(x, expressions.context(x, view, meter)));
                    return of;
                });
                // a person's subjects come from the people index, not this engine: a run builds none for them
                if (rule.subject() != SubjectKind.PERSON && rule.requires().containsAll(RuleFunctions.PRIVILEGE_DATA)) {
                    view.access();
                }
                RuleRun run = run(rule, severity, all, contexts, view, params, settings.budget(), meter);
                if (run.error() != null) {
                    // a partial result is not true: the rule's findings on this cluster are dropped
                    outcomes.add(new RuleOutcome(cluster, rule.id(), severity, rule.title(), RuleOutcome.Status.ERROR,
                            0, run.error()));
                    continue;
                }
                int open = 0;
                for (Finding f : run.findings()) {
                    Integer waiver = waiverFor(rule, f, waivers, today);
                    findings.add(f);
                    waivedBy.add(waiver);
                    open += waiver == null ? 1 : 0;
                }
                int count = run.findings().size();
                RuleOutcome.Status status = count == 0 ? RuleOutcome.Status.PASSED
                        : open == 0 ? RuleOutcome.Status.WAIVED : RuleOutcome.Status.FAILED;
                outcomes.add(new RuleOutcome(cluster, rule.id(), severity, rule.title(), status, count, null));
            }
        }
        return new Evaluation(outcomes, findings, waivedBy);
    }

    /** One rule on one cluster: its findings, or why it failed (then no findings). */
    private record RuleRun(List<Finding> findings, String error) {
    }

    /** Evaluates one rule on every subject, within the rule's budget. */
    private RuleRun run(Rule rule, Severity severity, List<Subject> subjects,
                        Map<Subject, EvaluationContext> contexts, ClusterView view,
                        Map<String, Object> params, RuleBudget budget, WorkMeter meter) {
        String cluster = view.snapshot().cluster();
        List<Finding> found = new ArrayList<>();
        Subject current = null;
        meter.start(budget, subjects.size());
        try {
            for (Subject subject : subjects) {
                current = subject;
                meter.check();
                if (expressions.holds(rule.condition(), contexts.get(subject), params)) {
                    found.add(new Finding(cluster, rule.id(), severity, rule.title(), rule.subject(), subject.key(),
                            principalOf(subject), subject.path(), RuleMessage.render(rule.message(), subject.fields(),
                            params)));
                }
            }
            return new RuleRun(found, null);
        } catch (RuntimeException | StackOverflowError e) {
            // whatever the condition does wrong costs this rule on this cluster, never the run
            return new RuleRun(List.of(), FailureReason.of(e, current));
        } finally {
            meter.stop();
        }
    }

    private static Integer waiverFor(Rule rule, Finding f, List<Waiver> waivers, java.time.LocalDate today) {
        for (int i = 0; i < waivers.size(); i++) {
            Waiver w = waivers.get(i);
            if (!w.expiredOn(today) && w.matches(rule, f)) {
                return i;
            }
        }
        return null;
    }

    private static String principalOf(Subject subject) {
        Object p = subject.fields().get("principal");
        if (p != null) {
            return p.toString();
        }
        return subject.kind() == SubjectKind.GROUP ? "@" + subject.key() : null;
    }
}
