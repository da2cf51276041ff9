package org.pveaudit.declared;

import java.util.regex.Pattern;
import org.pveaudit.model.Principal;

/**
 * The spellings Proxmox accepts for user, group and token ids ({@code pve-userid}, {@code pve-groupid},
 * {@code pve-tokenid} in PVE::Auth), so a declaration with a typo fails when read rather than showing
 * up as drift that can never be fixed.
 */
enum PrincipalSpelling {
    USER("[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+", "user@realm"),
    GROUP("[A-Za-z0-9.\\-_]+", "a group id of letters, digits, '.', '-' and '_'"),
    TOKEN("[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+![A-Za-z][A-Za-z0-9.\\-_]+", "user@realm!token");

    private final Pattern pattern;
    private final String form;

    PrincipalSpelling(String regex, String form) {
        this.pattern = Pattern.compile(regex);
        this.form = form;
    }

    boolean accepts(String id) {
        return id.length() <= 256 && pattern.matcher(id).matches();
    }

    /** What a valid id looks like, for the error message. */
    String form() {
        return form;
    }

    /** The principal an ACL entry names ({@code user@realm}, {@code @group}, {@code user@realm!token}), or null. */
    static Principal principal(String text) {
        if (text.startsWith("@")) {
            return GROUP.accepts(text.substring(1)) ? Principal.group(text.substring(1)) : null;
        }
        if (TOKEN.accepts(text)) {
            return Principal.token(text);
        }
        return USER.accepts(text) && Principal.parse(text).kind() == Principal.Kind.USER ? Principal.user(text) : null;
    }
}
