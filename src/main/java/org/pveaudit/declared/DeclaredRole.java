package org.pveaudit.declared;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** A custom role as declared: its id and privileges. */
public record DeclaredRole(String id, SortedSet<String> privileges) {

    public DeclaredRole {
        privileges = Collections.unmodifiableSortedSet(new TreeSet<>(privileges));
    }
}
