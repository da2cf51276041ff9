package org.pveaudit.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A parsed YAML file together with where each of its keys stands, for {@code file:line:column} messages.
 * Composed with SnakeYAML Engine directly, in one pass: a Jackson {@code YAMLMapper} costs more to build
 * than a rule pack costs to read, and {@code rules list} and {@code rules check} must start fast.
 */
record YamlDocument(JsonNode root, YamlLocations where) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Parses the bytes of {@code file}; a syntax error or a repeated key is a {@link RuleFileException} naming line and column. */
    static YamlDocument parse(String file, byte[] bytes) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema()).build();
        Node top;
        try {
            top = new Compose(settings).composeString(new String(bytes, StandardCharsets.UTF_8)).orElse(null);
        } catch (MarkedYamlEngineException e) {
            throw new RuleFileException(file + e.getProblemMark().map(m -> ":" + position(m)).orElse("")
                    + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new RuleFileException(file + ": not valid YAML: " + e.getMessage().replaceAll("\\s+", " "));
        }
        Map<String, String> positions = new HashMap<>();
        JsonNode root = top == null ? NODES.missingNode()
                : convert(file, top, "", positions, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return new YamlDocument(root, new YamlLocations(positions));
    }

    /** @param open the collections being converted: an alias back to one of them would never end */
    private static JsonNode convert(String file, Node node, String pointer, Map<String, String> positions,
                                    Set<Node> open) {
        node.getStartMark().ifPresent(m -> positions.putIfAbsent(pointer, position(m)));
        if (!(node instanceof ScalarNode) && !open.add(node)) {
            throw new RuleFileException(file + ":" + positions.get(pointer) + ": an alias refers to a collection "
                    + "that contains it");
        }
        try {
            return convertNode(file, node, pointer, positions, open);
        } finally {
            open.remove(node);
        }
    }

    private static JsonNode convertNode(String file, Node node, String pointer, Map<String, String> positions,
                                        Set<Node> open) {
        if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            Set<String> seen = new HashSet<>();
            for (NodeTuple entry : mapping.getValue()) {
                String key = entry.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                String at = entry.getKeyNode().getStartMark().map(YamlDocument::position).orElse("1:1");
                if (key == null) {
                    throw new RuleFileException(file + ":" + at + ": a key must be plain text");
                }
                if (!seen.add(key)) {
                    // the last value would silently win: in a policy file that hides a mistake
                    throw new RuleFileException(file + ":" + at + ": key '" + key + "' appears twice");
                }
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                positions.putIfAbsent(child, at); // errors point at the key, not its value
                object.set(key, convert(file, entry.getValueNode(), child, positions, open));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(convert(file, item, pointer + "/" + i++, positions, open));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    /** The scalar with the type the YAML core schema gives it; numbers keep the digits as written. */
    private static JsonNode scalar(ScalarNode s) {
        String text = s.getValue();
        Tag tag = s.getTag();
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
                return NODES.numberNode(new BigDecimal(text.replace("_", "")));
            }
        } catch (NumberFormatException e) {
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

    private static String position(Mark m) {
        return (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }
}
