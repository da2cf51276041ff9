package org.pveaudit.model;

import java.util.List;

/** The second factors of one user, and whether TOTP or all factors are locked after failed tries. */
public record UserTfa(String userId, List<TfaFactor> factors, boolean totpLocked, long lockedUntil) {

    public UserTfa {
        factors = List.copyOf(factors == null ? List.of() : factors);
    }

    /** At least one enabled factor other than recovery keys. */
    public boolean hasEnabledFactor() {
        return factors.stream().anyMatch(f -> f.enabled() && !"recovery".equals(f.type()));
    }
}
