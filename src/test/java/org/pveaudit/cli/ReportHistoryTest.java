package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What changed since the previous run shows in every report: new, resolved, drift and the trend. */
@Tag("e2e")
class ReportHistoryTest {

    @TempDir
    Path work;

    @Test
    void theSecondReportShowsResolvedFindingsAccessDriftAndATrendOfTwoRuns() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        assertThat(fx.audit("--format", "json").exit()).isEqualTo(1);
        fx.edit("access/acl.json", acl -> {
            for (int i = 0; i < acl.size(); i++) {
                if (acl.get(i).get("ugid").asString().equals("former.admin@pam")) {
                    acl.remove(i);
                    return;
                }
            }
        });
        fx.edit("access/users.json", users -> users.forEach(u -> {
            if (u.get("userid").asString().equals("svc-billing@pve")) {
                ((ObjectNode) u).putArray("tokens").addObject().put("tokenid", "new").put("expire", 0)
                        .put("privsep", 1);
            }
        }));
        HistoryFixture.Run second = fx.audit("--format", "html,xlsx,json");
        assertThat(second.exit()).isEqualTo(1);
        // the summary line says what changed: the new token's findings and the resolved admin grant
        assertThat(second.out()).containsPattern("prod \\(PVE [0-9.]+\\): .*; [1-9][0-9]* new; [1-9][0-9]* resolved");
        Path dir;
        try (Stream<Path> dirs = Files.list(work.resolve("reports"))) {
            dir = dirs.filter(d -> d.getFileName().toString().endsWith("-r2")).findFirst().orElseThrow();
        }

        Document html = Jsoup.parse(dir.resolve("report.html").toFile());
        assertThat(html.select("#resolved tbody tr").eachText())
                .anyMatch(t -> t.contains("PVE-ACL-001") && t.contains("former.admin@pam"));
        assertThat(html.select("#drift tbody tr").eachText())
                .anyMatch(t -> t.contains("acl") && t.contains("removed") && t.contains("former.admin@pam"))
                .anyMatch(t -> t.contains("token") && t.contains("added") && t.contains("svc-billing@pve!new"));
        assertThat(html.select("svg.trend g")).hasSize(2);
        assertThat(html.select("#findings tbody tr td:last-child").eachText()).contains("new", "open");

        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("findings.json").toFile());
        assertThat(json.get("resolved").toString()).contains("/|former.admin@pam|Administrator");
        assertThat(json.get("drift").toString()).contains("svc-billing@pve!new");

        try (InputStream in = Files.newInputStream(dir.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet changes = wb.getSheet("New and resolved");
            boolean resolvedRow = false;
            boolean newRow = false;
            for (var row : changes) {
                String kind = row.getCell(0).getStringCellValue();
                String subject = row.getRowNum() == 0 ? "" : row.getCell(4).getStringCellValue();
                resolvedRow |= kind.equals("resolved") && subject.contains("former.admin@pam");
                newRow |= kind.equals("new") && subject.equals("svc-billing@pve!new");
            }
            assertThat(resolvedRow).isTrue();
            assertThat(newRow).isTrue();
            assertThat(wb.getSheet("Drift").getLastRowNum()).isGreaterThanOrEqualTo(2);
        }
    }
}
