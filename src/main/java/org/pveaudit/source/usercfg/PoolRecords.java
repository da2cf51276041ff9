package org.pveaudit.source.usercfg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.pveaudit.model.Pool;
import org.pveaudit.source.usercfg.PerlText.ListItem;

/** The {@code pool:} lines of user.cfg: nested pools with their parents, a VM in one pool at most. */
final class PoolRecords {

    private static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9.\\-_]+(?:/[A-Za-z0-9.\\-_]+){0,2}");
    private static final Pattern STORAGE_ID = Pattern.compile("[a-z][a-z0-9\\-_.]*[a-z0-9]", Pattern.CASE_INSENSITIVE);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final LineReport report;
    private final Map<String, PoolLine> pools = new LinkedHashMap<>();
    private final Map<String, String> vmPool = new HashMap<>();

    PoolRecords(LineReport report) {
        this.report = report;
    }

    void pool(RecordFields f) {
        String id = f.get(1);
        if (!POOL_ID.matcher(id).matches()) {
            report.malformed("field 'poolid' of pool '" + PerlText.shown(id)
                    + "': invalid pool name (up to 3 levels of [A-Za-z0-9.-_])");
            return;
        }
        if (!PerlText.truthy(id)) {
            report.falseName("pool");
            return;
        }
        PoolLine pool = pools.computeIfAbsent(id, k -> new PoolLine());
        // Proxmox creates every parent pool of a nested one (empty if it has no line of its own)
        String curr = id;
        int slash;
        while ((slash = curr.lastIndexOf('/')) > 0) {
            curr = curr.substring(0, slash);
            pools.computeIfAbsent(curr, k -> new PoolLine());
        }
        String comment = f.text(2);
        if (comment != null) {
            pool.comment = comment;
        }
        vms(id, pool, f.get(3));
        storages(id, pool, f.get(4));
    }

    private void vms(String id, PoolLine pool, String raw) {
        each(raw, "field 'vms' of pool '" + PerlText.shown(id) + "'", DIGITS, "VM id", vm -> {
            String vmid = Pool.vmidOf(vm);
            String owner = vmPool.get(vmid);
            if (owner != null) {
                report.warn("field 'vms' of pool '" + PerlText.shown(id) + "': VM " + vmid
                        + " is already in pool '" + PerlText.shown(owner) + "', dropped here");
                return;
            }
            vmPool.put(vmid, id);
            pool.vms.add(vmid);
        });
    }

    private void storages(String id, PoolLine pool, String raw) {
        each(raw, "field 'storages' of pool '" + PerlText.shown(id) + "'", STORAGE_ID, "storage id",
                pool.storages::add);
    }

    /** Hands each item of a list that matches {@code valid} on, in order; reports the others as invalid. */
    private void each(String raw, String field, Pattern valid, String what, Consumer<String> use) {
        for (ListItem item : report.list(raw, field)) {
            String text = item.text();
            if (valid.matcher(text).matches()) {
                use.accept(text);
            } else {
                report.badItem(item, field + ": invalid " + what + " '" + PerlText.shown(text) + "'");
            }
        }
    }

    /** The pools in the order they were first named. */
    List<Pool> pools() {
        List<Pool> out = new ArrayList<>();
        pools.forEach((id, p) -> out.add(new Pool(id, p.comment, p.vms, List.copyOf(p.storages))));
        return out;
    }

    /** A pool being accumulated over one or more lines. */
    private static final class PoolLine {
        private final List<String> vms = new ArrayList<>();
        private final Set<String> storages = new LinkedHashSet<>();
        private String comment;
    }
}
