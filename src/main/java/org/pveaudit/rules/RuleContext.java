package org.pveaudit.rules;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.IndexAccessor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.OperatorOverloader;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeComparator;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypeLocator;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * The evaluation context of one subject: a read-only {@link SimpleEvaluationContext} that also
 * carries the {@link WorkMeter} of the rule being evaluated, so the sandbox's own operators can
 * hold it to its budget.
 */
final class RuleContext implements EvaluationContext {

    private final SimpleEvaluationContext delegate;
    private final WorkMeter meter;

    RuleContext(SimpleEvaluationContext delegate, WorkMeter meter) {
        this.delegate = delegate;
        this.meter = meter;
    }

    WorkMeter meter() {
        return meter;
    }

    @Override
    public TypedValue getRootObject() {
        return delegate.getRootObject();
    }

    @Override
    public List<PropertyAccessor> getPropertyAccessors() {
        return delegate.getPropertyAccessors();
    }

    @Override
    public List<IndexAccessor> getIndexAccessors() {
        return delegate.getIndexAccessors();
    }

    @Override
    public List<MethodResolver> getMethodResolvers() {
        return delegate.getMethodResolvers();
    }

    @Override
    public BeanResolver getBeanResolver() {
        return delegate.getBeanResolver();
    }

    @Override
    public TypeLocator getTypeLocator() {
        return delegate.getTypeLocator();
    }

    @Override
    public TypeConverter getTypeConverter() {
        return delegate.getTypeConverter();
    }

    @Override
    public TypeComparator getTypeComparator() {
        return delegate.getTypeComparator();
    }

    @Override
    public OperatorOverloader getOperatorOverloader() {
        return delegate.getOperatorOverloader();
    }

    @Override
    public TypedValue assignVariable(String name, Supplier<TypedValue> valueSupplier) {
        return delegate.assignVariable(name, valueSupplier);
    }

    @Override
    public void setVariable(String name, Object value) {
        delegate.setVariable(name, value);
    }

    @Override
    public Object lookupVariable(String name) {
        return delegate.lookupVariable(name);
    }

    @Override
    public boolean isAssignmentEnabled() {
        return delegate.isAssignmentEnabled();
    }
}
