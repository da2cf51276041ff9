package org.pveaudit.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;

/**
 * The reason of a rule's ERROR outcome: why its condition failed at run time, in one line of plain
 * words for the people who read reports (no Java class names, no stack trace), with the character
 * of the condition where SpEL knows it and the subject it failed on.
 */
final class FailureReason {

    /** A qualified Java class name such as {@code java.lang.String} or {@code java.util.ImmutableCollections$ListN}. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z_][\\w]*\\.)+([A-Z][\\w]*)(?:\\$[\\w]+)*");

    private static final int MAX_LENGTH = 300;

    private FailureReason() {
    }

    /** @param subject the subject the condition failed on, or null when it failed between subjects */
    static String of(Throwable failure, Subject subject) {
        String what = describe(failure);
        String on = subject == null ? "" : (overBudget(failure) ? "; stopped at " : ", on ") + subject.kind().key()
                + " " + subject.key();
        return oneLine(what + on);
    }

    private static boolean overBudget(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ConditionFailure c) {
                return c.overBudget();
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        // the sandbox's own verdicts are worded already, wherever SpEL wrapped them
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConditionFailure c) {
                // where the clock ran out says nothing about the rule, and would make the message vary by load
                return c.getMessage() + (c.overBudget() ? "" : at(failure));
            }
            if (t == t.getCause()) {
                break;
            }
        }
        if (failure instanceof StackOverflowError) {
            return "the condition is nested too deeply to evaluate";
        }
        if (failure instanceof SpelEvaluationException e) {
            return spel(e) + at(e);
        }
        return cause(failure);
    }

    private static String spel(SpelEvaluationException e) {
        SpelMessage code = e.getMessageCode();
        Object[] in = e.getInserts() == null ? new Object[0] : e.getInserts();
        return switch (code) {
            case MAX_OPERATIONS_EXCEEDED -> "ran over its budget of " + RuleBudget.OPERATIONS_PER_SUBJECT
                    + " operations on one subject (nested projections or selections?)";
            case PROPERTY_OR_FIELD_NOT_READABLE_ON_NULL -> "reads '" + insert(in, 0) + "' of a missing value (null);"
                    + " check for null first or use '?.'";
            case PROPERTY_OR_FIELD_NOT_READABLE -> "'" + insert(in, 0) + "' is not a field of " + kind(insert(in, 1));
            case CANNOT_INDEX_INTO_NULL_VALUE -> "indexes [...] into a missing value (null)";
            case NOT_COMPARABLE -> "cannot compare " + kind(insert(in, 0)) + " with " + kind(insert(in, 1));
            case OPERATOR_NOT_SUPPORTED_BETWEEN_TYPES -> "the operator '" + operator(insert(in, 0)) + "' cannot combine "
                    + kind(insert(in, 1)) + " and " + kind(insert(in, 2));
            case TYPE_CONVERSION_ERROR -> "needs " + kind(insert(in, 1)) + " but got " + kind(insert(in, 0));
            case INVALID_FIRST_OPERAND_FOR_MATCHES_OPERATOR -> "'matches' needs text on its left, but got "
                    + value(insert(in, 0));
            case INVALID_SECOND_OPERAND_FOR_MATCHES_OPERATOR -> "'matches' needs a text pattern on its right, but got "
                    + value(insert(in, 0));
            case RESULT_OF_SELECTION_CRITERIA_IS_NOT_BOOLEAN -> "a selection ?[...] gave something other than true "
                    + "or false";
            case INVALID_TYPE_FOR_SELECTION, PROJECTION_NOT_SUPPORTED_ON_TYPE -> "a projection or selection needs a "
                    + "list, not " + kind(insert(in, 0));
            case COLLECTION_INDEX_OUT_OF_BOUNDS, ARRAY_INDEX_OUT_OF_BOUNDS -> "index " + insert(in, 1)
                    + " is past the end of a list of " + insert(in, 0);
            case STRING_INDEX_OUT_OF_BOUNDS -> "index " + insert(in, 1) + " is past the end of a text of "
                    + insert(in, 0) + " characters";
            case BETWEEN_RIGHT_OPERAND_MUST_BE_TWO_ELEMENT_LIST -> "'between' needs a list of two values";
            case MAX_CONCATENATED_STRING_LENGTH_EXCEEDED -> "joins text longer than " + insert(in, 0) + " characters";
            case MAX_REPEATED_TEXT_SIZE_EXCEEDED -> "repeats text longer than " + insert(in, 0) + " characters";
            case EXCEPTION_DURING_FUNCTION_CALL -> "helper function #" + insert(in, 0) + " failed: "
                    + (e.getCause() == null ? scrub(insert(in, 1)) : cause(e.getCause()));
            case EXCEPTION_DURING_PROPERTY_READ -> "reading '" + insert(in, 0) + "' failed: "
                    + (e.getCause() == null ? scrub(insert(in, 1)) : cause(e.getCause()));
            default -> e.getCause() != null && !(e.getCause() instanceof SpelEvaluationException)
                    ? cause(e.getCause()) : scrub(e.getMessage());
        };
    }

    private static String operator(String operation) {
        return switch (operation) {
            case "ADD" -> "+";
            case "SUBTRACT" -> "-";
            case "MULTIPLY" -> "*";
            case "DIVIDE" -> "/";
            case "MODULUS" -> "%";
            case "POWER" -> "^";
            default -> operation;
        };
    }

    private static String cause(Throwable t) {
        if (t instanceof SpelEvaluationException e) {
            return spel(e);
        }
        if (t instanceof ArithmeticException a) {
            return "/ by zero".equals(a.getMessage()) ? "division by zero" : "arithmetic error: " + scrub(a.getMessage());
        }
        if (t instanceof NullPointerException) {
            return "a missing value (null) where a value was expected";
        }
        if (t instanceof IndexOutOfBoundsException) {
            return "an index outside the list or text";
        }
        if (t instanceof ClassCastException) {
            return "a value of the wrong kind";
        }
        if (t instanceof ConditionFailure) {
            return t.getMessage();
        }
        return t.getMessage() == null ? "unexpected failure" : "unexpected failure: " + scrub(t.getMessage());
    }

    private static String at(Throwable t) {
        if (t instanceof SpelEvaluationException e && e.getPosition() >= 0) {
            return " (at character " + (e.getPosition() + 1) + ")";
        }
        return "";
    }

    private static String insert(Object[] inserts, int i) {
        return i < inserts.length ? String.valueOf(inserts[i]) : "?";
    }

    /** A Java type as a rule author knows it. */
    private static String kind(String type) {
        if (type == null || type.equals("null")) {
            return "a missing value (null)";
        }
        String name = type.replaceAll("<.*", "").strip();
        name = name.substring(name.lastIndexOf(' ') + 1);
        String simple = name.substring(name.lastIndexOf('.') + 1).replaceAll("\\$.*", "");
        return switch (simple) {
            case "String", "Character", "char" -> "text";
            case "Integer", "Long", "Double", "Float", "Short", "Byte", "BigDecimal", "BigInteger", "int", "long",
                    "double", "float", "Number" -> "a number";
            case "Boolean", "boolean", "BooleanTypedValue" -> "true or false";
            case "Map", "HashMap", "LinkedHashMap", "TreeMap", "UnmodifiableMap", "MapN", "Map1", "Entry",
                    "SimpleImmutableEntry" -> "a map";
            default -> simple.contains("List") || simple.contains("Set") || simple.contains("Collection")
                    || simple.startsWith("ListN") || simple.startsWith("List12") ? "a list" : "a value";
        };
    }

    private static String value(String v) {
        return v == null || v.equals("null") ? "a missing value (null)" : "'" + v + "'";
    }

    /** Spring's message without its code, with class names turned into kinds of value. */
    private static String scrub(String message) {
        if (message == null) {
            return "unexpected failure";
        }
        String m = message.replaceFirst("^EL\\d+E: ", "").replace(" - maybe not public or not valid?", "");
        Matcher k = CLASS_NAME.matcher(m);
        StringBuilder out = new StringBuilder();
        while (k.find()) {
            k.appendReplacement(out, Matcher.quoteReplacement(kind(k.group())));
        }
        k.appendTail(out);
        return out.toString();
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH - 3) + "..." : line;
    }
}
