package org.pveaudit.rules;

import org.springframework.expression.EvaluationException;
import org.springframework.expression.common.ExpressionUtils;
import org.springframework.expression.spel.ExpressionState;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;
import org.springframework.expression.spel.ast.OperatorMatches;
import org.springframework.expression.spel.ast.SpelNodeImpl;
import org.springframework.expression.spel.support.BooleanTypedValue;

/**
 * The {@code matches} operator of rule conditions with SpEL's semantics (the whole text must
 * match; text on the left, a text pattern on the right) but {@link LinearRegex} instead of
 * {@code java.util.regex}, and the rule's {@link WorkMeter} checked while the text is read.
 */
final class LinearMatches extends OperatorMatches {

    private final LinearRegex patterns = new LinearRegex();

    LinearMatches(OperatorMatches original) {
        super(original.getStartPosition(), original.getEndPosition(), original.getLeftOperand(),
                original.getRightOperand());
    }

    @Override
    public BooleanTypedValue getValueInternal(ExpressionState state) throws EvaluationException {
        SpelNodeImpl left = getLeftOperand();
        SpelNodeImpl right = getRightOperand();
        String input = ExpressionUtils.convertTypedValue(state.getEvaluationContext(), left.getValueInternal(state),
                String.class);
        if (input == null) {
            throw new SpelEvaluationException(left.getStartPosition(),
                    SpelMessage.INVALID_FIRST_OPERAND_FOR_MATCHES_OPERATOR, (Object) null);
        }
        Object regex = right.getValue(state);
        if (!(regex instanceof String text)) {
            throw new SpelEvaluationException(right.getStartPosition(),
                    SpelMessage.INVALID_SECOND_OPERAND_FOR_MATCHES_OPERATOR, regex);
        }
        state.trackOperation();
        com.google.re2j.Pattern pattern;
        try {
            pattern = patterns.compile(text);
        } catch (IllegalArgumentException e) {
            throw new ConditionFailure(e.getMessage());
        }
        WorkMeter meter = state.getEvaluationContext() instanceof RuleContext c ? c.meter() : null;
        CharSequence seq = meter == null ? input : new MeteredText(input, meter);
        return BooleanTypedValue.forValue(pattern.matcher(seq).matches());
    }

    /** Text that checks the rule's budget every {@link WorkMeter#CHARACTERS_PER_CHECK} characters read. */
    private static final class MeteredText implements CharSequence {

        private final String text;
        private final WorkMeter meter;
        private int reads;

        MeteredText(String text, WorkMeter meter) {
            this.text = text;
            this.meter = meter;
        }

        @Override
        public char charAt(int index) {
            if (++reads % WorkMeter.CHARACTERS_PER_CHECK == 0) {
                meter.check();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
