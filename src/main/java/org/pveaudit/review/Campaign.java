package org.pveaudit.review;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An access review campaign: the users and tokens of one completed run, to be decided by {@code due}.
 * {@code token} is a random id written into the campaign's workbooks, so an import can only be of this campaign.
 */
public record Campaign(long id, String name, long runId, LocalDate due, Instant startedAt, Instant closedAt,
                       String token) {

    public boolean closed() {
        return closedAt != null;
    }
}
