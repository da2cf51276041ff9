package org.pveaudit.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.pveaudit.model.Dataset;
import org.springframework.expression.Expression;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads rule packs from YAML and validates every rule when the file is read, so a mistake stops
 * the run before any cluster is touched, with {@code file:line:column: problem}.
 */
public final class RulePackLoader {

    private static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9]*(-[A-Z0-9]+)+");
    private static final Set<String> PACK_KEYS = Set.of("pack", "version", "description", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "title", "severity", "subject", "when", "message",
            "rationale", "remediation", "references", "frameworks", "requires");

    private final YAMLMapper yaml = YAMLMapper.builder().build();
    private final RuleExpressions expressions;

    public RulePackLoader(RuleExpressions expressions) {
        this.expressions = expressions;
    }

    /** Loads packs from files or {@code classpath:} resources; rule ids must be unique across them. */
    public List<RulePack> load(List<String> locations) {
        List<RulePack> packs = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String location : locations) {
            RulePack pack = load(location);
            for (Rule r : pack.rules()) {
                String earlier = seen.putIfAbsent(r.id(), r.source());
                if (earlier != null) {
                    throw new RuleFileException(r.source() + ": duplicate rule id '" + r.id()
                            + "' (first defined at " + earlier + ")");
                }
            }
            packs.add(pack);
        }
        return packs;
    }

    public RulePack load(String location) {
        byte[] bytes = read(location);
        String file = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        JsonNode root;
        YamlLocations where;
        try {
            root = yaml.readTree(bytes);
            where = new YamlLocations(yaml.createParser(bytes));
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new RuleFileException(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RuleFileException(file + ":1:1: a rule pack must be a mapping with 'pack' and 'rules'");
        }
        unknownKeys(file, where, "", root, PACK_KEYS);
        String pack = requireText(file, where, "", root, "pack");
        String version = root.has("version") ? root.get("version").asString() : "0";
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new RuleFileException(file + ":" + where.at("/rules") + ": 'rules' must be a list");
        }
        List<Rule> list = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            String pointer = "/rules/" + i;
            Rule rule = rule(file, where, pointer, rules.get(i));
            String earlier = ids.putIfAbsent(rule.id(), where.at(pointer));
            if (earlier != null) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/id") + ": duplicate rule id '"
                        + rule.id() + "' (first at line " + earlier + ")");
            }
            list.add(rule);
        }
        return new RulePack(pack, version, file, list);
    }

    private Rule rule(String file, YamlLocations where, String pointer, JsonNode node) {
        if (!node.isObject()) {
            throw new RuleFileException(file + ":" + where.at(pointer) + ": a rule must be a mapping");
        }
        unknownKeys(file, where, pointer, node, RULE_KEYS);
        String id = requireText(file, where, pointer, node, "id");
        if (!RULE_ID.matcher(id).matches()) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/id") + ": rule id '" + id
                    + "' must look like PVE-ACL-001 (upper case, dash-separated)");
        }
        String sev = requireText(file, where, pointer, node, "severity");
        Severity severity = Severity.parse(sev);
        if (severity == null) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/severity") + ": rule " + id
                    + ": severity '" + sev + "' is not one of critical, high, medium, low, info");
        }
        String subj = requireText(file, where, pointer, node, "subject");
        SubjectKind subject = SubjectKind.parse(subj);
        if (subject == null) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/subject") + ": rule " + id
                    + ": unknown subject '" + subj + "' (known: acl, token, user, group, role, realm, pool, source)");
        }
        String when = requireText(file, where, pointer, node, "when");
        Expression condition;
        try {
            condition = expressions.parse(when, subject.fields());
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/when") + ": rule " + id + ": "
                    + e.getMessage());
        }
        String message = requireText(file, where, pointer, node, "message");
        checkPlaceholders(file, where, pointer, id, message, subject);
        Set<Dataset> requires = EnumSet.of(subject.dataset());
        for (JsonNode r : list(node.get("requires"))) {
            Dataset d = dataset(r.asString());
            if (d == null) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/requires") + ": rule " + id
                        + ": unknown dataset '" + r.asString() + "'");
            }
            requires.add(d);
        }
        return new Rule(id, requireText(file, where, pointer, node, "title"), severity, subject, when, condition,
                message, text(node, "rationale"), text(node, "remediation"), strings(node.get("references")),
                strings(node.get("frameworks")), requires, file + ":" + where.at(pointer));
    }

    private static void checkPlaceholders(String file, YamlLocations where, String pointer, String id,
                                          String message, SubjectKind subject) {
        var m = RuleMessage.PLACEHOLDER.matcher(message);
        while (m.find()) {
            if (!subject.fields().contains(m.group(1))) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/message") + ": rule " + id
                        + ": unknown field '{" + m.group(1) + "}' in message");
            }
        }
    }

    private static Dataset dataset(String key) {
        for (Dataset d : Dataset.values()) {
            if (d.key().equals(key)) {
                return d;
            }
        }
        return null;
    }

    private static void unknownKeys(String file, YamlLocations where, String pointer, JsonNode node,
                                    Set<String> known) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/" + name) + ": unknown key '" + name
                        + "'");
            }
        }
    }

    private static String requireText(String file, YamlLocations where, String pointer, JsonNode node,
                                      String key) {
        String v = text(node, key);
        if (v == null || v.isBlank()) {
            throw new RuleFileException(file + ":" + where.at(pointer) + ": missing '" + key + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(out::add);
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        return list(node).stream().map(JsonNode::asString).toList();
    }

    private static byte[] read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String name = location.substring("classpath:".length());
                try (InputStream in = RulePackLoader.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new RuleFileException(location + ": rule file not found");
                    }
                    return in.readAllBytes();
                }
            }
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new RuleFileException(location + ": cannot read rule file");
        }
    }
}
