package org.pveaudit.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.failure.Cause;
import org.pveaudit.model.Count;

/**
 * {@code junit.xml} for CI: one test suite per cluster, one test case per rule; a failed rule is a
 * failure listing its unwaived findings; a rule that could not be evaluated is skipped with the
 * reason (never a pass), so is a rule whose findings are all waived; a rule whose condition failed
 * (outcome ERROR) and a cluster that could not be audited are errors.
 */
public final class JunitReport {

    /** The file this report writes. */
    public static final String FILE = "junit.xml";

    public Path write(ReportData data, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Map<String, List<RuleOutcome>> byCluster = new LinkedHashMap<>();
        data.clusters().forEach(c -> byCluster.put(c.cluster(), new java.util.ArrayList<>()));
        data.outcomes().forEach(o -> byCluster.computeIfAbsent(o.cluster(), k -> new java.util.ArrayList<>()).add(o));
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("testsuites");
            attr(x, "name", "pve-audit run " + data.run().id());
            for (ClusterRun c : data.clusters()) {
                suite(x, data, c, byCluster.get(c.cluster()));
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write junit.xml: " + Cause.of(e), e);
        }
        return file;
    }

    /** One cluster's test suite: a test case per rule, or one failing case when the cluster was not audited. */
    private static void suite(XMLStreamWriter x, ReportData data, ClusterRun c, List<RuleOutcome> outcomes)
            throws XMLStreamException {
        x.writeStartElement("testsuite");
        attr(x, "name", c.cluster());
        attr(x, "tests", String.valueOf(c.audited() ? outcomes.size() : 1));
        attr(x, "failures", String.valueOf(count(outcomes, RuleOutcome.Status.FAILED)));
        attr(x, "errors", String.valueOf((c.audited() ? 0 : 1) + count(outcomes, RuleOutcome.Status.ERROR)));
        attr(x, "skipped", String.valueOf(count(outcomes, RuleOutcome.Status.WAIVED)
                + count(outcomes, RuleOutcome.Status.NOT_EVALUATED)));
        if (!c.audited()) {
            x.writeStartElement("testcase");
            attr(x, "classname", "pve-audit." + c.cluster());
            attr(x, "name", "cluster audited");
            x.writeStartElement("error");
            attr(x, "message", "not audited: " + nz(c.error()));
            x.writeEndElement();
            x.writeEndElement();
        }
        for (RuleOutcome o : outcomes) {
            testcase(x, data, c, o);
        }
        x.writeEndElement();
    }

    /** One rule's test case: passed, failed with its findings, skipped (waived, not evaluated) or an error. */
    private static void testcase(XMLStreamWriter x, ReportData data, ClusterRun c, RuleOutcome o)
            throws XMLStreamException {
        x.writeStartElement("testcase");
        attr(x, "classname", "pve-audit." + c.cluster());
        attr(x, "name", o.ruleId() + " " + o.title());
        switch (o.status()) {
            case FAILED -> failure(x, data, c, o);
            case NOT_EVALUATED -> {
                x.writeStartElement("skipped");
                attr(x, "message", "not evaluated: " + nz(o.reason()));
                x.writeEndElement();
            }
            case ERROR -> {
                x.writeStartElement("error");
                attr(x, "type", "rule-error");
                attr(x, "message", "rule failed: " + nz(o.reason()));
                x.writeEndElement();
            }
            case WAIVED -> {
                x.writeStartElement("skipped");
                attr(x, "message", "all findings waived");
                x.writeEndElement();
            }
            case PASSED -> { }
        }
        x.writeEndElement();
    }

    /** A failed rule: the messages of its findings not waived on the cluster. */
    private static void failure(XMLStreamWriter x, ReportData data, ClusterRun c, RuleOutcome o)
            throws XMLStreamException {
        x.writeStartElement("failure");
        attr(x, "type", o.severity().key());
        attr(x, "message", Count.of(o.findings(), "finding"));
        StringBuilder body = new StringBuilder();
        for (StoredFinding f : data.findings()) {
            if (!f.waived() && f.finding().cluster().equals(c.cluster())
                    && f.finding().ruleId().equals(o.ruleId())) {
                body.append(f.finding().message()).append('\n');
            }
        }
        x.writeCharacters(xml(body.toString()));
        x.writeEndElement();
    }

    private static void attr(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeAttribute(name, xml(value));
    }

    /**
     * The text with the characters XML 1.0 cannot carry at all, even escaped (NUL and most other control
     * characters, a lone surrogate), replaced by U+FFFD: they come from cluster data and would make the file
     * unreadable to every CI server.
     */
    static String xml(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                    || Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (!ok && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '\uFFFD');
            }
        }
        return out == null ? text : out.toString();
    }

    private static long count(List<RuleOutcome> outcomes, RuleOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
