package org.pveaudit.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.BooleanLiteral;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.Elvis;
import org.springframework.expression.spel.ast.FloatLiteral;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.Indexer;
import org.springframework.expression.spel.ast.InlineList;
import org.springframework.expression.spel.ast.InlineMap;
import org.springframework.expression.spel.ast.IntLiteral;
import org.springframework.expression.spel.ast.LongLiteral;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpAnd;
import org.springframework.expression.spel.ast.OpDec;
import org.springframework.expression.spel.ast.OpDivide;
import org.springframework.expression.spel.ast.OpEQ;
import org.springframework.expression.spel.ast.OpGE;
import org.springframework.expression.spel.ast.OpGT;
import org.springframework.expression.spel.ast.OpInc;
import org.springframework.expression.spel.ast.OpLE;
import org.springframework.expression.spel.ast.OpLT;
import org.springframework.expression.spel.ast.OpMinus;
import org.springframework.expression.spel.ast.OpModulus;
import org.springframework.expression.spel.ast.OpMultiply;
import org.springframework.expression.spel.ast.OpNE;
import org.springframework.expression.spel.ast.OpOr;
import org.springframework.expression.spel.ast.OpPlus;
import org.springframework.expression.spel.ast.OperatorBetween;
import org.springframework.expression.spel.ast.OperatorInstanceof;
import org.springframework.expression.spel.ast.OperatorMatches;
import org.springframework.expression.spel.ast.OperatorNot;
import org.springframework.expression.spel.ast.OperatorPower;
import org.springframework.expression.spel.ast.Projection;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.RealLiteral;
import org.springframework.expression.spel.ast.Selection;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.ast.Ternary;
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

    private final SubjectKind subject;
    private final Set<String> fields;

    /** @param subject the rule's subject kind, or null to check only against {@code fields} (no types) */
    ConditionCheck(SubjectKind subject, Set<String> fields) {
        this.subject = subject;
        this.fields = fields;
    }

    /** @throws IllegalArgumentException with a one-line reason naming the character where it is */
    void check(SpelNode root) {
        depth(root);
        refuse(root);
        FieldType result = type(root);
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

    /**
     * The kind of value a node gives, or null where it cannot be known cheaply (null, {@code #this},
     * a map's value, an element of a list); checks the operands of every operator on the way.
     */
    private FieldType type(SpelNode node) {
        if (node instanceof StringLiteral) {
            return FieldType.TEXT;
        }
        if (node instanceof IntLiteral || node instanceof LongLiteral || node instanceof RealLiteral
                || node instanceof FloatLiteral) {
            return FieldType.NUMBER;
        }
        if (node instanceof BooleanLiteral) {
            return FieldType.BOOLEAN;
        }
        if (node instanceof PropertyOrFieldReference ref) {
            return subject == null ? null : FieldType.of(subject, ref.getName());
        }
        if (node instanceof VariableReference v) {
            return switch (v.toStringAST()) {
                case "#now" -> FieldType.NUMBER;
                case "#params" -> FieldType.MAP;
                default -> null;
            };
        }
        if (node instanceof FunctionReference) {
            return function(node);
        }
        if (node instanceof CompoundExpression) {
            return chain(node);
        }
        if (node instanceof Indexer index) {
            return rootIndex(index);
        }
        if (node instanceof OpAnd || node instanceof OpOr || node instanceof OperatorNot) {
            String op = node instanceof OpAnd ? "'and'" : node instanceof OpOr ? "'or'" : "'not' (!)";
            for (int i = 0; i < node.getChildCount(); i++) {
                expect(node.getChild(i), FieldType.BOOLEAN, op + " needs true or false");
            }
            return FieldType.BOOLEAN;
        }
        if (node instanceof OpEQ || node instanceof OpNE) {
            FieldType l = type(node.getChild(0));
            FieldType r = type(node.getChild(1));
            if (l != null && r != null && l != r) {
                throw error(node, "compares " + describe(node.getChild(0), l) + " with " + describe(node.getChild(1), r)
                        + ": this is never " + (node instanceof OpEQ ? "true" : "false"));
            }
            return FieldType.BOOLEAN;
        }
        if (node instanceof OpLT || node instanceof OpGT || node instanceof OpLE || node instanceof OpGE) {
            FieldType l = type(node.getChild(0));
            FieldType r = type(node.getChild(1));
            for (FieldType t : new FieldType[] {l, r}) {
                if (t == FieldType.LIST || t == FieldType.MAP || t == FieldType.BOOLEAN) {
                    throw error(node, "cannot order " + t.words() + " ('" + node.toStringAST() + "')");
                }
            }
            if (l != null && r != null && l != r) {
                throw error(node, "compares " + describe(node.getChild(0), l) + " with " + describe(node.getChild(1), r));
            }
            return FieldType.BOOLEAN;
        }
        if (node instanceof OperatorMatches) {
            FieldType l = type(node.getChild(0));
            if (l == FieldType.LIST || l == FieldType.MAP || l == FieldType.BOOLEAN) {
                throw error(node, "'matches' needs text on its left, not " + describe(node.getChild(0), l));
            }
            expect(node.getChild(1), FieldType.TEXT, "'matches' needs a text pattern on its right");
            if (node.getChild(1) instanceof StringLiteral literal) {
                try {
                    LinearRegex.check((String) literal.getLiteralValue().getValue());
                } catch (IllegalArgumentException e) {
                    throw error(node.getChild(1), e.getMessage());
                }
            }
            return FieldType.BOOLEAN;
        }
        if (node instanceof OperatorBetween) {
            type(node.getChild(0));
            SpelNode range = node.getChild(1);
            expect(range, FieldType.LIST, "'between' needs a list of two values on its right, such as {1, 10}");
            if (range instanceof InlineList list && list.getChildCount() != 2) {
                throw error(range, "'between' needs a list of exactly two values, such as {1, 10}");
            }
            return FieldType.BOOLEAN;
        }
        if (node instanceof OperatorInstanceof) {
            children(node);
            return FieldType.BOOLEAN;
        }
        if (node instanceof OpPlus) {
            return plus(node);
        }
        if (node instanceof OpMinus || node instanceof OpMultiply || node instanceof OpDivide
                || node instanceof OpModulus || node instanceof OperatorPower) {
            // each operand is typed once: typing twice per level would be exponential in the depth
            FieldType[] operands = new FieldType[node.getChildCount()];
            for (int i = 0; i < operands.length; i++) {
                operands[i] = type(node.getChild(i));
            }
            // SpEL repeats text: 'ab' * 2
            boolean repeat = node instanceof OpMultiply && operands[0] == FieldType.TEXT;
            for (int i = repeat ? 1 : 0; i < operands.length; i++) {
                if (operands[i] != null && operands[i] != FieldType.NUMBER) {
                    throw error(node.getChild(i), "arithmetic ('" + node.toStringAST() + "') needs numbers, but "
                            + describe(node.getChild(i), operands[i]) + " is given");
                }
            }
            return repeat ? FieldType.TEXT : FieldType.NUMBER;
        }
        if (node instanceof Ternary) {
            expect(node.getChild(0), FieldType.BOOLEAN, "the condition of '? :' needs true or false");
            FieldType a = type(node.getChild(1));
            FieldType b = type(node.getChild(2));
            return a == b ? a : null;
        }
        if (node instanceof Elvis) {
            FieldType a = type(node.getChild(0));
            FieldType b = type(node.getChild(1));
            return a == b ? a : null;
        }
        if (node instanceof InlineList) {
            children(node);
            return FieldType.LIST;
        }
        if (node instanceof InlineMap) {
            children(node);
            return FieldType.MAP;
        }
        children(node);
        return null;
    }

    private void children(SpelNode node) {
        for (int i = 0; i < node.getChildCount(); i++) {
            type(node.getChild(i));
        }
    }

    private FieldType plus(SpelNode node) {
        if (node.getChildCount() == 1) {
            expect(node.getChild(0), FieldType.NUMBER, "'+' needs a number");
            return FieldType.NUMBER;
        }
        FieldType l = type(node.getChild(0));
        FieldType r = type(node.getChild(1));
        if (l == FieldType.TEXT || r == FieldType.TEXT) {
            return FieldType.TEXT;
        }
        for (int i = 0; i < 2; i++) {
            FieldType t = i == 0 ? l : r;
            if (t != null && t != FieldType.NUMBER) {
                throw error(node.getChild(i), "'+' adds numbers or joins text, not " + describe(node.getChild(i), t));
            }
        }
        return l == FieldType.NUMBER && r == FieldType.NUMBER ? FieldType.NUMBER : null;
    }

    private FieldType function(SpelNode node) {
        RuleFunctions.Signature signature = RuleFunctions.SIGNATURES.get(functionName(node));
        for (int i = 0; i < node.getChildCount(); i++) {
            FieldType want = signature.parameters().get(i);
            if (want == null) {
                type(node.getChild(i));
            } else {
                expect(node.getChild(i), want, "argument " + (i + 1) + " of #" + functionName(node) + " must be "
                        + want.words());
            }
        }
        return signature.result();
    }

    /** A chain such as {@code options['issuer-url']}, {@code #privs('/').?[#this matches 'VM.*']}. */
    private FieldType chain(SpelNode node) {
        SpelNode first = node.getChild(0);
        FieldType t = first instanceof Indexer index ? rootIndex(index) : type(first);
        String shown = first.toStringAST();
        for (int i = 1; i < node.getChildCount(); i++) {
            SpelNode next = node.getChild(i);
            if (next instanceof PropertyOrFieldReference ref) {
                if (t != null && t != FieldType.MAP) {
                    throw error(next, "'" + shown + "' is " + t.words() + ": it has no '." + ref.getName() + "'");
                }
                t = null;
            } else if (next instanceof Indexer) {
                children(next);
                if (t == FieldType.NUMBER || t == FieldType.BOOLEAN) {
                    throw error(next, "'" + shown + "' is " + t.words() + ": it cannot be indexed with [...]");
                }
                t = t == FieldType.TEXT ? FieldType.TEXT : null;
            } else if (next instanceof Projection || next instanceof Selection) {
                if (t == FieldType.TEXT || t == FieldType.NUMBER || t == FieldType.BOOLEAN) {
                    throw error(next, "'" + shown + "' is " + t.words() + ": '" + next.toStringAST().substring(0, 2)
                            + "...]' needs a list");
                }
                if (next instanceof Selection) {
                    expect(next.getChild(0), FieldType.BOOLEAN, "a selection ?[...] needs true or false");
                } else {
                    children(next);
                }
                String ast = next.toStringAST();
                t = next instanceof Selection && (ast.startsWith("^") || ast.startsWith("$")) ? null : FieldType.LIST;
            } else {
                children(next);
                t = null;
            }
            shown = shown + (next instanceof PropertyOrFieldReference ? "." : "") + next.toStringAST();
        }
        return t;
    }

    /** {@code ['comment']} at the start of a chain reads a field of the subject like {@code comment}. */
    private FieldType rootIndex(Indexer index) {
        if (index.getChild(0) instanceof StringLiteral literal) {
            String name = (String) literal.getLiteralValue().getValue();
            if (!fields.contains(name)) {
                throw error(index, "unknown field '" + name + "'; known: " + String.join(", ", new TreeSet<>(fields)));
            }
            return subject == null ? null : FieldType.of(subject, name);
        }
        children(index);
        return null;
    }

    private void expect(SpelNode node, FieldType want, String problem) {
        FieldType t = type(node);
        if (t != null && t != want) {
            throw error(node, problem + ", but " + describe(node, t) + " is given");
        }
    }

    private String describe(SpelNode node, FieldType t) {
        if (node instanceof PropertyOrFieldReference ref) {
            return "field '" + ref.getName() + "' (" + t.words() + ")";
        }
        String ast = node.toStringAST();
        return (ast.length() > 40 ? "'" + ast.substring(0, 37) + "...'" : "'" + ast + "'") + " (" + t.words() + ")";
    }

    private static IllegalArgumentException error(SpelNode node, String problem) {
        return new IllegalArgumentException(problem + " (at character " + (node.getStartPosition() + 1) + ")");
    }
}
