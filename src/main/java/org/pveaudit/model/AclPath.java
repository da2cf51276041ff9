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

    /**
     * The path as the permission engine walks it: {@link #normalize normalised} when Proxmox accepts it; else
     * (a path built from a pool id a hostile or broken server handed out: {@code /pool/<script>}) with only its
     * slashes tidied. No ACL entry can sit at such a path, so only what propagates from above applies, which
     * is what such a pool would get; the audit goes on instead of failing on the id.
     */
    public static String walkable(String path) {
        String p = tryNormalize(path);
        if (p != null || path == null) {
            return p == null ? "/" : p;
        }
        p = path.replaceAll("/+", "/");
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("/") ? p : "/" + p;
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

    /**
     * The ACL tree node an entry at a normalised path lands on, like {@code find_acl_tree_node}: it
     * skips every path segment that is false in Perl, so {@code 0} segments vanish ({@code /0} is
     * {@code /}, {@code /vms/0} is {@code /vms}, {@code /nodes/0/x} is {@code /nodes/x}). Only ACL
     * entries move; a permission check at {@code /vms/0} still walks {@code /vms/0}.
     */
    public static String treeNode(String normalized) {
        if (!hasZeroSegment(normalized)) {
            return normalized;
        }
        StringBuilder b = new StringBuilder(normalized.length());
        for (String segment : normalized.split("/")) {
            if (!segment.isEmpty() && !segment.equals("0")) {
                b.append('/').append(segment);
            }
        }
        return b.isEmpty() ? "/" : b.toString();
    }

    private static boolean hasZeroSegment(String p) {
        for (int i = p.indexOf("/0"); i >= 0; i = p.indexOf("/0", i + 1)) {
            if (i + 2 == p.length() || p.charAt(i + 2) == '/') {
                return true;
            }
        }
        return false;
    }
}
