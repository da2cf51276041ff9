package org.pveaudit.rules;

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
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpDec;
import org.springframework.expression.spel.ast.OpInc;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.MapAccessor;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * The SpEL sandbox of rule conditions. Expressions are checked when a file is loaded: type
 * references, constructors, bean references, method calls, functions and assignments are refused,
 * and property names must be fields of the rule's subject. Evaluation uses a read-only
 * {@link SimpleEvaluationContext} over the subject's field map, so nothing else is reachable.
 */
public final class RuleExpressions {

    private final SpelExpressionParser parser = new SpelExpressionParser();

    private static final Pattern PARAM = Pattern.compile("#params\\['([^']*)'\\]");

    /**
     * Parses and checks a condition against the subject's fields and the rule's params; throws
     * {@link IllegalArgumentException} with a one-line reason.
     */
    public Expression parse(String text, Set<String> fields, Set<String> params) {
        SpelExpression expression;
        try {
            expression = (SpelExpression) parser.parseExpression(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("expression syntax error: " + e.getSimpleMessage()
                    + " (at character " + e.getPosition() + ")");
        }
        Matcher param = PARAM.matcher(text);
        while (param.find()) {
            if (!params.contains(param.group(1))) {
                throw new IllegalArgumentException("unknown param '" + param.group(1) + "'"
                        + (params.isEmpty() ? " (the rule declares no params)" : "; declared: "
                        + String.join(", ", new TreeSet<>(params))));
            }
        }
        // Each node is checked; a property name is a subject field only where it starts a chain
        // (in 'options.mode', 'mode' is a key of the map field 'options').
        record Visit(SpelNode node, boolean startsChain) { }
        Deque<Visit> todo = new ArrayDeque<>();
        todo.add(new Visit(expression.getAST(), true));
        while (!todo.isEmpty()) {
            Visit visit = todo.poll();
            SpelNode node = visit.node();
            String refused = refused(node);
            if (refused != null) {
                throw new IllegalArgumentException("expression not allowed: " + refused + " ('"
                        + node.toStringAST() + "'); rule conditions may only compare subject fields");
            }
            if (node instanceof PropertyOrFieldReference ref && visit.startsChain() && !fields.contains(ref.getName())) {
                throw new IllegalArgumentException("unknown field '" + ref.getName() + "'; known: "
                        + String.join(", ", new TreeSet<>(fields)));
            }
            boolean compound = node instanceof CompoundExpression;
            for (int i = 0; i < node.getChildCount(); i++) {
                todo.add(new Visit(node.getChild(i), !compound || i == 0));
            }
        }
        return expression;
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
                out.add(f.toStringAST().substring(0, f.toStringAST().indexOf('(')));
            }
            boolean compound = node instanceof CompoundExpression;
            for (int i = 0; i < node.getChildCount(); i++) {
                todo.add(new Visit(node.getChild(i), !compound || i == 0));
            }
        }
        return out;
    }

    private static String refused(SpelNode node) {
        if (node instanceof TypeReference) {
            return "type reference";
        }
        if (node instanceof ConstructorReference) {
            return "constructor call";
        }
        if (node instanceof BeanReference) {
            return "bean reference";
        }
        if (node instanceof MethodReference) {
            return "method call";
        }
        if (node instanceof FunctionReference f) {
            String name = f.toStringAST().substring(1, f.toStringAST().indexOf('('));
            Integer arity = RuleFunctions.NAMES.get(name);
            if (arity == null) {
                return "unknown function #" + name + " (known: " + String.join(", ",
                        new TreeSet<>(RuleFunctions.NAMES.keySet())) + ")";
            }
            return f.getChildCount() == arity ? null : "#" + name + " takes " + arity + " argument(s)";
        }
        if (node instanceof VariableReference v && !RuleFunctions.VARIABLES.contains(v.toStringAST().substring(1))) {
            return "unknown variable " + v.toStringAST() + " (known: #now, #params, #this)";
        }
        if (node instanceof Assign || node instanceof OpInc || node instanceof OpDec) {
            return "assignment";
        }
        return null;
    }

    /**
     * The read-only evaluation context of a subject: its fields as root object, the helper functions
     * bound to its principal, and {@code #now}. Build it once per subject and reuse it for every rule.
     */
    public EvaluationContext context(Subject subject, ClusterView view) {
        SimpleEvaluationContext context = SimpleEvaluationContext
                .forPropertyAccessors(new MapAccessor(false))
                .withRootObject(subject.fields())
                .build();
        new RuleFunctions(view, subject.principal()).handles().forEach(context::setVariable);
        context.setVariable("now", view.now());
        return context;
    }

    /** True when the condition holds in the subject's context, with the rule's effective params. */
    public boolean holds(Expression condition, EvaluationContext context, Map<String, Object> params) {
        context.setVariable("params", params);
        Boolean result = condition.getValue(context, Boolean.class);
        return Boolean.TRUE.equals(result);
    }
}
