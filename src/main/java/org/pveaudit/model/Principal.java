package org.pveaudit.model;

/** Who an ACL entry is for: a user ({@code name@realm}), a group, or an API token ({@code user@realm!id}). */
public record Principal(Kind kind, String id) implements Comparable<Principal> {

    /** The three kinds of principal Proxmox knows. */
    public enum Kind { USER, GROUP, TOKEN }

    public static final String ROOT = "root@pam";

    public Principal {
        if (kind == null || id == null || id.isEmpty()) {
            throw new IllegalArgumentException("principal needs a kind and an id");
        }
    }

    public static Principal user(String id) {
        return new Principal(Kind.USER, id);
    }

    public static Principal group(String id) {
        return new Principal(Kind.GROUP, id);
    }

    public static Principal token(String id) {
        return new Principal(Kind.TOKEN, id);
    }

    /**
     * Parses the user.cfg spelling: {@code @group}, {@code user@realm!token} or {@code user@realm}. A
     * user name may contain {@code !} ({@code x!y@pve}); a token id ends in {@code !token} after the realm.
     */
    public static Principal parse(String text) {
        if (text.startsWith("@")) {
            return group(text.substring(1));
        }
        return text.lastIndexOf('!') > text.lastIndexOf('@') ? token(text) : user(text);
    }

    /** The user.cfg spelling of this principal. */
    public String spelling() {
        return kind == Kind.GROUP ? "@" + id : id;
    }

    @Override
    public int compareTo(Principal o) {
        return spelling().compareTo(o.spelling());
    }

    @Override
    public String toString() {
        return spelling();
    }
}
