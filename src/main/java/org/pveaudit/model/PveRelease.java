package org.pveaudit.model;

/**
 * A Proxmox VE release line; it decides which privileges exist and what the built-in roles hold.
 *
 * <p>Proxmox changed the catalogue with 9.0 (reference 1.4). The 8.x catalogue here is that of
 * pve-access-control 8.2.2, the last 8.x release.
 */
public enum PveRelease {
    PVE8("8.x"),
    PVE9("9.x");

    private final String label;

    PveRelease(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The release line of a pve-manager version such as {@code 9.1.4} or {@code 8.4}. */
    public static PveRelease ofVersion(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("no Proxmox VE version given");
        }
        String major = version.strip().split("[.\\-]", 2)[0];
        return switch (major) {
            case "8" -> PVE8;
            case "9" -> PVE9;
            default -> throw new IllegalArgumentException(
                    "unsupported Proxmox VE version '" + version + "' (supported: 8.x, 9.x)");
        };
    }
}
