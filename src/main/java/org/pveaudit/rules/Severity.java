package org.pveaudit.rules;

import java.util.Locale;

/** How bad a finding is; the order decides {@code --fail-on} thresholds. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity threshold) {
        return compareTo(threshold) >= 0;
    }

    /** Parses {@code critical|high|medium|low|info}; null for anything else. */
    public static Severity parse(String text) {
        if (text == null) {
            return null;
        }
        for (Severity s : values()) {
            if (s.key().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }
}
