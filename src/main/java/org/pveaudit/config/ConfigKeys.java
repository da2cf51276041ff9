package org.pveaudit.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pveaudit.input.BoundedYaml;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Checks the keys of {@code pve-audit.yml} against the settings {@link AuditConfig} binds, on the composed
 * YAML (aliases not expanded), before Spring's binder sees a single property: an unknown setting is found
 * at once wherever it stands, whatever an alias under it would expand to, and a list or mapping where one
 * value belongs is refused, so the binder only ever gets settings it knows.
 */
record ConfigKeys(Path file) {

    /** Fails with {@code file:line:column: key: unknown setting} (or a value of the wrong shape). */
    void check(Node top) {
        walk(top, AuditConfig.class, "", new IdentityHashMap<>());
    }

    private void walk(Node node, Type type, String name, Map<Node, Set<Type>> seen) {
        if (!seen.computeIfAbsent(node, k -> new HashSet<>()).add(type)) {
            return; // an alias to a part already checked as this type
        }
        Class<?> raw = raw(type);
        if (node instanceof ScalarNode) {
            return; // an empty section, a value, or a comma-separated list: the binder judges it
        }
        if (raw.isRecord()) {
            if (!(node instanceof MappingNode mapping)) {
                throw fail(node, name, "must be a mapping of settings, not a list");
            }
            for (NodeTuple t : mapping.getValue()) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                if (key.contains(".") || key.contains("[")) {
                    continue; // Spring's own notations ("report.out", "[a.b]"): left to the binder
                }
                RecordComponent c = component(raw, key);
                String child = name.isEmpty() ? key : name + "." + key;
                if (c == null) {
                    // at the value, as Spring's binder places its own messages
                    throw fail(t.getValueNode(), child, "unknown setting");
                }
                walk(t.getValueNode(), c.getGenericType(), child, seen);
            }
        } else if (Collection.class.isAssignableFrom(raw)) {
            if (node instanceof SequenceNode sequence) {
                int i = 0;
                for (Node item : sequence.getValue()) {
                    walk(item, argument(type, 0), name + "[" + i++ + "]", seen);
                }
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (node instanceof MappingNode mapping) {
                for (NodeTuple t : mapping.getValue()) {
                    walk(t.getValueNode(), argument(type, 1),
                            name + "." + ((ScalarNode) t.getKeyNode()).getValue(), seen);
                }
            } else {
                throw fail(node, name, "must be a mapping, not a list");
            }
        } else {
            throw fail(node, name, "must be one value, not a " + (node instanceof SequenceNode ? "list" : "mapping"));
        }
    }

    /** The component a key names, in Spring's relaxed form ({@code user-cfg}, {@code userCfg}, {@code user_cfg}). */
    private static RecordComponent component(Class<?> record, String key) {
        String k = key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getName().toLowerCase(Locale.ROOT).equals(k) || named(record, c).equals(k)) {
                return c;
            }
        }
        return null;
    }

    /** The name the binder gives a component renamed with {@code @Name} (on its field), in the relaxed form; else "". */
    private static String named(Class<?> record, RecordComponent c) {
        try {
            org.springframework.boot.context.properties.bind.Name name = record.getDeclaredField(c.getName())
                    .getAnnotation(org.springframework.boot.context.properties.bind.Name.class);
            return name == null ? "" : name.value().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        } catch (NoSuchFieldException e) {
            return "";
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : type instanceof Class<?> c ? c
                : Object.class;
    }

    private static Type argument(Type type, int i) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > i
                ? p.getActualTypeArguments()[i] : Object.class;
    }

    private ConfigException fail(Node at, String name, String problem) {
        return new ConfigException(file + at.getStartMark().map(m -> ":" + BoundedYaml.position(m)).orElse("")
                + ": " + (name.isEmpty() ? "" : name + ": ") + problem);
    }
}
