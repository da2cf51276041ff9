package org.pveaudit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.report.ReviewFacts;

class ReviewerMapFileTest {

    @TempDir
    Path dir;

    private ReviewerMap read(String yaml) throws IOException {
        Path file = dir.resolve("reviewers.yml");
        Files.writeString(file, yaml);
        return ReviewerMapFile.read(file);
    }

    private static ReviewFacts facts(String cluster, String principal, List<String> groups) {
        return new ReviewFacts(cluster, principal, principal.contains("!") ? "token" : "user",
                principal.substring(principal.lastIndexOf('@') + 1).replaceAll("!.*", ""), groups, false, Map.of());
    }

    @Test
    void theFirstMatchingEntryNamesTheReviewer() throws IOException {
        ReviewerMap map = read("""
                reviewers:
                  - {reviewer: ann@example.com, realm: corp-ad}
                  - {reviewer: ben@example.com, group: ops}
                  - {reviewer: lab@example.com, cluster: lab}
                  - {reviewer: svc@example.com, principal: "svc-*"}
                """);
        assertThat(map.reviewerOf(facts("prod", "jane@corp-ad", List.of("ops")))).isEqualTo("ann@example.com");
        assertThat(map.reviewerOf(facts("prod", "joe@pve", List.of("ops")))).isEqualTo("ben@example.com");
        assertThat(map.reviewerOf(facts("lab", "joe@pve", List.of()))).isEqualTo("lab@example.com");
        assertThat(map.reviewerOf(facts("prod", "svc-tf@pve!tf", List.of()))).isEqualTo("svc@example.com");
        assertThat(map.reviewerOf(facts("prod", "joe@pve", List.of()))).isNull();
    }

    @Test
    void patternsMatchWithStarsOnly() {
        assertThat(ReviewerMap.glob("svc-*", "svc-tf@pve")).isTrue();
        assertThat(ReviewerMap.glob("*@pve", "root@pve")).isTrue();
        assertThat(ReviewerMap.glob("*@pve", "root@pam")).isFalse();
        assertThat(ReviewerMap.glob("a*b*c", "axxbyyc")).isTrue();
        assertThat(ReviewerMap.glob("a.c", "abc")).isFalse(); // a dot is a dot
        assertThat(ReviewerMap.glob("ops", "ops")).isTrue();
    }

    @Test
    void mistakesNameFileLineAndField() {
        String file = dir.resolve("reviewers.yml").toString();
        assertThatThrownBy(() -> read("""
                reviewers:
                  - {reviewer: ann@example.com, realm: corp-ad}
                  - {reviewer: ben@example.com, groups: ops}
                """)).isInstanceOf(ReviewInputException.class).hasMessage(file + ":3:33: unknown key 'groups' (an "
                + "entry has reviewer, realm, group, cluster, principal)");
        assertThatThrownBy(() -> read("""
                reviewers:
                  - realm: corp-ad
                """)).hasMessage(file + ":2:5: the entry needs 'reviewer'");
        assertThatThrownBy(() -> read("""
                reviewers:
                  - reviewer: ann@example.com
                    realm: [corp-ad]
                """)).hasMessage(file + ":3:5: 'realm' must be a text");
        assertThatThrownBy(() -> read("reviewer: ann@example.com\n"))
                .hasMessage(file + ":1:1: unknown key 'reviewer' (a reviewer map has only 'reviewers')");
        assertThatThrownBy(() -> read("reviewers: [\n")).hasMessageStartingWith(file + ":");
        assertThatThrownBy(() -> ReviewerMapFile.read(dir.resolve("missing.yml")))
                .hasMessage(dir.resolve("missing.yml") + ": cannot read the reviewer map: no such file");
    }
}
