package org.pveaudit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The privileges of one Proxmox VE release and its built-in roles, generated the way
 * {@code PVE::AccessControl::create_roles} generates them (reference 1.1 to 1.4).
 */
public final class PrivilegeCatalog {

    public static final String ADMINISTRATOR = "Administrator";
    public static final String NO_ACCESS = "NoAccess";
    public static final String PVE_ADMIN = "PVEAdmin";
    public static final String PERMISSIONS_MODIFY = "Permissions.Modify";

    /** One privilege category with its four tiers; the tier decides which generated role gets it. */
    private record Category(String name, List<String> root, List<String> admin, List<String> user,
                            List<String> audit) {
    }

    private static final PrivilegeCatalog PVE9 = new PrivilegeCatalog(PveRelease.PVE9, List.of(
            new Category("VM", List.of(),
                    List.of("VM.Config.Disk", "VM.Config.CPU", "VM.Config.Memory", "VM.Config.Network",
                            "VM.Config.HWType", "VM.Config.Options", "VM.Allocate", "VM.Clone",
                            "VM.GuestAgent.Unrestricted", "VM.Migrate", "VM.Replicate", "VM.Snapshot",
                            "VM.Snapshot.Rollback"),
                    List.of("VM.Config.CDROM", "VM.Config.Cloudinit", "VM.Console", "VM.Backup",
                            "VM.GuestAgent.FileRead", "VM.GuestAgent.FileSystemMgmt",
                            "VM.GuestAgent.FileWrite", "VM.PowerMgmt"),
                    List.of("VM.Audit", "VM.GuestAgent.Audit")),
            sys(), datastore(), sdn(), user(), pool(), mapping()));

    private static final PrivilegeCatalog PVE8 = new PrivilegeCatalog(PveRelease.PVE8, List.of(
            new Category("VM", List.of(),
                    List.of("VM.Config.Disk", "VM.Config.CPU", "VM.Config.Memory", "VM.Config.Network",
                            "VM.Config.HWType", "VM.Config.Options", "VM.Allocate", "VM.Clone",
                            "VM.Migrate", "VM.Monitor", "VM.Snapshot", "VM.Snapshot.Rollback"),
                    List.of("VM.Config.CDROM", "VM.Config.Cloudinit", "VM.Console", "VM.Backup",
                            "VM.PowerMgmt"),
                    List.of("VM.Audit")),
            sys(), datastore(), sdn(), user(), pool(), mapping()));

    private static Category sys() {
        return new Category("Sys", List.of("Sys.PowerMgmt", "Sys.Modify", "Sys.Incoming", "Sys.AccessNetwork"),
                List.of("Sys.Console", "Sys.Syslog"), List.of(), List.of("Sys.Audit"));
    }

    private static Category datastore() {
        return new Category("Datastore", List.of(), List.of("Datastore.Allocate", "Datastore.AllocateTemplate"),
                List.of("Datastore.AllocateSpace"), List.of("Datastore.Audit"));
    }

    private static Category sdn() {
        return new Category("SDN", List.of(), List.of("SDN.Allocate", "SDN.Audit"), List.of("SDN.Use"),
                List.of("SDN.Audit"));
    }

    private static Category user() {
        return new Category("User", List.of("Realm.Allocate"),
                List.of("User.Modify", "Group.Allocate", "Realm.AllocateUser"), List.of(), List.of());
    }

    private static Category pool() {
        return new Category("Pool", List.of(), List.of("Pool.Allocate"), List.of("Pool.Audit"), List.of("Pool.Audit"));
    }

    private static Category mapping() {
        return new Category("Mapping", List.of(), List.of("Mapping.Modify"), List.of("Mapping.Use"),
                List.of("Mapping.Audit"));
    }

    private final PveRelease release;
    private final SortedSet<String> privileges;
    private final Map<String, SortedSet<String>> builtInRoles;

    private PrivilegeCatalog(PveRelease release, List<Category> categories) {
        this.release = release;
        SortedSet<String> all = new TreeSet<>();
        SortedSet<String> pveAdmin = new TreeSet<>();
        SortedSet<String> auditor = new TreeSet<>();
        Map<String, SortedSet<String>> roles = new TreeMap<>();
        for (Category c : categories) {
            all.addAll(c.root());
            all.addAll(c.admin());
            all.addAll(c.user());
            all.addAll(c.audit());
            SortedSet<String> catAdmin = new TreeSet<>(c.admin());
            catAdmin.addAll(c.user());
            catAdmin.addAll(c.audit());
            roles.put("PVE" + c.name() + "Admin", catAdmin);
            pveAdmin.addAll(catAdmin);
            if (!c.user().isEmpty()) {
                SortedSet<String> catUser = new TreeSet<>(c.user());
                catUser.addAll(c.audit());
                roles.put("PVE" + c.name() + "User", catUser);
            }
            auditor.addAll(c.audit());
        }
        all.add(PERMISSIONS_MODIFY);
        pveAdmin.remove("Mapping.Modify");
        roles.put(PVE_ADMIN, pveAdmin);
        roles.put("PVEAuditor", auditor);
        roles.put("PVETemplateUser", new TreeSet<>(List.of("VM.Clone", "VM.Audit")));
        roles.put(NO_ACCESS, new TreeSet<>());
        roles.put(ADMINISTRATOR, new TreeSet<>(all));
        Map<String, SortedSet<String>> frozen = new LinkedHashMap<>();
        roles.forEach((name, privs) -> frozen.put(name, Collections.unmodifiableSortedSet(privs)));
        this.privileges = Collections.unmodifiableSortedSet(all);
        this.builtInRoles = Collections.unmodifiableMap(frozen);
    }

    /** The catalogue of a release line. */
    public static PrivilegeCatalog of(PveRelease release) {
        return release == PveRelease.PVE8 ? PVE8 : PVE9;
    }

    public PveRelease release() {
        return release;
    }

    /** Every valid privilege name, sorted. */
    public SortedSet<String> privileges() {
        return privileges;
    }

    /** Built-in role name to its privileges, sorted by role name. */
    public Map<String, SortedSet<String>> builtInRoles() {
        return builtInRoles;
    }

    public boolean isPrivilege(String name) {
        return privileges.contains(name);
    }

    public boolean isBuiltInRole(String name) {
        return builtInRoles.containsKey(name);
    }

    /** The built-in roles as model roles. */
    public List<Role> builtInRoleList() {
        List<Role> list = new ArrayList<>();
        builtInRoles.forEach((name, privs) -> list.add(new Role(name, privs, true)));
        return list;
    }
}
