package org.pveaudit.job;

/**
 * The Spring property that says which side of scale-out a context is: absent for the single-process audit
 * (nothing of {@code job.scaleout} is created), {@value #MANAGER} for an audit with a broker, {@value #WORKER} for
 * {@code pve-audit worker}.
 */
public final class ScaleOutRole {

    public static final String PROPERTY = "pve-audit.scale-out.role";
    public static final String MANAGER = "manager";
    public static final String WORKER = "worker";

    private ScaleOutRole() {
    }
}
