package org.pveaudit.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** Parses and checks a condition; throws {@link IllegalArgumentException} with a one-line reason. */
    public Expression parse(String text, Set<String> fields) {
        SpelExpression expression;
        try {
            expression = (SpelExpression) parser.parseExpression(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("expression syntax error: " + e.getSimpleMessage()
                    + " (at character " + e.getPosition() + ")");
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
        if (node instanceof FunctionReference || node instanceof VariableReference) {
            return "variable or function";
        }
        if (node instanceof Assign || node instanceof OpInc || node instanceof OpDec) {
            return "assignment";
        }
        return null;
    }

    /** True when the condition holds for the subject. */
    public boolean holds(Expression condition, Map<String, Object> fields) {
        EvaluationContext context = SimpleEvaluationContext
                .forPropertyAccessors(new MapAccessor(false))
                .withRootObject(fields)
                .build();
        Boolean result = condition.getValue(context, Boolean.class);
        return Boolean.TRUE.equals(result);
    }
}
