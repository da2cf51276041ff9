package org.pveaudit.input;

import java.util.HashMap;
import java.util.Map;

/**
 * Line and column of every key and list item in a YAML document, as a tree of steps (a key or an
 * index), so a document's positions take space in proportion to the document, however long its keys.
 */
public final class YamlLocations {

    /** One step: where its value stands, and the steps below it. */
    static final class Step {
        private String at;
        private Map<String, Step> below;

        /** The step below for a key or index, made on first use. */
        Step child(String name) {
            if (below == null) {
                below = new HashMap<>();
            }
            return below.computeIfAbsent(name, k -> new Step());
        }

        /** Records the position unless one is recorded: errors point at the first place a value is written. */
        void mark(String lineColumn) {
            if (at == null) {
                at = lineColumn;
            }
        }
    }

    private final Step root;

    YamlLocations(Step root) {
        this.root = root;
    }

    /** {@code line:column} of the value at a JSON pointer ({@code /rules/2/severity}), or of its nearest located parent. */
    public String at(String pointer) {
        String found = root.at;
        Step s = root;
        int i = pointer.startsWith("/") ? 1 : pointer.length();
        while (i <= pointer.length() && s.below != null) {
            int next = pointer.indexOf('/', i);
            int end = next < 0 ? pointer.length() : next;
            s = s.below.get(pointer.substring(i, end).replace("~1", "/").replace("~0", "~"));
            if (s == null) {
                break;
            }
            if (s.at != null) {
                found = s.at;
            }
            i = end + 1;
        }
        return found == null ? "1:1" : found;
    }
}
