package org.pveaudit.rules;

import java.util.Map;

/** Line and column of every key and list item in a YAML document, keyed by JSON pointer ({@code /rules/2/severity}). */
final class YamlLocations {

    private final Map<String, String> byPointer;

    /** {@code byPointer}: {@code line:column} by JSON pointer, the root being the empty pointer. */
    YamlLocations(Map<String, String> byPointer) {
        this.byPointer = Map.copyOf(byPointer);
    }

    /** {@code line:column} of the value at the pointer, or of its nearest located parent. */
    String at(String pointer) {
        String p = pointer;
        while (true) {
            String loc = byPointer.get(p);
            if (loc != null) {
                return loc;
            }
            if (p.isEmpty()) {
                return "1:1";
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
