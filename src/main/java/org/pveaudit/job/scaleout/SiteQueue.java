package org.pveaudit.job.scaleout;

/** The broker queue on which the collect step hands a site's clusters to that site's workers. */
public record SiteQueue(String site) {

    /** The queue's name on the broker: {@code pve-audit.collect.<site>}. */
    public String name() {
        return "pve-audit.collect." + site;
    }
}
