package org.pveaudit.rules;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a rule's message template: {@code {field}} becomes the subject's field, {@code {params.x}} a param. */
final class RuleMessage {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{(params\\.)?([A-Za-z][A-Za-z0-9-]*)}");

    private RuleMessage() {
    }

    static String render(String template, Map<String, Object> fields, Map<String, Object> params) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = m.group(1) != null ? params.get(m.group(2)) : fields.get(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
