package org.pveaudit.history;

import java.time.LocalDate;
import org.pveaudit.rules.Waiver;

/** A waiver in force for a run, and how many findings it covered. */
public record StoredWaiver(Waiver waiver, int matched) {

    public Waiver.Status status(LocalDate today) {
        return waiver.status(today, matched);
    }
}
