package org.pveaudit.input;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A parsed YAML file together with where each of its keys stands, for {@code file:line:column} messages.
 * Composed with SnakeYAML Engine directly, in one pass: a Jackson {@code YAMLMapper} costs more to build
 * than a rule pack costs to read, and {@code rules list} and {@code rules check} must start fast. The
 * file is held to {@link org.pveaudit.input.InputLimits} ({@link BoundedYaml}) before any of it is built.
 */
public record YamlDocument(JsonNode root, YamlLocations where) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DIGITS = org.pveaudit.input.InputLimits.MAX_JSON_NUMBER;

    /**
     * The keys a file may use: {@code top} at the top level, {@code itemKeys} in each item of the list
     * under {@code listKey}. Checked before the values under the keys are built, so a key that is not
     * known is reported as such whatever its value holds.
     */
    public record Keys(Set<String> top, String listKey, Set<String> itemKeys) {
    }

    /** Parses the bytes of {@code file}; a syntax error, a limit hit or a repeated key is a {@link InputFileException} naming line and column. */
    public static YamlDocument parse(String file, byte[] bytes) {
        return parse(file, bytes, null);
    }

    public static YamlDocument parse(String file, byte[] bytes, Keys keys) {
        Node top = BoundedYaml.compose(file, bytes).orElse(null);
        YamlLocations.Step root = new YamlLocations.Step();
        JsonNode tree = top == null ? NODES.missingNode()
                : new Conversion(file, keys).convert(top, root, 0, false);
        return new YamlDocument(tree, new YamlLocations(root));
    }

    /** One conversion: the collections being converted (an alias back to one of them would never end). */
    private record Conversion(String file, Keys keys, Set<Node> open) {

        Conversion(String file, Keys keys) {
            this(file, keys, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        }

        /** @param depth 0 for the top; {@code item} when the node is an item of the {@code listKey} list */
        JsonNode convert(Node node, YamlLocations.Step step, int depth, boolean item) {
            node.getStartMark().ifPresent(m -> step.mark(BoundedYaml.position(m)));
            if (!(node instanceof ScalarNode) && !open.add(node)) {
                throw new InputFileException(file + ":" + node.getStartMark().map(BoundedYaml::position).orElse("1:1")
                        + ": an alias refers to a collection that contains it");
            }
            try {
                return convertNode(node, step, depth, item);
            } finally {
                open.remove(node);
            }
        }

        private JsonNode convertNode(Node node, YamlLocations.Step step, int depth, boolean item) {
            if (node instanceof MappingNode mapping) {
                Set<String> allowed = keys == null ? null : depth == 0 ? keys.top() : item ? keys.itemKeys() : null;
                ObjectNode object = NODES.objectNode();
                Set<String> seen = new HashSet<>();
                for (NodeTuple entry : mapping.getValue()) {
                    String key = entry.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                    String at = entry.getKeyNode().getStartMark().map(BoundedYaml::position).orElse("1:1");
                    if (key == null) {
                        throw new InputFileException(file + ":" + at + ": a key must be plain text");
                    }
                    if (!seen.add(key)) {
                        // the last value would silently win: in a policy file that hides a mistake
                        throw new InputFileException(file + ":" + at + ": key '" + key + "' appears twice");
                    }
                    if (allowed != null && !allowed.contains(key)) {
                        throw new InputFileException(file + ":" + at + ": unknown key '" + key + "'");
                    }
                    step.child(key).mark(at); // errors point at the key, not its value
                }
                for (NodeTuple entry : mapping.getValue()) {
                    String key = ((ScalarNode) entry.getKeyNode()).getValue();
                    boolean list = depth == 0 && keys != null && key.equals(keys.listKey());
                    JsonNode value = list && entry.getValueNode() instanceof SequenceNode items
                            ? items(items, step.child(key), depth + 1)
                            : convert(entry.getValueNode(), step.child(key), depth + 1, false);
                    object.set(key, value);
                }
                return object;
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                for (Node each : sequence.getValue()) {
                    array.add(convert(each, step.child(Integer.toString(i++)), depth + 1, false));
                }
                return array;
            }
            return scalar((ScalarNode) node);
        }

        /** The list under {@code listKey}: its items are checked against {@code itemKeys}. */
        private JsonNode items(SequenceNode sequence, YamlLocations.Step step, int depth) {
            sequence.getStartMark().ifPresent(m -> step.mark(BoundedYaml.position(m)));
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (Node each : sequence.getValue()) {
                array.add(convert(each, step.child(Integer.toString(i++)), depth + 1, true));
            }
            return array;
        }
    }

    /**
     * The scalar with the type the YAML core schema gives it; numbers keep the digits as written. A
     * number of more than {@link #MAX_DIGITS} characters or with an exponent beyond that stays text: no
     * setting needs it, and arithmetic on it (10 to the power of a billion) would never end.
     */
    private static JsonNode scalar(ScalarNode s) {
        String text = s.getValue();
        Tag tag = s.getTag();
        if (text.length() > MAX_DIGITS) {
            return NODES.stringNode(text);
        }
        try {
            if (Tag.NULL.equals(tag)) {
                return NODES.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return NODES.booleanNode(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
            }
            if (Tag.INT.equals(tag)) {
                BigInteger n = integer(text.replace("_", ""));
                return n.bitLength() < 32 ? NODES.numberNode(n.intValue())
                        : n.bitLength() < 64 ? NODES.numberNode(n.longValue()) : NODES.numberNode(n);
            }
            if (Tag.FLOAT.equals(tag)) {
                BigDecimal d = new BigDecimal(text.replace("_", ""));
                if (Math.abs((long) d.scale()) <= MAX_DIGITS) {
                    return NODES.numberNode(d);
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // .inf, .nan and other forms without an exact value stay text
        }
        return NODES.stringNode(text);
    }

    private static BigInteger integer(String text) {
        String t = text.startsWith("+") ? text.substring(1) : text;
        if (t.startsWith("0x")) {
            return new BigInteger(t.substring(2), 16);
        }
        if (t.startsWith("0o")) {
            return new BigInteger(t.substring(2), 8);
        }
        return new BigInteger(t);
    }
}
