package org.pveaudit.model;

import java.util.List;

/** A resource pool ({@code a}, {@code a/b}, {@code a/b/c}) with its member guests and storages. */
public record Pool(String id, String comment, List<Integer> vms, List<String> storages) {

    public Pool {
        vms = List.copyOf(vms == null ? List.of() : vms);
        storages = List.copyOf(storages == null ? List.of() : storages);
    }

    /** The ACL path of the pool object. */
    public String path() {
        return "/pool/" + id;
    }
}
