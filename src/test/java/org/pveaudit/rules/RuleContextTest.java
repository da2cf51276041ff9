package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.support.ReflectiveIndexAccessor;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * A subject's evaluation context is its read-only {@link SimpleEvaluationContext} and the rule's
 * {@link WorkMeter}: whatever the delegate allows or refuses, the context allows or refuses.
 */
class RuleContextTest {

    private final WorkMeter meter = new WorkMeter();

    @Test
    void carriesTheRulesMeter() {
        RuleContext c = new RuleContext(SimpleEvaluationContext.forReadOnlyDataBinding().build(), meter);
        assertThat(c.meter()).isSameAs(meter);
    }

    @Test
    void aReadOnlyContextRefusesAssignmentsAndTypes() {
        SimpleEvaluationContext d = SimpleEvaluationContext.forReadOnlyDataBinding().withRootObject(Map.of()).build();
        RuleContext c = new RuleContext(d, meter);
        assertThat(c.isAssignmentEnabled()).isFalse();
        assertThatThrownBy(() -> c.assignVariable("x", () -> new TypedValue(1)))
                .isInstanceOf(SpelEvaluationException.class).hasMessageContaining("Assignment to variable '#x'");
        assertThat(c.getTypeLocator()).isSameAs(d.getTypeLocator()).isNotNull();
        assertThatThrownBy(() -> c.getTypeLocator().findType("java.lang.Runtime"))
                .isInstanceOf(SpelEvaluationException.class);
        assertThat(c.getBeanResolver()).isNull();
        assertThat(c.getRootObject()).isSameAs(d.getRootObject());
    }

    @Test
    void delegatesWhatTheContextIsBuiltWith() {
        SimpleEvaluationContext d = SimpleEvaluationContext.forReadWriteDataBinding().withInstanceMethods()
                .withIndexAccessors(new ReflectiveIndexAccessor(String.class, int.class, "charAt")).build();
        EvaluationContext c = new RuleContext(d, meter);
        assertThat(c.isAssignmentEnabled()).isTrue();
        c.setVariable("x", 7);
        assertThat(c.lookupVariable("x")).isEqualTo(7);
        assertThat(c.getMethodResolvers()).isNotEmpty().isEqualTo(d.getMethodResolvers());
        assertThat(c.getIndexAccessors()).isNotEmpty().isEqualTo(d.getIndexAccessors());
        assertThat(c.getPropertyAccessors()).isNotEmpty().isEqualTo(d.getPropertyAccessors());
    }
}
