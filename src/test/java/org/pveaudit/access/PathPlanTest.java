package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The relevant paths of a snapshot: which are listed, in which order, and how a path finds its nodes. */
class PathPlanTest {

    private static final List<String> ENTRIES = List.of("/vms/9", "/vms/10", "/vms/Z", "/vms/a", "/vms/1",
            "/vms/100a", "/a", "/a-b/x", "/a/x", "/zone/é", "/zone/z", "/zone/\uD800\uDC00", "/zone/\uFFFF");

    private static final PathPlan PLAN = new PathPlan(ENTRIES, List.of());

    /** Byte order of the UTF-8 text, computed without the plan's own comparator. */
    private static int utf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePathsAreListedInByteOrderOfTheirUtf8Text() {
        // listed: every entry with its ancestors (the ACL tree), and the fixed paths of the bench README
        TreeSet<String> expected = new TreeSet<>(PathPlanTest::utf8);
        expected.addAll(List.of("/", "/vms", "/a-b", "/zone"));
        expected.addAll(ENTRIES);
        expected.addAll(PathPlan.FIXED);
        List<String> listed = PLAN.listedPaths();
        assertThat(listed).containsExactlyElementsOf(expected);
        // so /vms/10 before /vms/9, 'Z' before 'a', and a path before everything below it
        assertThat(listed.indexOf("/vms/10")).isLessThan(listed.indexOf("/vms/9"));
        assertThat(listed.indexOf("/vms/Z")).isLessThan(listed.indexOf("/vms/a"));
        assertThat(listed.subList(listed.indexOf("/a"), listed.indexOf("/a/x") + 1))
                .containsExactly("/a", "/a-b", "/a-b/x", "/a/x");
        // beyond the BMP byte order differs from String.compareTo: U+FFFF comes before U+10000
        assertThat(listed.indexOf("/zone/\uFFFF")).isLessThan(listed.indexOf("/zone/\uD800\uDC00"));
        assertThat(listed.get(0)).isEqualTo("/");
    }

    @Test
    void aPathThatIsANodeButNotListedHasNoPosition() {
        // /access/realm and /sdn/zones are only ancestors of fixed paths, no ACL tree nodes
        for (String path : List.of("/access/realm", "/sdn/zones")) {
            int node = PLAN.find(path);
            assertThat(node).as(path).isPositive();
            assertThat(PLAN.positionOf(node)).as(path).isEqualTo(-1);
            assertThat(PLAN.aclTree[node]).as(path).isFalse();
        }
        for (int k = 0; k < PLAN.listed.length; k++) {
            assertThat(PLAN.positionOf(PLAN.listed[k])).isEqualTo(k);
        }
        assertThat(PLAN.find("/nowhere")).isEqualTo(-1);
        assertThat(PLAN.positionOf(-1)).isEqualTo(-1);
        AccessModel m = Configs.model("user:x@pve:1:0::::::\nacl:1:/vms:x@pve:PVEAuditor:\n");
        assertThat(m.matrixIndexOf("/access/realm")).isEqualTo(-1);
        assertThat(m.matrixIndexOf("/sdn/zones")).isEqualTo(-1);
        assertThat(m.matrixIndexOf("/")).isZero();
    }

    @Test
    void theAclTreeIsTheEntriesAndTheirAncestorsOnly() {
        for (String path : List.of("/", "/vms", "/vms/9", "/a-b", "/a-b/x", "/zone")) {
            assertThat(PLAN.aclTree[PLAN.find(path)]).as(path).isTrue();
        }
        for (String path : List.of("/mapping", "/vms/100", "/storage/local", "/access", "/nodes/pve1")) {
            assertThat(PLAN.aclTree[PLAN.find(path)]).as(path).isFalse();
        }
    }

    @Test
    void thePrefixesOfAPathAreNodesUntilTheFirstThatIsNone() {
        int vms = PLAN.find("/vms");
        int nine = PLAN.find("/vms/9");
        assertThat(PLAN.nodesOn("/")).containsExactly(0);
        assertThat(PLAN.nodesOn("/vms/9")).containsExactly(0, vms, nine);
        // a missing prefix makes every deeper one missing too, never the root again
        assertThat(PLAN.nodesOn("/nowhere/deep/path")).containsExactly(0, -1, -1, -1);
        assertThat(PLAN.nodesOn("/vms/9/x/y")).containsExactly(0, vms, nine, -1, -1);
        List<String> texts = new ArrayList<>();
        for (int node : PLAN.nodesOn("/a-b/x")) {
            texts.add(PLAN.pathOf(node));
        }
        assertThat(texts).containsExactly("/", "/a-b", "/a-b/x");
    }

    /** An entry on / that does not propagate grants nothing below, however deep and unknown the path. */
    @Test
    void aNonPropagatingRootEntryGrantsNothingOnAnUnknownDeepPath() {
        AccessModel m = Configs.model("user:u@pve:1:0::::::\nacl:0:/:u@pve:PVEAuditor:\n");
        assertThat(m.privileges("u@pve", "/")).isNotEmpty();
        assertThat(m.privileges("u@pve", "/nowhere/deep/path")).isEmpty();
        assertThat(m.privileges("u@pve", "/vms/100/x")).isEmpty();
    }
}
