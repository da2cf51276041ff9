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
 * rule can reach: each is bound to the cluster and to the subject's principal.
 */
final class RuleFunctions {

    /** Names and the number of arguments of the functions rules may call. */
    static final Map<String, Integer> NAMES = Map.of("has", 1, "hasAt", 2, "hasUnder", 2, "privs", 1,
            "daysUntil", 1, "contains", 2, "containsAny", 2, "size", 1);

    /** The functions that ask for the principal's effective privileges. */
    static final Set<String> PRIVILEGE_FUNCTIONS = Set.of("has", "hasAt", "hasUnder", "privs");

    /** The data effective privileges are computed from (pools only refine where, not which). */
    static final Set<Dataset> PRIVILEGE_DATA = Set.of(Dataset.ACL, Dataset.GROUPS, Dataset.ROLES);

    /** Variables rules may read: {@code #now} (epoch seconds), {@code #params}, {@code #this} in selections. */
    static final Set<String> VARIABLES = Set.of("now", "params", "this");

    private final ClusterView view;
    private final String principal;

    RuleFunctions(ClusterView view, String principal) {
        this.view = view;
        this.principal = principal;
    }

    /** The subject's principal holds the privilege on at least one path. */
    public boolean has(String privilege) {
        return principal != null && view.privilegesAnywhere(principal).contains(privilege);
    }

    /** The subject's principal holds the privilege at exactly that path (after inheritance and pools). */
    public boolean hasAt(String privilege, String path) {
        return principal != null && view.access().privileges(principal, path).containsKey(privilege);
    }

    /**
     * The subject's principal holds the privilege at the path or at a relevant path below it (an ACL
     * node, a pool or a pool member): for privileges that Proxmox checks only on one subtree, such as
     * {@code User.Modify} on {@code /access/groups[/<group>]} or {@code Sys.Console} on {@code /nodes/<node>}.
     */
    public boolean hasUnder(String privilege, String path) {
        return principal != null && view.holdsAtOrBelow(principal, path, privilege);
    }

    /** The subject's principal's privileges at the path. */
    public List<String> privs(String path) {
        return principal == null ? List.of() : List.copyOf(view.access().privileges(principal, path).keySet());
    }

    /** Whole days from now until the epoch time (negative when past); a very large number for 0 = never. */
    public long daysUntil(long epochSeconds) {
        return epochSeconds == 0 ? Long.MAX_VALUE / 2 : Math.floorDiv(epochSeconds - view.now(), 86_400L);
    }

    public static boolean contains(Collection<?> list, Object value) {
        return list != null && list.contains(value);
    }

    public static boolean containsAny(Collection<?> list, Collection<?> values) {
        return list != null && values != null && values.stream().anyMatch(list::contains);
    }

    public static int size(Object value) {
        if (value instanceof Collection<?> c) {
            return c.size();
        }
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        return value instanceof String s ? s.length() : 0;
    }

    /**
     * The functions as unbound method handles, resolved once: resolving a handle is far dearer than
     * binding one, and a large cluster has a context per subject (tens of thousands).
     */
    private static final Map<String, MethodHandle> UNBOUND = resolve();

    private static Map<String, MethodHandle> resolve() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            return Map.of(
                    "has", lookup.findVirtual(RuleFunctions.class, "has",
                            MethodType.methodType(boolean.class, String.class)),
                    "hasAt", lookup.findVirtual(RuleFunctions.class, "hasAt",
                            MethodType.methodType(boolean.class, String.class, String.class)),
                    "hasUnder", lookup.findVirtual(RuleFunctions.class, "hasUnder",
                            MethodType.methodType(boolean.class, String.class, String.class)),
                    "privs", lookup.findVirtual(RuleFunctions.class, "privs",
                            MethodType.methodType(List.class, String.class)),
                    "daysUntil", lookup.findVirtual(RuleFunctions.class, "daysUntil",
                            MethodType.methodType(long.class, long.class)),
                    "contains", lookup.findStatic(RuleFunctions.class, "contains",
                            MethodType.methodType(boolean.class, Collection.class, Object.class)),
                    "containsAny", lookup.findStatic(RuleFunctions.class, "containsAny",
                            MethodType.methodType(boolean.class, Collection.class, Collection.class)),
                    "size", lookup.findStatic(RuleFunctions.class, "size",
                            MethodType.methodType(int.class, Object.class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rule functions not bindable", e);
        }
    }

    /** Each function as a method handle bound to this instance, for the evaluation context. */
    Map<String, MethodHandle> handles() {
        Map<String, MethodHandle> out = new java.util.HashMap<>();
        UNBOUND.forEach((name, h) -> out.put(name, h.type().parameterCount() > 0
                && h.type().parameterType(0) == RuleFunctions.class ? h.bindTo(this) : h));
        return out;
    }
}
