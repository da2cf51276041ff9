package org.pveaudit.job.scaleout;

/** A worker: the site whose queue it consumes and the name it records on each partition it collects. */
public record WorkerIdentity(String site, String name) {
}
