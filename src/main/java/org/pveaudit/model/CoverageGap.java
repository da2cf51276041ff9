package org.pveaudit.model;

/**
 * Data that could not be read for a cluster, and why. Rules that need that data are reported as
 * not evaluated, never as passed.
 */
public record CoverageGap(Dataset dataset, String source, String reason) {
}
