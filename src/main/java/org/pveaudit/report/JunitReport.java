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

/**
 * {@code junit.xml} for CI: one test suite per cluster, one test case per rule; a failed rule is a
 * failure listing its unwaived findings; a rule that could not be evaluated is skipped with the
 * reason (never a pass), so is a rule whose findings are all waived; a rule whose condition failed
 * (outcome ERROR) and a cluster that could not be audited are errors.
 */
public final class JunitReport {

    public Path write(ReportData data, Path dir) throws IOException {
        Path file = dir.resolve("junit.xml");
        Map<String, List<RuleOutcome>> byCluster = new LinkedHashMap<>();
        data.clusters().forEach(c -> byCluster.put(c.cluster(), new java.util.ArrayList<>()));
        data.outcomes().forEach(o -> byCluster.computeIfAbsent(o.cluster(), k -> new java.util.ArrayList<>()).add(o));
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "pve-audit run " + data.run().id());
            for (ClusterRun c : data.clusters()) {
                List<RuleOutcome> outcomes = byCluster.get(c.cluster());
                x.writeStartElement("testsuite");
                x.writeAttribute("name", c.cluster());
                x.writeAttribute("tests", String.valueOf(c.audited() ? outcomes.size() : 1));
                x.writeAttribute("failures", String.valueOf(count(outcomes, RuleOutcome.Status.FAILED)));
                x.writeAttribute("errors", String.valueOf((c.audited() ? 0 : 1)
                        + count(outcomes, RuleOutcome.Status.ERROR)));
                x.writeAttribute("skipped", String.valueOf(count(outcomes, RuleOutcome.Status.WAIVED)
                        + count(outcomes, RuleOutcome.Status.NOT_EVALUATED)));
                if (!c.audited()) {
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", "pve-audit." + c.cluster());
                    x.writeAttribute("name", "cluster audited");
                    x.writeStartElement("error");
                    x.writeAttribute("message", "not audited: " + nz(c.error()));
                    x.writeEndElement();
                    x.writeEndElement();
                }
                for (RuleOutcome o : outcomes) {
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", "pve-audit." + c.cluster());
                    x.writeAttribute("name", o.ruleId() + " " + o.title());
                    switch (o.status()) {
                        case FAILED -> {
                            x.writeStartElement("failure");
                            x.writeAttribute("type", o.severity().key());
                            x.writeAttribute("message", o.findings() + " finding(s)");
                            StringBuilder body = new StringBuilder();
                            for (StoredFinding f : data.findings()) {
                                if (!f.waived() && f.finding().cluster().equals(c.cluster())
                                        && f.finding().ruleId().equals(o.ruleId())) {
                                    body.append(f.finding().message()).append('\n');
                                }
                            }
                            x.writeCharacters(body.toString());
                            x.writeEndElement();
                        }
                        case NOT_EVALUATED -> {
                            x.writeStartElement("skipped");
                            x.writeAttribute("message", "not evaluated: " + nz(o.reason()));
                            x.writeEndElement();
                        }
                        case ERROR -> {
                            x.writeStartElement("error");
                            x.writeAttribute("type", "rule-error");
                            x.writeAttribute("message", "rule failed: " + nz(o.reason()));
                            x.writeEndElement();
                        }
                        case WAIVED -> {
                            x.writeStartElement("skipped");
                            x.writeAttribute("message", "all findings waived");
                            x.writeEndElement();
                        }
                        case PASSED -> { }
                    }
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write junit.xml: " + Cause.of(e), e);
        }
        return file;
    }

    private static long count(List<RuleOutcome> outcomes, RuleOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
