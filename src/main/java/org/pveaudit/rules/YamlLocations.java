package org.pveaudit.rules;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

/** Line and column of every key and list item in a YAML document, keyed by JSON pointer ({@code /rules/2/severity}). */
final class YamlLocations {

    private final Map<String, TokenStreamLocation> byPointer = new HashMap<>();

    YamlLocations(JsonParser parser) {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            // The key's position wins over its value's (putIfAbsent): errors point at the key.
            if (token != JsonToken.END_ARRAY && token != JsonToken.END_OBJECT) {
                byPointer.putIfAbsent(parser.streamReadContext().pathAsPointer().toString(),
                        parser.currentTokenLocation());
            }
        }
    }

    /** {@code line:column} of the value at the pointer, or of its nearest located parent. */
    String at(String pointer) {
        String p = pointer;
        while (true) {
            TokenStreamLocation loc = byPointer.get(p);
            if (loc != null) {
                return loc.getLineNr() + ":" + loc.getColumnNr();
            }
            if (p.isEmpty()) {
                return "1:1";
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
