package org.pveaudit.rules;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pveaudit.model.Dataset;

/**
 * The helper functions a rule condition may call, as {@code #name(...)}. They are the only code a
 * rule can reach: each is bound to the cluster, to the subject's principal and to the rule's
 * {@link WorkMeter}, which each call checks.
 */
final class RuleFunctions {

    /** What a function takes (null: any kind of value) and gives, for {@code rules check}. */
    record Signature(List<FieldType> parameters, FieldType result) {
    }

    /** The functions rules may call, by name. */
    static final Map<String, Signature> SIGNATURES = Map.of(
            "has", new Signature(List.of(FieldType.TEXT), FieldType.BOOLEAN),
            "hasAt", new Signature(List.of(FieldType.TEXT, FieldType.TEXT), FieldType.BOOLEAN),
            "hasUnder", new Signature(List.of(FieldType.TEXT, FieldType.TEXT), FieldType.BOOLEAN),
            "privs", new Signature(List.of(FieldType.TEXT), FieldType.LIST),
            "daysUntil", new Signature(List.of(FieldType.NUMBER), FieldType.NUMBER),
            "contains", new Signature(java.util.Arrays.asList(FieldType.LIST, null), FieldType.BOOLEAN),
            "containsAny", new Signature(List.of(FieldType.LIST, FieldType.LIST), FieldType.BOOLEAN),
            "size", new Signature(java.util.Collections.singletonList(null), FieldType.NUMBER));

    /** Names and the number of arguments of the functions rules may call. */
    static final Map<String, Integer> NAMES = Map.copyOf(SIGNATURES.entrySet().stream().collect(
            java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().parameters().size())));

    /** The functions that ask for the principal's effective privileges. */
    static final Set<String> PRIVILEGE_FUNCTIONS = Set.of("has", "hasAt", "hasUnder", "privs");

    /** The data effective privileges are computed from (pools only refine where, not which). */
    static final Set<Dataset> PRIVILEGE_DATA = Set.of(Dataset.ACL, Dataset.GROUPS, Dataset.ROLES);

    /**
     * Longest path a function takes, in characters: Proxmox paths are short, and one call on a path of
     * 50,000 segments runs for seconds between two budget checks.
     */
    static final int MAX_PATH = 1024;

    /** Variables rules may read: {@code #now} (epoch seconds), {@code #params}, {@code #this} in selections. */
    static final Set<String> VARIABLES = Set.of("now", "params", "this");

    private final ClusterView view;
    private final String principal;
    private final WorkMeter meter;

    RuleFunctions(ClusterView view, String principal, WorkMeter meter) {
        this.view = view;
        this.principal = principal;
        this.meter = meter;
    }

    /** The subject's principal holds the privilege on at least one path. */
    public boolean has(String privilege) {
        meter.check();
        return principal != null && view.privilegesAnywhere(principal).contains(privilege);
    }

    /** The subject's principal holds the privilege at exactly that path (after inheritance and pools). */
    public boolean hasAt(String privilege, String path) {
        meter.check();
        return principal != null && view.access().privileges(principal, path(path)).containsKey(privilege);
    }

    /**
     * The subject's principal holds the privilege at the path or at a relevant path below it (an ACL
     * node, a pool or a pool member): for privileges that Proxmox checks only on one subtree, such as
     * {@code User.Modify} on {@code /access/groups[/<group>]} or {@code Sys.Console} on {@code /nodes/<node>}.
     */
    public boolean hasUnder(String privilege, String path) {
        meter.check();
        return principal != null && view.holdsAtOrBelow(principal, path(path), privilege);
    }

    /** The subject's principal's privileges at the path. */
    public List<String> privs(String path) {
        meter.check();
        return principal == null ? List.of() : List.copyOf(view.access().privileges(principal, path(path)).keySet());
    }

    private static String path(String path) {
        if (path != null && path.length() > MAX_PATH) {
            throw new ConditionFailure("a path longer than " + MAX_PATH + " characters was given to a helper function");
        }
        return path;
    }

    /** Whole days from now until the epoch time (negative when past); a very large number for 0 = never. */
    public long daysUntil(long epochSeconds) {
        meter.check();
        return epochSeconds == 0 ? Long.MAX_VALUE / 2 : Math.floorDiv(epochSeconds - view.now(), 86_400L);
    }

    public boolean contains(Collection<?> list, Object value) {
        meter.check();
        return list != null && list.contains(value);
    }

    public boolean containsAny(Collection<?> list, Collection<?> values) {
        meter.check();
        // a list a condition built can hold up to SpEL's operation budget of elements: check as we go
        return list != null && values != null && values.stream().anyMatch(v -> {
            meter.check();
            return list.contains(v);
        });
    }

    public int size(Object value) {
        meter.check();
        if (value instanceof Collection<?> c) {
            return c.size();
        }
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        return value instanceof String s ? s.length() : 0;
    }

    /**
     * The functions as method handles taking the instance first; binding them per subject is then
     * cheap (looking each up again cost 60 µs per subject, seconds on a large cluster).
     */
    private static final Map<String, MethodHandle> UNBOUND = unbound();

    private static Map<String, MethodHandle> unbound() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Map<String, MethodType> types = Map.of(
                "has", MethodType.methodType(boolean.class, String.class),
                "hasAt", MethodType.methodType(boolean.class, String.class, String.class),
                "hasUnder", MethodType.methodType(boolean.class, String.class, String.class),
                "privs", MethodType.methodType(List.class, String.class),
                "daysUntil", MethodType.methodType(long.class, long.class),
                "contains", MethodType.methodType(boolean.class, Collection.class, Object.class),
                "containsAny", MethodType.methodType(boolean.class, Collection.class, Collection.class),
                "size", MethodType.methodType(int.class, Object.class));
        Map<String, MethodHandle> out = new java.util.HashMap<>();
        try {
            for (Map.Entry<String, MethodType> e : types.entrySet()) {
                out.put(e.getKey(), lookup.findVirtual(RuleFunctions.class, e.getKey(), e.getValue()));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rule functions not bindable", e);
        }
        return Map.copyOf(out);
    }

    /** Each function as a method handle bound to this instance, for the evaluation context. */
    Map<String, MethodHandle> handles() {
        Map<String, MethodHandle> out = new java.util.HashMap<>();
        UNBOUND.forEach((name, handle) -> out.put(name, handle.bindTo(this)));
        return out;
    }
}
