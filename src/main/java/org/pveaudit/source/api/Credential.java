package org.pveaudit.source.api;

/** How pve-audit authenticates: an API token, or a user name and password (ticket). */
public sealed interface Credential {

    /** The token id ({@code user@realm!tokenid}) or the user id ({@code user@realm}); never secret. */
    String id();

    /** {@code token} or {@code user}. */
    String type();

    /** {@code Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET}. */
    record Token(String id, Secret secret) implements Credential {
        @Override
        public String type() {
            return "token";
        }
    }

    /** {@code POST /access/ticket} with user name and password, then the {@code PVEAuthCookie}. */
    record UserPassword(String id, Secret password) implements Credential {
        @Override
        public String type() {
            return "user";
        }
    }
}
