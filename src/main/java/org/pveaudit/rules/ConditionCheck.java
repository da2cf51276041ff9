package org.pveaudit.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
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
import org.pveaudit.model.Count;

/**
 * What {@code rules check} (and every load of a rule file) can know about a condition without
 * running it, from its parsed SpEL tree: no type, constructor, bean or method reference, no
 * assignment, no {@code .class}; only the subject's fields, the helper functions and the known
 * variables; no nesting deeper than {@link #MAX_DEPTH}; literal regular expressions valid and
 * small; and, where the kinds of values are known (fields, literals, functions), no comparison of
 * text with a number, no property of a list, no text where true or false is needed. What it cannot
 * know (a null field, division by zero) is left to the engine, which reports the rule as ERROR.
 */
final class ConditionCheck {

    /** Deepest nesting of a condition: evaluation recurses once per level. */
    static final int MAX_DEPTH = 100;

    private final Set<String> fields;
    private final ConditionTypes types;

    /** @param subject the rule's subject kind, or null to check only against {@code fields} (no types) */
    ConditionCheck(SubjectKind subject, Set<String> fields) {
        this.fields = fields;
        this.types = new ConditionTypes(subject, fields);
    }

    /** @throws IllegalArgumentException with a one-line reason naming the character where it is */
    void check(SpelNode root) {
        depth(root);
        refuse(root);
        FieldType result = types.type(root);
        if (result != null && result != FieldType.BOOLEAN) {
            throw error(root, "a condition must be true or false, but this one gives " + result.words());
        }
    }

    private static void depth(SpelNode root) {
        record Level(SpelNode node, int depth) { }
        Deque<Level> todo = new ArrayDeque<>();
        todo.push(new Level(root, 1));
        while (!todo.isEmpty()) {
            Level l = todo.pop();
            if (l.depth() > MAX_DEPTH) {
                throw error(l.node(), "the condition is nested more than " + MAX_DEPTH + " levels deep");
            }
            for (int i = 0; i < l.node().getChildCount(); i++) {
                todo.push(new Level(l.node().getChild(i), l.depth() + 1));
            }
        }
    }

    /**
     * Refused constructs and unknown names. A property name is a subject field only where it starts
     * a chain (in {@code options.mode}, {@code mode} is a key of the map field {@code options}).
     */
    private void refuse(SpelNode root) {
        record Visit(SpelNode node, boolean startsChain) { }
        Deque<Visit> todo = new ArrayDeque<>();
        todo.add(new Visit(root, true));
        while (!todo.isEmpty()) {
            Visit visit = todo.poll();
            SpelNode node = visit.node();
            String refused = refused(node);
            if (refused != null) {
                throw error(node, "expression not allowed: " + refused + " ('" + node.toStringAST()
                        + "'); rule conditions may only compare subject fields");
            }
            if (node instanceof PropertyOrFieldReference ref && visit.startsChain() && !fields.contains(ref.getName())) {
                throw error(node, "unknown field '" + ref.getName() + "'; known: " + String.join(", ",
                        new TreeSet<>(fields)));
            }
            boolean compound = node instanceof CompoundExpression;
            for (int i = 0; i < node.getChildCount(); i++) {
                todo.add(new Visit(node.getChild(i), !compound || i == 0));
            }
        }
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
        if (node instanceof PropertyOrFieldReference ref && ref.getName().equals("class")) {
            return "'.class'";
        }
        if (node instanceof FunctionReference) {
            String name = functionName(node);
            Integer arity = RuleFunctions.NAMES.get(name);
            if (arity == null) {
                return "unknown function #" + name + " (known: " + String.join(", ",
                        new TreeSet<>(RuleFunctions.NAMES.keySet())) + ")";
            }
            return node.getChildCount() == arity ? null : "#" + name + " takes " + Count.of(arity, "argument");
        }
        if (node instanceof VariableReference v && !RuleFunctions.VARIABLES.contains(v.toStringAST().substring(1))) {
            return "unknown variable " + v.toStringAST() + " (known: #now, #params, #this)";
        }
        if (node instanceof Assign || node instanceof OpInc || node instanceof OpDec) {
            return "assignment";
        }
        return null;
    }

    static String functionName(SpelNode function) {
        String ast = function.toStringAST();
        return ast.substring(1, ast.indexOf('('));
    }

    static IllegalArgumentException error(SpelNode node, String problem) {
        return new IllegalArgumentException(problem + " (at character " + (node.getStartPosition() + 1) + ")");
    }
}
