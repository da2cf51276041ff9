package org.pveaudit.declared;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** A group as declared, with its member user ids (compared as a set: Proxmox keeps no order that matters). */
public record DeclaredGroup(String id, SortedSet<String> members) {

    public DeclaredGroup {
        members = Collections.unmodifiableSortedSet(new TreeSet<>(members));
    }
}
