package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;

/**
 * The ERROR reason of failures that are not SpEL's own verdicts (a Java exception from a helper or an
 * accessor, a stack overflow, the sandbox's budget) and the fallbacks of SpEL's: worded for a rule
 * author, class names turned into kinds of value, one line of at most 300 characters.
 */
class FailureReasonTest {

    private static final Subject BOB = new Subject(SubjectKind.USER, "bob@pve", "/access/users/bob@pve", "bob@pve",
            Map.of());

    private static String reason(Throwable t) {
        return FailureReason.of(t, BOB);
    }

    @Test
    void javaFailuresInPlainWords() {
        assertThat(reason(new NullPointerException("x is null")))
                .isEqualTo("a missing value (null) where a value was expected, on user bob@pve");
        assertThat(reason(new ArrayIndexOutOfBoundsException(4)))
                .isEqualTo("an index outside the list or text, on user bob@pve");
        assertThat(reason(new ClassCastException("class java.lang.String cannot be cast to java.lang.Integer")))
                .isEqualTo("a value of the wrong kind, on user bob@pve");
        assertThat(reason(new ArithmeticException("/ by zero"))).isEqualTo("division by zero, on user bob@pve");
        assertThat(reason(new ArithmeticException("BigInteger would overflow")))
                .isEqualTo("arithmetic error: BigInteger would overflow, on user bob@pve");
        assertThat(reason(new ArithmeticException()))
                .isEqualTo("arithmetic error: unexpected failure, on user bob@pve");
    }

    @Test
    void unexpectedFailuresHaveTheirClassNamesScrubbed() {
        assertThat(reason(new IllegalStateException()))
                .isEqualTo("unexpected failure, on user bob@pve");
        assertThat(reason(new IllegalStateException("boom")))
                .isEqualTo("unexpected failure: boom, on user bob@pve");
        assertThat(reason(new IllegalStateException(
                "cannot turn java.util.ArrayList into java.lang.Integer or java.util.LinkedHashMap")))
                .isEqualTo("unexpected failure: cannot turn a list into a number or a map, on user bob@pve");
        assertThat(reason(new IllegalStateException("no java.util.HashSet, java.util.Collection, "
                + "org.example.Thing, java.lang.Boolean, java.util.ImmutableCollections$List12 or null here")))
                .isEqualTo("unexpected failure: no a list, a list, a value, true or false, a list or null here,"
                        + " on user bob@pve");
    }

    @Test
    void deepNesting() {
        assertThat(reason(new StackOverflowError()))
                .isEqualTo("the condition is nested too deeply to evaluate, on user bob@pve");
    }

    @Test
    void sandboxVerdictsKeepTheirWordsAndPosition() {
        SpelEvaluationException refused = new SpelEvaluationException(4, new ConditionFailure("no such helper"),
                SpelMessage.EXCEPTION_DURING_FUNCTION_CALL, "f", "x");
        assertThat(reason(refused)).isEqualTo("no such helper (at character 5), on user bob@pve");
        SpelEvaluationException late = new SpelEvaluationException(4, new ConditionFailure("ran over", true),
                SpelMessage.EXCEPTION_DURING_FUNCTION_CALL, "f", "x");
        assertThat(reason(late)).isEqualTo("ran over; stopped at user bob@pve");
        assertThat(FailureReason.of(late, null)).isEqualTo("ran over");
    }

    @Test
    void helpersAndFieldsFailingWithoutAJavaCause() {
        assertThat(reason(new SpelEvaluationException(0, SpelMessage.EXCEPTION_DURING_PROPERTY_READ, "name",
                "java.lang.String went wrong")))
                .isEqualTo("reading 'name' failed: text went wrong (at character 1), on user bob@pve");
        assertThat(reason(new SpelEvaluationException(0, new NullPointerException(),
                SpelMessage.EXCEPTION_DURING_PROPERTY_READ, "name", "npe")))
                .isEqualTo("reading 'name' failed: a missing value (null) where a value was expected"
                        + " (at character 1), on user bob@pve");
        assertThat(reason(new SpelEvaluationException(2, new SpelEvaluationException(SpelMessage.NOT_COMPARABLE,
                "java.lang.String", "java.lang.Integer"), SpelMessage.EXCEPTION_DURING_FUNCTION_CALL, "f", "x")))
                .isEqualTo("helper function #f failed: cannot compare text with a number (at character 3),"
                        + " on user bob@pve");
    }

    @Test
    void otherSpelFailuresFallBackToTheirCauseOrScrubbedMessage() {
        assertThat(reason(new SpelEvaluationException(0, new IndexOutOfBoundsException(),
                SpelMessage.METHOD_NOT_FOUND, "foo()", "java.lang.String")))
                .isEqualTo("an index outside the list or text (at character 1), on user bob@pve");
        assertThat(reason(new SpelEvaluationException(0, new SpelEvaluationException(SpelMessage.NOT_COMPARABLE,
                "a", "b"), SpelMessage.METHOD_NOT_FOUND, "foo()", "java.lang.String")))
                .as("SpEL's own failure inside")
                .isEqualTo("Method call: Method foo() cannot be found on type text (at character 1), on user bob@pve");
        assertThat(reason(new SpelEvaluationException(0, SpelMessage.METHOD_NOT_FOUND, "foo()",
                "java.lang.String")))
                .isEqualTo("Method call: Method foo() cannot be found on type text (at character 1), on user bob@pve");
    }

    @Test
    void kindsOfValueInSpelInserts() {
        assertThat(reason(new SpelEvaluationException(SpelMessage.NOT_COMPARABLE, null, "java.lang.Integer")))
                .isEqualTo("cannot compare a missing value (null) with a number (at character 1), on user bob@pve");
        assertThat(reason(new SpelEvaluationException(SpelMessage.NOT_COMPARABLE, "java.util.ArrayList")))
                .as("an insert SpEL left out")
                .isEqualTo("cannot compare a list with a value (at character 1), on user bob@pve");
        assertThat(reason(new SpelEvaluationException(SpelMessage.INVALID_FIRST_OPERAND_FOR_MATCHES_OPERATOR,
                (Object) null))).isEqualTo("'matches' needs text on its left, but got a missing value (null)"
                        + " (at character 1), on user bob@pve");
        assertThat(reason(new SpelEvaluationException(SpelMessage.INVALID_FIRST_OPERAND_FOR_MATCHES_OPERATOR, 5)))
                .isEqualTo("'matches' needs text on its left, but got '5' (at character 1), on user bob@pve");
    }

    @Test
    void reasonsAreOneLineOfAtMost300Characters() {
        String prefix = "unexpected failure: ";
        String exact = "w".repeat(300 - prefix.length());
        assertThat(FailureReason.of(new IllegalStateException(exact), null)).isEqualTo(prefix + exact).hasSize(300);
        String longer = exact + "w";
        assertThat(FailureReason.of(new IllegalStateException(longer), null))
                .isEqualTo(prefix + "w".repeat(300 - prefix.length() - 3) + "...").hasSize(300);
        assertThat(FailureReason.of(new IllegalStateException(" two\n  lines\t"), null))
                .isEqualTo("unexpected failure: two lines");
    }
}
