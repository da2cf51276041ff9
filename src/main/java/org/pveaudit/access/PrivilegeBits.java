package org.pveaudit.access;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.pveaudit.model.Role;

/**
 * Numbers the privileges of a snapshot (sorted by byte order) so a privilege set is one {@code long}.
 * Bit 63 is reserved: in a resolved role set it marks that {@code NoAccess} is among the roles.
 */
final class PrivilegeBits {

    /** Set in a role-set value when the role set contains {@code NoAccess}. */
    static final long NO_ACCESS_FLAG = Long.MIN_VALUE;
    static final int MAX = 63;

    private final String[] names;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Long> roleBits = new HashMap<>();

    PrivilegeBits(List<Role> roles) {
        SortedSet<String> all = new TreeSet<>(PrivilegeBits::compareBytes);
        roles.forEach(r -> all.addAll(r.privileges()));
        if (all.size() > MAX) {
            throw new IllegalArgumentException("more than " + MAX + " distinct privileges in the roles ("
                    + all.size() + "); Proxmox VE has at most 47");
        }
        names = all.toArray(new String[0]);
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
        for (Role r : roles) {
            long bits = roleBits.getOrDefault(r.id(), 0L);
            for (String p : r.privileges()) {
                bits |= 1L << index.get(p);
            }
            roleBits.put(r.id(), bits);
        }
    }

    /** Byte-order comparison of the UTF-8 forms (differs from {@link String#compareTo} only beyond the BMP). */
    static int compareBytes(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x < 0x80 && y < 0x80) {
                    return x - y;
                }
                return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                        b.getBytes(StandardCharsets.UTF_8));
            }
        }
        return a.length() - b.length();
    }

    boolean isKnownRole(String role) {
        return roleBits.containsKey(role);
    }

    /** The privileges of a role; 0 for an unknown role. */
    long ofRole(String role) {
        Long bits = roleBits.get(role);
        return bits == null ? 0L : bits;
    }

    /** The bit of a privilege, or -1 if no role of the snapshot grants it. */
    int bitOf(String privilege) {
        Integer i = index.get(privilege);
        return i == null ? -1 : i;
    }

    /** The names in a privilege set, in byte order. */
    List<String> names(long bits) {
        List<String> out = new ArrayList<>(Long.bitCount(bits));
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1L << i)) != 0) {
                out.add(names[i]);
            }
        }
        return out;
    }

    int size() {
        return names.length;
    }
}
