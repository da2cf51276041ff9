package org.pveaudit.review;

import java.time.LocalDate;
import java.util.Locale;

/** A reviewer's answer for one row of a campaign: keep, revoke or change the access, why, by whom and when. */
public record Decision(String cluster, String principal, Verdict verdict, String justification, String reviewer,
                       LocalDate decidedOn) {

    /** What a reviewer can decide. */
    public enum Verdict {
        KEEP, REVOKE, CHANGE;

        /** The word in the workbook and the history: keep, revoke, change. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The verdict a word names, or null. */
        public static Verdict of(String word) {
            for (Verdict v : values()) {
                if (v.key().equalsIgnoreCase(word == null ? "" : word.strip())) {
                    return v;
                }
            }
            return null;
        }
    }
}
