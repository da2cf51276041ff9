package org.pveaudit.model;

import java.util.regex.Pattern;

/** Proxmox ACL path rules ({@code normalize_path}, reference 2.2). */
public final class AclPath {

    private static final Pattern VALID = Pattern.compile("[\\p{Alnum}.\\-_/]+");

    private AclPath() {
    }

    /**
     * Normalises a path as Proxmox does: repeated slashes collapse, one trailing slash goes,
     * empty becomes {@code /}, a leading slash is added.
     *
     * @throws IllegalArgumentException for characters Proxmox rejects
     */
    public static String normalize(String path) {
        String p = tryNormalize(path);
        if (p == null) {
            throw new IllegalArgumentException("malformed ACL path '" + path + "'");
        }
        return p;
    }

    /** Like {@link #normalize} but returns null for a path Proxmox would reject. */
    public static String tryNormalize(String path) {
        if (path == null) {
            return null;
        }
        String p = path.replaceAll("/+", "/");
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "/";
        }
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        // POSIX [[:alnum:]] in Perl is ASCII-only under the default locale.
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '/';
            if (!ok) {
                return null;
            }
        }
        return VALID.matcher(p).matches() ? p : null;
    }
}
