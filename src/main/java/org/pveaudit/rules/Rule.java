package org.pveaudit.rules;

import java.util.List;
import java.util.Set;
import org.pveaudit.model.Dataset;
import org.springframework.expression.Expression;

/** One policy rule: a condition over subjects of one kind, and what to tell people when it holds. */
public record Rule(String id, String title, Severity severity, SubjectKind subject, String when,
                   Expression condition, String message, String rationale, String remediation,
                   List<String> references, List<String> frameworks, Set<Dataset> requires, String source) {

    public Rule {
        references = List.copyOf(references);
        frameworks = List.copyOf(frameworks);
        requires = Set.copyOf(requires);
    }
}
