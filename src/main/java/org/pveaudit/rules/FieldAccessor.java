package org.pveaudit.rules;

import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.support.MapAccessor;

/** Reads subject fields (and keys of map fields) read-only, checking the rule's budget on every read. */
final class FieldAccessor extends MapAccessor {

    private final WorkMeter meter;

    FieldAccessor(WorkMeter meter) {
        super(false);
        this.meter = meter;
    }

    @Override
    public TypedValue read(EvaluationContext context, Object target, String name) throws AccessException {
        meter.check();
        return super.read(context, target, name);
    }
}
