package org.pveaudit.rules;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.OperatorMatches;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.SpelNodeImpl;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * The SpEL sandbox of rule conditions. Expressions are checked when a file is loaded
 * ({@link ConditionCheck}: no type, constructor, bean or method reference, no assignment, only the
 * subject's fields, and no type errors that can be known without data). Evaluation uses a read-only
 * {@link SimpleEvaluationContext} over the subject's field map, so nothing else is reachable, and is
 * bounded: SpEL counts {@link RuleBudget#OPERATIONS_PER_SUBJECT} operations per subject, the
 * {@code matches} operator runs on RE2/J ({@link LinearMatches}), and field reads and helper
 * functions check the rule's {@link WorkMeter}.
 */
public final class RuleExpressions {

    /** SpEL's own limits, set here so a system property cannot loosen them. */
    private static final SpelParserConfiguration LIMITS = new SpelParserConfiguration(SpelCompilerMode.OFF, null,
            false, false, Integer.MAX_VALUE, SpelParserConfiguration.DEFAULT_MAX_EXPRESSION_LENGTH,
            RuleBudget.OPERATIONS_PER_SUBJECT);

    /** Where a SpEL node keeps its operands: the only way to put {@link LinearMatches} in place of SpEL's own. */
    private static final Field CHILDREN = childrenField();

    private final SpelExpressionParser parser = new SpelExpressionParser(LIMITS);

    private static final Pattern PARAM = Pattern.compile("#params\\['([^']*)'\\]");

    /**
     * Parses and checks a condition against the subject's fields and the rule's params; throws
     * {@link IllegalArgumentException} with a one-line reason.
     */
    public Expression parse(String text, SubjectKind subject, Set<String> params) {
        return parse(text, subject, subject.fields(), params);
    }

    /** As {@link #parse(String, SubjectKind, Set)}, with only the names of the fields known (no type checks). */
    public Expression parse(String text, Set<String> fields, Set<String> params) {
        return parse(text, null, fields, params);
    }

    private Expression parse(String text, SubjectKind subject, Set<String> fields, Set<String> params) {
        SpelExpression expression;
        try {
            expression = (SpelExpression) parser.parseExpression(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("expression syntax error: " + e.getSimpleMessage()
                    + " (at character " + e.getPosition() + ")");
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("the condition is nested too deeply");
        } catch (SpelEvaluationException e) {
            // SpEL checks the length before parsing, and says so with its own exception
            throw new IllegalArgumentException(e.getMessageCode() == SpelMessage.MAX_EXPRESSION_LENGTH_EXCEEDED
                    ? "the condition is longer than " + LIMITS.getMaximumExpressionLength() + " characters"
                    : "expression syntax error: " + e.getMessage().replaceFirst("^EL\\d+E: ", ""));
        }
        Matcher param = PARAM.matcher(text);
        while (param.find()) {
            if (!params.contains(param.group(1))) {
                throw new IllegalArgumentException("unknown param '" + param.group(1) + "'"
                        + (params.isEmpty() ? " (the rule declares no params)" : "; declared: "
                        + String.join(", ", new TreeSet<>(params))));
            }
        }
        new ConditionCheck(subject, fields).check(expression.getAST());
        return withLinearMatches(expression);
    }

    /** Replaces every {@code matches} node of SpEL (java.util.regex) by {@link LinearMatches} (RE2/J). */
    private static SpelExpression withLinearMatches(SpelExpression expression) {
        SpelNodeImpl root = (SpelNodeImpl) expression.getAST();
        if (root instanceof OperatorMatches m) {
            root = new LinearMatches(m);
        }
        Deque<SpelNodeImpl> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            SpelNodeImpl node = todo.pop();
            for (int i = 0; i < node.getChildCount(); i++) {
                SpelNodeImpl child = (SpelNodeImpl) node.getChild(i);
                if (child instanceof OperatorMatches m && !(child instanceof LinearMatches)) {
                    child = new LinearMatches(m);
                    replaceChild(node, i, child);
                }
                todo.push(child);
            }
        }
        return root == expression.getAST() ? expression
                : new SpelExpression(expression.getExpressionString(), root, LIMITS);
    }

    private static void replaceChild(SpelNodeImpl parent, int index, SpelNodeImpl child) {
        try {
            ((SpelNodeImpl[]) CHILDREN.get(parent))[index] = child;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("SpEL nodes cannot be rewritten", e);
        }
    }

    private static Field childrenField() {
        try {
            Field f = SpelNodeImpl.class.getDeclaredField("children");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a SpEL version without it: fail at start-up, never fall back to backtracking regexes
            throw new IllegalStateException("this SpEL version cannot be sandboxed (no SpelNodeImpl.children)", e);
        }
    }

    /**
     * What a checked condition reads: the subject fields it names (where a chain starts) and, as
     * {@code #name}, the helper functions it calls.
     */
    public Set<String> reads(Expression condition) {
        Set<String> out = new TreeSet<>();
        record Visit(SpelNode node, boolean startsChain) { }
        Deque<Visit> todo = new ArrayDeque<>();
        todo.add(new Visit(((SpelExpression) condition).getAST(), true));
        while (!todo.isEmpty()) {
            Visit visit = todo.poll();
            SpelNode node = visit.node();
            if (node instanceof PropertyOrFieldReference ref && visit.startsChain()) {
                out.add(ref.getName());
            }
            if (node instanceof FunctionReference f) {
                out.add("#" + ConditionCheck.functionName(f));
            }
            boolean compound = node instanceof CompoundExpression;
            for (int i = 0; i < node.getChildCount(); i++) {
                todo.add(new Visit(node.getChild(i), !compound || i == 0));
            }
        }
        return out;
    }

    /**
     * The read-only evaluation context of a subject: its fields as root object, the helper functions
     * bound to its principal, and {@code #now}; every field read and function call checks
     * {@code meter}. Build it once per subject and reuse it for every rule.
     */
    public EvaluationContext context(Subject subject, ClusterView view, WorkMeter meter) {
        SimpleEvaluationContext context = SimpleEvaluationContext
                .forPropertyAccessors(new FieldAccessor(meter))
                .withRootObject(subject.fields())
                .build();
        new RuleFunctions(view, subject.principal(), meter).handles().forEach(context::setVariable);
        context.setVariable("now", view.now());
        return new RuleContext(context, meter);
    }

    /** A context whose budget is never started: for evaluating a condition outside an audit. */
    public EvaluationContext context(Subject subject, ClusterView view) {
        return context(subject, view, new WorkMeter());
    }

    /**
     * True when the condition holds in the subject's context, with the rule's effective params; a
     * null result does not hold.
     *
     * @throws ConditionFailure when the result is neither true, false nor null
     * @throws org.springframework.expression.EvaluationException when the condition fails
     */
    public boolean holds(Expression condition, EvaluationContext context, Map<String, Object> params) {
        context.setVariable("params", params);
        Object result = condition.getValue(context);
        if (result == null || result instanceof Boolean) {
            return Boolean.TRUE.equals(result);
        }
        FieldType kind = FieldType.ofValue(result);
        throw new ConditionFailure("the condition gave " + (kind == null ? "a value" : kind.words())
                + ", not true or false");
    }
}
