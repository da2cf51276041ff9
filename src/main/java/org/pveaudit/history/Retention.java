package org.pveaudit.history;

/**
 * How much history to keep: the last {@code keepRuns} completed runs or the runs of the last
 * {@code keepDays} days, whichever keeps more; null for no limit of that kind.
 */
public record Retention(Integer keepRuns, Integer keepDays) {

    public static final Retention FOREVER = new Retention(null, null);

    public boolean limited() {
        return keepRuns != null || keepDays != null;
    }
}
