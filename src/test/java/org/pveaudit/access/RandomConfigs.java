package org.pveaudit.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;

/** Generates small random but valid user.cfg files from a seed. */
final class RandomConfigs {

    static final List<String> PATHS = List.of("/", "/vms", "/vms/100", "/vms/101", "/vms/102", "/storage",
            "/storage/s1", "/storage/s2", "/pool", "/pool/p1", "/pool/p1/sub", "/pool/p2", "/nodes", "/nodes/n1",
            "/access", "/access/groups", "/sdn/zones/z1", "/a-b", "/a/b");
    private static final List<String> BUILT_IN = List.of("Administrator", "NoAccess", "PVEAuditor", "PVEVMUser",
            "PVEVMAdmin", "PVEDatastoreUser", "PVEPoolUser");

    private RandomConfigs() {
    }

    /** Users, tokens, groups, roles and ACLs; pools only if {@code pools}. */
    static String generate(long seed, boolean pools) {
        Random r = new Random(seed);
        List<String> privs = new ArrayList<>(PrivilegeCatalog.of(PveRelease.PVE9).privileges());
        StringBuilder b = new StringBuilder();
        int users = 2 + r.nextInt(5);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            b.append("user:u").append(i).append("@pve:").append(r.nextInt(4) == 0 ? 0 : 1).append(':')
                    .append(r.nextInt(5) == 0 ? 1000 : 0).append("::::::\n");
            int nt = r.nextInt(3);
            for (int t = 0; t < nt; t++) {
                String id = "u" + i + "@pve!t" + t;
                tokens.add(id);
                b.append("token:").append(id).append(':').append(r.nextInt(6) == 0 ? 1000 : 0).append(':')
                        .append(r.nextBoolean() ? 1 : 0).append("::\n");
            }
        }
        if (r.nextBoolean()) {
            tokens.add("root@pam!rt");
            b.append("token:root@pam!rt:0:").append(r.nextBoolean() ? 1 : 0).append("::\n");
        }
        int groups = 1 + r.nextInt(3);
        for (int g = 0; g < groups; g++) {
            b.append("group:g").append(g).append(':');
            List<String> members = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                if (r.nextInt(3) == 0) {
                    members.add("u" + i + "@pve");
                }
            }
            b.append(String.join(",", members)).append("::\n");
        }
        List<String> roles = new ArrayList<>(BUILT_IN);
        int custom = 1 + r.nextInt(3);
        for (int c = 0; c < custom; c++) {
            roles.add("R" + c);
            b.append("role:R").append(c).append(':');
            List<String> chosen = new ArrayList<>();
            for (int k = 0; k < 1 + r.nextInt(6); k++) {
                chosen.add(privs.get(r.nextInt(privs.size())));
            }
            b.append(String.join(",", chosen)).append(":\n");
        }
        if (pools) {
            b.append("pool:p1::100,102:s1:\npool:p1/sub::101:s1,s2:\npool:p2:::s2:\n");
        }
        int acls = 3 + r.nextInt(14);
        for (int a = 0; a < acls; a++) {
            String who = switch (r.nextInt(7)) {
                case 0, 1 -> "@g" + r.nextInt(groups);
                case 2 -> tokens.isEmpty() ? "u0@pve" : tokens.get(r.nextInt(tokens.size()));
                case 3 -> r.nextInt(4) == 0 ? "root@pam" : "u" + r.nextInt(users) + "@pve";
                default -> "u" + r.nextInt(users) + "@pve";
            };
            b.append("acl:").append(r.nextInt(4) == 0 ? 0 : 1).append(':').append(PATHS.get(r.nextInt(PATHS.size())))
                    .append(':').append(who).append(':').append(roles.get(r.nextInt(roles.size()))).append(":\n");
        }
        return b.toString();
    }
}
