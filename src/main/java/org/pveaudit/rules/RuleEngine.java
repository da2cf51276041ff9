package org.pveaudit.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Dataset;

/** Evaluates rule packs against one cluster snapshot: every rule yields an outcome, failing ones findings. */
public final class RuleEngine {

    private final RuleExpressions expressions;

    public RuleEngine(RuleExpressions expressions) {
        this.expressions = expressions;
    }

    /** The result of evaluating all rules on one cluster. */
    public record Evaluation(List<RuleOutcome> outcomes, List<Finding> findings) {
    }

    public Evaluation evaluate(List<RulePack> packs, ClusterSnapshot snapshot, long now) {
        List<RuleOutcome> outcomes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Set<Dataset> missing = snapshot.missing();
        for (RulePack pack : packs) {
            for (Rule rule : pack.rules()) {
                Set<Dataset> lacking = rule.requires().stream().filter(missing::contains)
                        .collect(Collectors.toSet());
                if (!lacking.isEmpty()) {
                    outcomes.add(new RuleOutcome(snapshot.cluster(), rule.id(), rule.severity(), rule.title(),
                            RuleOutcome.Status.NOT_EVALUATED, 0, "data not available: " + snapshot.coverage().stream()
                            .filter(g -> lacking.contains(g.dataset()))
                            .map(g -> g.source() + " (" + g.reason() + ")").distinct()
                            .collect(Collectors.joining("; "))));
                    continue;
                }
                int before = findings.size();
                for (Subject subject : Subject.of(rule.subject(), snapshot, now)) {
                    if (expressions.holds(rule.condition(), subject.fields())) {
                        findings.add(new Finding(snapshot.cluster(), rule.id(), rule.severity(), rule.title(),
                                rule.subject(), subject.key(), subject.path(),
                                RuleMessage.render(rule.message(), subject.fields())));
                    }
                }
                int count = findings.size() - before;
                outcomes.add(new RuleOutcome(snapshot.cluster(), rule.id(), rule.severity(), rule.title(),
                        count == 0 ? RuleOutcome.Status.PASSED : RuleOutcome.Status.FAILED, count, null));
            }
        }
        return new Evaluation(outcomes, findings);
    }
}
