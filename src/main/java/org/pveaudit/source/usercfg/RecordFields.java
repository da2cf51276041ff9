package org.pveaudit.source.usercfg;

import java.util.List;
import java.util.regex.Pattern;

/** The colon-separated fields of one record line (byte strings); a missing field reads as empty. */
record RecordFields(List<String> fields) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    String get(int i) {
        return i < fields.size() ? fields.get(i) : "";
    }

    boolean has(int i) {
        return i < fields.size();
    }

    /** A free-text field, percent-decoded; null when empty or false in Perl. */
    String text(int i) {
        String raw = get(i);
        return PerlText.truthy(raw) ? PerlText.decodeText(raw) : null;
    }

    /** An expiry field: 0 when unset, null (after reporting it) when not a number. */
    Long expire(int i, String kind, String id, LineReport report) {
        String raw = get(i);
        if (!PerlText.truthy(raw)) {
            return 0L;
        }
        if (!DIGITS.matcher(raw).matches()) {
            report.malformed("field 'expire' of " + kind + " '" + PerlText.shown(id) + "': not a number ('"
                    + PerlText.shown(raw) + "')");
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
