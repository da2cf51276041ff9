package org.pveaudit.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Terraform export read back: a small reader of the HCL it writes (blocks, attributes, strings with every
 * escape, lists, references) turns it into {@code terraform show -json} shape for {@link TerraformState}.
 */
class DeclaredExportHclTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String hcl(ClusterSnapshot s) {
        return TerraformExport.write(s, ExportOrigin.of(7, s));
    }

    static Stream<ClusterSnapshot> clusters() {
        return DeclaredExportTest.clusters();
    }

    @ParameterizedTest
    @MethodSource("clusters")
    void everyBlockIsWellFormedNamesAreUniqueAndTheStateReaderReadsTheExport(ClusterSnapshot held) {
        Map<String, Map<String, Object>> resources = Hcl.read(hcl(held));
        DeclaredAccess read = TerraformState.parse("export.tf", state(resources));
        DeclaredAccess exported = DeclaredExport.of(held);
        assertThat(read.users()).containsExactlyInAnyOrderElementsOf(exported.users());
        assertThat(read.roles()).containsExactlyInAnyOrderElementsOf(exported.roles());
        assertThat(read.acl()).containsExactlyInAnyOrderElementsOf(exported.acl());
        assertThat(read.tokens()).containsExactlyInAnyOrderElementsOf(exported.tokens());
        assertThat(read.groups()).extracting(DeclaredGroup::id)
                .containsExactlyInAnyOrderElementsOf(exported.groups().stream().map(DeclaredGroup::id).toList());
        // the provider's groups have no members: only members with a user resource come back, which leaves out
        // root@pam (and any member naming no user); those groups, and only those, differ
        Set<String> users = new HashSet<>(exported.users().stream().map(DeclaredUser::id).toList());
        List<String> partial = exported.groups().stream()
                .filter(g -> !users.containsAll(g.members())).map(DeclaredGroup::id).toList();
        assertThat(AccessComparison.of(read, held)).allMatch(d -> d.kind() == Drift.Kind.GROUP_MEMBERS_DIFFER)
                .extracting(Drift::subject).containsExactlyInAnyOrderElementsOf(partial);
    }

    @Test
    void aHostileCommentIsEscapedAndCannotInterpolate() {
        ClusterSnapshot held = Snapshots.from(DeclaredExportTest.hostile())
                .group(new Group("evil", List.of(), "say \"hi\" ${file(\"/etc/shadow\")} %{ if true }x%{ endif }\\\n\u00e9"))
                .build();
        String text = hcl(held);
        assertThat(text).contains("  comment = \"say \\\"hi\\\" $${file(\\\"/etc/shadow\\\")} %%{ if true }x%%{ endif }"
                + "\\\\\\n\\u00e9\"\n");
        assertThat(text).matches("[\\x20-\\x7e\n]*");
        assertThat(Hcl.read(text).get("proxmox_virtual_environment_group.evil").get("comment"))
                .isEqualTo("say \"hi\" ${file(\"/etc/shadow\")} %{ if true }x%{ endif }\\\n\u00e9");
    }

    @Test
    void resourceNamesAreIdentifiersDerivedFromIdsAndMadeUnique() {
        ClusterSnapshot held = Snapshots.builder()
                .user(user("Ops.Admin@pve"), user("ops-admin@pve"), user("9lives@pve"), user("*\"#@pve"))
                .build();
        Set<String> names = Hcl.read(hcl(held)).keySet();
        assertThat(names).containsExactlyInAnyOrder("proxmox_virtual_environment_user.ops_admin_pve",
                "proxmox_virtual_environment_user.ops_admin_pve_2", "proxmox_virtual_environment_user.user_9lives_pve",
                "proxmox_virtual_environment_user.pve");
    }

    @Test
    void theReaderOfThisTestRefusesWhatTerraformWould() {
        assertThatThrownBy(() -> Hcl.read("resource \"t\" \"a\" {\n  x = \"${var.y}\"\n}\n"))
                .hasMessageContaining("interpolation");
        assertThatThrownBy(() -> Hcl.read("resource \"t\" \"a\" {\n}\nresource \"t\" \"a\" {\n}\n"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Hcl.read("resource \"t\" \"9a\" {\n}\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Hcl.read("resource \"t\" \"a\" {\n  x = \"a\nb\"\n}\n")).hasMessageContaining("line");
    }

    private static User user(String id) {
        return new User(id, true, 0, null, null, null, null, null, List.of(), "pve", false, 0);
    }

    /** The resources as {@code terraform show -json} shows a state. */
    private static byte[] state(Map<String, Map<String, Object>> resources) {
        List<Map<String, Object>> list = new ArrayList<>();
        resources.forEach((address, values) -> {
            int dot = address.indexOf('.');
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("address", address);
            r.put("mode", "managed");
            r.put("type", address.substring(0, dot));
            r.put("name", address.substring(dot + 1));
            Map<String, Object> v = new LinkedHashMap<>(values);
            v.remove("depends_on"); // a meta-argument, not a value of the state
            r.put("values", v);
            list.add(r);
        });
        return JSON.writeValueAsString(Map.of("format_version", "1.0",
                "values", Map.of("root_module", Map.of("resources", list)))).getBytes(StandardCharsets.UTF_8);
    }

    /** The HCL subset the export writes, read strictly; references resolve to the attribute they name. */
    static final class Hcl {
        private static final Pattern OPEN = Pattern.compile("resource \"([a-z_]+)\" \"([A-Za-z_][A-Za-z0-9_-]*)\" \\{");
        private static final Pattern ATTRIBUTE = Pattern.compile("  ([a-z_]+) = (.+)");

        private final String text;
        private int at;
        private final Map<String, Map<String, Object>> resources;

        private Hcl(String text, Map<String, Map<String, Object>> resources) {
            this.text = text;
            this.resources = resources;
        }

        static Map<String, Map<String, Object>> read(String text) {
            Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
            Map<String, Object> open = null;
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = "line " + (i + 1) + ": ";
                Matcher o = OPEN.matcher(line);
                Matcher a = ATTRIBUTE.matcher(line);
                if (open == null && (line.isEmpty() || line.startsWith("# "))) {
                    continue;
                } else if (open == null && o.matches()) {
                    open = new LinkedHashMap<>();
                    if (resources.put(o.group(1) + "." + o.group(2), open) != null) {
                        throw new IllegalStateException(where + o.group(1) + "." + o.group(2) + " declared twice");
                    }
                } else if (open != null && line.equals("}")) {
                    open = null;
                } else if (open != null && a.matches()) {
                    Hcl value = new Hcl(a.group(2), resources);
                    Object v = value.expression(where);
                    if (value.at != value.text.length()) {
                        throw new IllegalStateException(where + "unexpected text after the value: " + line);
                    }
                    if (open.put(a.group(1), v) != null) {
                        throw new IllegalStateException(where + a.group(1) + " twice");
                    }
                } else {
                    throw new IllegalStateException(where + "not a block, attribute or comment: " + line);
                }
            }
            if (open != null) {
                throw new IllegalStateException("a block is not closed");
            }
            return resources;
        }

        private Object expression(String where) {
            char c = text.charAt(at);
            if (c == '"') {
                return string(where);
            }
            if (c == '[') {
                at++;
                List<Object> items = new ArrayList<>();
                while (text.charAt(at) != ']') {
                    items.add(expression(where));
                    if (text.startsWith(", ", at)) {
                        at += 2;
                    } else if (text.charAt(at) != ']') {
                        throw new IllegalStateException(where + "expected , or ] at " + at);
                    }
                }
                at++;
                return items;
            }
            Matcher word = Pattern.compile("[A-Za-z0-9_.-]+").matcher(text).region(at, text.length());
            if (!word.lookingAt()) {
                throw new IllegalStateException(where + "not a value: " + text.substring(at));
            }
            at = word.end();
            String w = word.group();
            if (w.equals("true") || w.equals("false")) {
                return Boolean.valueOf(w);
            }
            if (w.matches("\\d+")) {
                return Long.valueOf(w);
            }
            String[] ref = w.split("\\.");
            if (ref.length == 2 && resources.containsKey(w)) {
                return w; // a resource itself, as depends_on names it
            }
            if (ref.length != 3 || !resources.containsKey(ref[0] + "." + ref[1])
                    || !resources.get(ref[0] + "." + ref[1]).containsKey(ref[2])) {
                throw new IllegalStateException(where + "a reference to nothing declared before: " + w);
            }
            return resources.get(ref[0] + "." + ref[1]).get(ref[2]);
        }

        private String string(String where) {
            StringBuilder b = new StringBuilder();
            at++;
            while (true) {
                if (at >= text.length()) {
                    throw new IllegalStateException(where + "unterminated string");
                }
                char c = text.charAt(at);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalStateException(where + "raw character " + (int) c + " in a string");
                }
                if (c == '"') {
                    at++;
                    return b.toString();
                }
                if (text.startsWith("$${", at) || text.startsWith("%%{", at)) {
                    b.append(c).append('{');
                    at += 3;
                } else if (text.startsWith("${", at) || text.startsWith("%{", at)) {
                    throw new IllegalStateException(where + "an interpolation or directive in a string");
                } else if (c == '\\') {
                    char e = text.charAt(at + 1);
                    at += 2;
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case '"' -> b.append('"');
                        case '\\' -> b.append('\\');
                        case 'u' -> {
                            b.appendCodePoint(Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        case 'U' -> {
                            b.appendCodePoint(Integer.parseInt(text.substring(at, at + 8), 16));
                            at += 8;
                        }
                        default -> throw new IllegalStateException(where + "unknown escape \\" + e);
                    }
                } else {
                    b.append(c);
                    at++;
                }
            }
        }
    }
}
