package org.pveaudit.history;

/**
 * A point an audit run reaches: {@code collect} (a cluster's snapshot is stored), {@code evaluate} (a
 * cluster's findings are stored), {@code history} (inside the comparison transaction, after the first
 * cluster), {@code report} (the first report file is written) and {@code finish} (the job is done, the run
 * not yet completed). Production passes {@link #NONE}; the crash tests pass one that pauses or fails there.
 */
@FunctionalInterface
public interface Checkpoint {

    /** Does nothing at every point. */
    Checkpoint NONE = point -> { };

    void reached(String point);
}
