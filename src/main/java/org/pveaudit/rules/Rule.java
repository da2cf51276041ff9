package org.pveaudit.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pveaudit.model.Dataset;
import org.springframework.expression.Expression;

/**
 * One policy rule: a condition over subjects of one kind, and what to tell people when it holds.
 * {@code aliases} are former ids that still select it; {@code params} are the defaults a
 * configuration may override; {@code source} is {@code file:line:column} of its definition.
 */
public record Rule(String id, List<String> aliases, String title, Severity severity, SubjectKind subject,
                   String when, Expression condition, String message, String rationale, String remediation,
                   List<String> references, List<String> frameworks, List<String> tags, Map<String, Object> params,
                   Set<Dataset> requires, String source) {

    public Rule {
        aliases = List.copyOf(aliases);
        references = List.copyOf(references);
        frameworks = List.copyOf(frameworks);
        tags = List.copyOf(tags);
        params = Map.copyOf(params);
        requires = Set.copyOf(requires);
    }

    /** True for its id or one of its former ids. */
    public boolean answersTo(String idOrAlias) {
        return id.equalsIgnoreCase(idOrAlias) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(idOrAlias));
    }
}
