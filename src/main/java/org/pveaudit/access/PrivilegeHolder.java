package org.pveaudit.access;

/**
 * A principal holding a privilege at a path; {@code latent} when the account (or a token's owner) is
 * disabled or expired, or the token expired, so the privilege is unusable now but comes back as soon
 * as the account is re-enabled or extended (reference 2.7).
 */
public record PrivilegeHolder(String principal, String path, boolean latent) {
}
