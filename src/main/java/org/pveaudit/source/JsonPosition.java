package org.pveaudit.source;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a value is in a JSON text: the line and column of the value a JSON pointer names. Used only
 * after a mapping error, so the tree the mappers work on need not carry positions.
 */
final class JsonPosition {

    private JsonPosition() {
    }

    /** {@code line:column} of the value at {@code pointer} (RFC 6901), or null when it is not there. */
    static String of(JsonMapper json, byte[] text, String pointer) {
        try (JsonParser p = json.createParser(text)) {
            StringBuilder path = new StringBuilder();
            return p.nextToken() == null ? null : find(p, path, pointer);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Walks the value at the parser's current token; {@code path} is that value's pointer. */
    private static String find(JsonParser p, StringBuilder path, String pointer) {
        if (path.toString().equals(pointer)) {
            TokenStreamLocation l = p.currentTokenLocation();
            return l.getLineNr() + ":" + l.getColumnNr();
        }
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return null;
        }
        boolean inside = pointer.startsWith(path + "/");
        int index = 0;
        while (true) {
            JsonToken next = p.nextToken();
            if (next == null || next == JsonToken.END_OBJECT || next == JsonToken.END_ARRAY) {
                return null;
            }
            int mark = path.length();
            if (next == JsonToken.PROPERTY_NAME) {
                path.append('/').append(p.currentName().replace("~", "~0").replace("/", "~1"));
                if (path.toString().equals(pointer)) {
                    TokenStreamLocation l = p.currentTokenLocation();
                    return l.getLineNr() + ":" + l.getColumnNr();
                }
                p.nextToken();
            } else {
                path.append('/').append(index++);
            }
            if (inside && (pointer.equals(path.toString()) || pointer.startsWith(path + "/"))) {
                String found = find(p, path, pointer);
                if (found != null) {
                    return found;
                }
            } else {
                p.skipChildren();
            }
            path.setLength(mark);
        }
    }
}
