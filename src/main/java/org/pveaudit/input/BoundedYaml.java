package org.pveaudit.input;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML within {@link InputLimits}: every YAML file pve-audit reads goes through {@link #check} before
 * anything builds a tree from it. One pass over SnakeYAML Engine's parser events (which keeps its own
 * stack, so nesting cannot overflow Java's) measures depth, aliases and the size the aliases expand to,
 * without expanding anything; a file past a limit, an alias to the collection that holds it, a key that
 * is not plain text or appears twice, or a tag outside YAML's core schema is refused with
 * {@code file:line:column: problem}.
 */
public final class BoundedYaml {

    private static final Set<String> CORE_TAGS = Set.of("str", "int", "bool", "null", "float", "seq", "map")
            .stream().map(t -> "tag:yaml.org,2002:" + t).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private BoundedYaml() {
    }

    /** The settings every YAML reader uses: the limits SnakeYAML Engine has of its own, set as ours. */
    public static LoadSettings settings(String file) {
        return LoadSettings.builder().setLabel(file).setSchema(new CoreSchema())
                .setCodePointLimit(InputLimits.MAX_YAML_BYTES)
                .setMaxAliasesForCollections(InputLimits.MAX_YAML_ALIASES)
                .setAllowRecursiveKeys(false)
                .setAllowDuplicateKeys(false)
                .build();
    }

    /**
     * The file's text after {@link #check}: UTF-8, within the limits.
     *
     * @throws InputFileException {@code file:line:column: problem}
     */
    public static String check(String file, byte[] bytes) {
        return check(file, bytes, Long.MAX_VALUE);
    }

    /** {@link #check(String, byte[])}, and at most {@code maxValues} values once aliases are expanded. */
    public static String check(String file, byte[] bytes, long maxValues) {
        if (bytes.length > InputLimits.MAX_YAML_BYTES) {
            throw InputFiles.tooLarge(file, InputLimits.MAX_YAML_BYTES);
        }
        String text = InputFiles.utf8(file, bytes);
        try {
            new Measure(file, maxValues).walk(new Parse(settings(file)).parseString(text));
        } catch (YamlEngineException e) {
            throw syntax(file, text, e);
        }
        return text;
    }

    /**
     * The node graph of the file's one document (aliases share their anchor's node), or empty for a file
     * without one; {@link #check}ed first.
     */
    public static Optional<Node> compose(String file, byte[] bytes) {
        return compose(file, bytes, Long.MAX_VALUE);
    }

    /** {@link #compose(String, byte[])} of a file that may hold at most {@code maxValues} values, aliases expanded. */
    public static Optional<Node> compose(String file, byte[] bytes, long maxValues) {
        String text = check(file, bytes, maxValues);
        try {
            return new Compose(settings(file)).composeString(text);
        } catch (YamlEngineException e) {
            throw syntax(file, text, e);
        }
    }

    /** {@code line:column} of a mark, from 1. */
    public static String position(Mark m) {
        return (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }

    private static InputFileException syntax(String file, String text, YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException m) {
            return new InputFileException(file + m.getProblemMark().map(k -> ":" + position(k)).orElse("")
                    + ": not valid YAML: " + oneLine(m.getProblem()));
        }
        if (e instanceof ReaderException r) {
            int offset = r.getPosition() <= text.codePointCount(0, text.length())
                    ? text.offsetByCodePoints(0, Math.max(0, r.getPosition())) : text.length();
            return new InputFileException(file + ":" + InputFiles.position(text, offset)
                    + ": not valid YAML: character U+" + String.format("%04X", r.getCodePoint())
                    + " is not allowed");
        }
        String m = oneLine(e.getMessage());
        if (m.toLowerCase(java.util.Locale.ROOT).contains("code point")) {
            m = "larger than " + InputLimits.size(InputLimits.MAX_YAML_BYTES);
        }
        return new InputFileException(file + ": not valid YAML: " + m);
    }

    private static String oneLine(String s) {
        String t = String.valueOf(s).replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    /** What a node adds when expanded: nodes, leaves, and characters (values and the key paths naming them). */
    private record Size(long nodes, long leaves, long chars) {
    }

    /** A collection being read: its anchor, what it holds so far, and the key its next value stands under. */
    private static final class Open {
        final boolean mapping;
        final String anchor;
        final Mark start;
        final long prefix;
        long nodes = 1;
        long leaves;
        long chars;
        boolean expectKey = true;
        int keyLength;
        Set<String> keys;
        int index;

        Open(boolean mapping, String anchor, Mark start, long prefix) {
            this.mapping = mapping;
            this.anchor = anchor;
            this.start = start;
            this.prefix = prefix;
        }

        /** Length of the name step of the next value: {@code .key} or {@code [index]}. */
        int step() {
            return mapping ? keyLength + 1 : Integer.toString(index).length() + 2;
        }

        void add(Size s) {
            nodes += s.nodes();
            leaves += s.leaves();
            chars += s.chars() + s.leaves() * step();
            if (mapping) {
                expectKey = true;
            } else {
                index++;
            }
        }

        Size size() {
            return leaves == 0 ? new Size(nodes, 1, 0) : new Size(nodes, leaves, chars);
        }
    }

    /** The one pass over the events. */
    private static final class Measure {
        private final String file;
        private final Deque<Open> open = new ArrayDeque<>();
        private final Map<String, Size> anchors = new HashMap<>();
        private final Set<String> openAnchors = new HashSet<>();
        private int aliases;
        private long aliasNodes;
        private long expanded;
        private final long maxValues;
        private long values;

        Measure(String file, long maxValues) {
            this.file = file;
            this.maxValues = maxValues;
        }

        void walk(Iterable<Event> events) {
            for (Event e : events) {
                switch (e.getEventId()) {
                    case MappingStart, SequenceStart -> start((CollectionStartEvent) e);
                    case MappingEnd, SequenceEnd -> end();
                    case Scalar -> scalar((ScalarEvent) e);
                    case Alias -> alias((AliasEvent) e);
                    case DocumentStart -> open.clear();
                    default -> {
                    }
                }
            }
        }

        private void start(CollectionStartEvent e) {
            Mark at = e.getStartMark().orElse(null);
            keyMustBeText(at);
            tag(e.getTag(), at);
            if (open.size() >= InputLimits.MAX_YAML_DEPTH) {
                throw fail(at, "nested deeper than " + InputLimits.MAX_YAML_DEPTH + " levels");
            }
            String anchor = anchor(e);
            if (anchor != null) {
                openAnchors.add(anchor);
                anchors.remove(anchor);
            }
            Open parent = open.peek();
            long prefix = parent == null ? 0 : parent.prefix + parent.step();
            open.push(new Open(e.getEventId() == Event.ID.MappingStart, anchor, at, prefix));
        }

        private void end() {
            Open done = open.pop();
            Size size = done.size();
            if (done.anchor != null) {
                openAnchors.remove(done.anchor);
                anchors.put(done.anchor, size);
            }
            if (!open.isEmpty()) {
                open.peek().add(size);
            }
        }

        private void scalar(ScalarEvent e) {
            Mark at = e.getStartMark().orElse(null);
            tag(e.getTag(), at);
            Open parent = open.peek();
            String anchor = anchor(e);
            Size size = new Size(1, 1, e.getValue().length());
            if (anchor != null) {
                openAnchors.remove(anchor);
                anchors.put(anchor, size);
            }
            if (parent != null && parent.mapping && parent.expectKey) {
                if (parent.keys == null) {
                    parent.keys = new HashSet<>();
                }
                if (!parent.keys.add(e.getValue())) {
                    // the last value would silently win: in a policy file that hides a mistake
                    throw fail(at, "key '" + oneLine(e.getValue()) + "' appears twice");
                }
                parent.expectKey = false;
                parent.keyLength = e.getValue().length();
                return;
            }
            grow(parent, size, at);
            if (parent != null) {
                parent.add(size);
            }
        }

        private void alias(AliasEvent e) {
            Mark at = e.getStartMark().orElse(null);
            keyMustBeText(at);
            String name = e.getAlias().getValue();
            if (openAnchors.contains(name)) {
                throw fail(at, "alias '*" + name + "' refers to a collection that contains it");
            }
            Size size = anchors.get(name);
            if (size == null) {
                throw fail(at, "alias '*" + name + "' refers to no anchor before it");
            }
            if (++aliases > InputLimits.MAX_YAML_ALIASES) {
                throw fail(at, "more than " + InputLimits.MAX_YAML_ALIASES + " aliases");
            }
            aliasNodes += size.nodes();
            if (aliasNodes > InputLimits.MAX_YAML_ALIAS_VALUES) {
                throw fail(at, "aliases expand to more than " + InputLimits.MAX_YAML_ALIAS_VALUES + " values");
            }
            Open parent = open.peek();
            grow(parent, size, at);
            if (parent != null) {
                parent.add(size);
            }
        }

        /** Counts what a value adds to the whole file, named by its full key path. */
        private void grow(Open parent, Size size, Mark at) {
            long prefix = parent == null ? 0 : parent.prefix + parent.step();
            expanded += size.chars() + size.leaves() * prefix;
            values += size.leaves();
            if (values > maxValues) {
                throw fail(at, "more than " + maxValues + " values, the most this file may hold");
            }
            if (expanded > InputLimits.MAX_YAML_EXPANDED_CHARS) {
                throw fail(at, "values and key paths expand to more than "
                        + InputLimits.size(InputLimits.MAX_YAML_EXPANDED_CHARS) + " of text");
            }
        }

        private void keyMustBeText(Mark at) {
            Open parent = open.peek();
            if (parent != null && parent.mapping && parent.expectKey) {
                throw fail(at, "a key must be plain text");
            }
        }

        private void tag(Optional<String> tag, Mark at) {
            if (tag.isPresent() && !CORE_TAGS.contains(tag.get()) && !"!".equals(tag.get())) {
                throw fail(at, "tag '" + oneLine(tag.get()) + "' is not supported (only YAML's core types)");
            }
        }

        private static String anchor(NodeEvent e) {
            return e.getAnchor().map(Anchor::getValue).orElse(null);
        }

        private InputFileException fail(Mark at, String problem) {
            return new InputFileException(file + (at == null ? "" : ":" + position(at)) + ": " + problem);
        }
    }
}
