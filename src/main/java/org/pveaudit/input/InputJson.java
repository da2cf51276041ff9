package org.pveaudit.input;

import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Jackson mappers for JSON that pve-audit reads, with {@link InputLimits} as stream read
 * constraints, and the translation of Jackson's errors into one line without Jackson's words
 * ({@code file:line:column: problem}).
 */
public final class InputJson {

    private static final StreamReadConstraints INPUT = StreamReadConstraints.builder()
            .maxDocumentLength(InputLimits.MAX_DOCUMENT_BYTES)
            .maxNestingDepth(InputLimits.MAX_JSON_DEPTH)
            .maxStringLength(InputLimits.MAX_JSON_STRING)
            .maxNumberLength(InputLimits.MAX_JSON_NUMBER)
            .maxNameLength(InputLimits.MAX_JSON_NAME)
            .build();

    /**
     * What the history reads back: snapshots it wrote itself from accepted input. Nesting is bounded as
     * for input; a text or a field name may be as long as a whole input file (user.cfg and domains.cfg
     * have no limit of their own per value or option name), and the document as long as the snapshot of
     * such a file.
     */
    private static final StreamReadConstraints STORED = StreamReadConstraints.builder()
            .maxDocumentLength(-1)
            .maxNestingDepth(InputLimits.MAX_JSON_DEPTH)
            .maxStringLength((int) InputLimits.MAX_DOCUMENT_BYTES)
            .maxNumberLength(InputLimits.MAX_JSON_NUMBER)
            .maxNameLength((int) InputLimits.MAX_DOCUMENT_BYTES) // a domains.cfg option name becomes a field name
            .build();

    private InputJson() {
    }

    /** A mapper for snapshot files, API answers and {@code source.json}. */
    public static JsonMapper mapper() {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(INPUT).build()).build();
    }

    /** A mapper for the snapshots the history stored. */
    public static JsonMapper storedMapper() {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(STORED).build()).build();
    }

    /** The tree of a JSON text, or an {@link InputFileException} {@code file:line:column: not valid JSON: why}. */
    public static JsonNode readTree(JsonMapper json, String file, byte[] bytes) {
        try (JsonParser p = json.createParser(bytes)) {
            try {
                JsonNode node = json.readTree(p);
                return node == null ? json.missingNode() : node;
            } catch (JacksonException e) {
                throw new InputFileException(file + at(e, p) + ": not valid JSON: " + describe(e));
            }
        }
    }

    /** A JSON text bound to a type; a value of the wrong type is named by its field, never by Java's type. */
    public static <T> T readValue(JsonMapper json, String file, byte[] bytes, Class<T> type) {
        try (JsonParser p = json.createParser(bytes)) {
            try {
                return json.readValue(p, type);
            } catch (JacksonException e) {
                throw new InputFileException(file + at(e, p) + ": " + (e instanceof DatabindException d
                        ? "field '" + field(d) + "' has the wrong type" : "not valid JSON: " + describe(e)));
            }
        }
    }

    /** {@code :line:column} of an error, from the exception or, for a limit hit, where the parser stopped. */
    private static String at(JacksonException e, JsonParser p) {
        TokenStreamLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 1) {
            loc = p.currentLocation();
        }
        return loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    }

    /** The field path of a binding error: {@code tokens/0/expire}. */
    private static String field(DatabindException e) {
        StringBuilder b = new StringBuilder();
        for (var ref : e.getPath()) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(ref.getPropertyName() != null ? ref.getPropertyName() : String.valueOf(ref.getIndex()));
        }
        return b.isEmpty() ? "(top)" : b.toString();
    }

    /**
     * Jackson's problem in pve-audit's words: a limit hit names the limit; a syntax error keeps Jackson's
     * description of the token but loses its source and class references, and is cut to one short line.
     */
    public static String describe(JacksonException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.startsWith("document nesting depth")) {
                return "nested deeper than " + InputLimits.MAX_JSON_DEPTH + " levels";
            }
            if (lower.startsWith("string value length")) {
                return "a text longer than " + InputLimits.MAX_JSON_STRING + " characters";
            }
            if (lower.startsWith("number value length")) {
                return "a number longer than " + InputLimits.MAX_JSON_NUMBER + " digits";
            }
            if (lower.startsWith("name length")) {
                return "a field name longer than " + InputLimits.MAX_JSON_NAME + " characters";
            }
            if (lower.startsWith("document length")) {
                return "longer than " + InputLimits.size(InputLimits.MAX_DOCUMENT_BYTES);
            }
            return "beyond the limits of pve-audit";
        }
        String text = m.replaceAll("\\s*\\((start marker at|for \\w+ starting at) \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\[Source:[^\\]]*\\]", "")
                .replaceAll("`[^`]*`", "")
                .replaceAll("\\s+", " ").strip();
        StringBuilder b = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.length() < text.length() ? b + "…" : b.toString();
    }
}
