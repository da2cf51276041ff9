package org.pveaudit.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a rule's message template: {@code {field}} becomes the subject's field, {@code {params.x}} a param, and
 * {@code {field:date}} an epoch-seconds field as a date ({@code 2026-03-31}, UTC; 0 is {@code never}), since
 * Proxmox keeps expiry dates as epoch seconds and a reviewer reads dates.
 */
final class RuleMessage {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{(params\\.)?([A-Za-z][A-Za-z0-9-]*)(:date)?}");

    private RuleMessage() {
    }

    static String render(String template, Map<String, Object> fields, Map<String, Object> params) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = m.group(1) != null ? params.get(m.group(2)) : fields.get(m.group(2));
            String text = value == null ? "" : m.group(3) != null && value instanceof Number n ? date(n.longValue())
                    : String.valueOf(value);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Epoch seconds as a UTC date; 0 (Proxmox's "never expires") as {@code never}. */
    static String date(long epochSeconds) {
        return epochSeconds == 0 ? "never"
                : LocalDate.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC).toString();
    }
}
