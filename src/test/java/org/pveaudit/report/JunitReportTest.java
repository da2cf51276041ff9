package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code junit.xml} of {@link HostileRun} against {@code golden/junit.xml} byte for byte; regenerate the golden
 * file with {@code mvn -o test -Dtest=JunitReportTest -Dgolden.update=true} and review the diff.
 */
class JunitReportTest {

    @TempDir
    Path dir;

    @Test
    void junitXmlMatchesTheGoldenFile() throws Exception {
        Path file = new JunitReport().write(HostileRun.data(), dir);

        assertThat(file.getFileName()).hasToString(JunitReport.FILE);
        Golden.assertText(file, "junit.xml");
    }

    @Test
    void eachClusterIsASuiteThatCountsFailuresErrorsAndSkips() throws Exception {
        Path file = new JunitReport().write(HostileRun.data(), dir);
        NodeList suites = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                .getElementsByTagName("testsuite");

        assertThat(suites.getLength()).isEqualTo(3);
        assertSuite((Element) suites.item(0), HostileRun.PROD, "5", "3", "1", "1");
        assertSuite((Element) suites.item(1), HostileRun.LAB, "2", "0", "0", "1");
        assertSuite((Element) suites.item(2), HostileRun.DOWN, "1", "0", "1", "0");
        Element failure = (Element) ((Element) suites.item(0)).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("critical");
        assertThat(failure.getTextContent()).contains(HostileRun.SCRIPT);
        Element notAudited = (Element) ((Element) suites.item(2)).getElementsByTagName("error").item(0);
        assertThat(notAudited.getAttribute("message")).isEqualTo("not audited: connection refused: "
                + HostileRun.SCRIPT);
    }

    private static void assertSuite(Element suite, String name, String tests, String failures, String errors,
                                    String skipped) {
        assertThat(suite.getAttribute("name")).isEqualTo(name);
        assertThat(suite.getAttribute("tests")).as("tests of %s", name).isEqualTo(tests);
        assertThat(suite.getAttribute("failures")).as("failures of %s", name).isEqualTo(failures);
        assertThat(suite.getAttribute("errors")).as("errors of %s", name).isEqualTo(errors);
        assertThat(suite.getAttribute("skipped")).as("skipped of %s", name).isEqualTo(skipped);
    }
}
