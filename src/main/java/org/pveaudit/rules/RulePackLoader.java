package org.pveaudit.rules;

import org.pveaudit.input.YamlLocations;
import org.pveaudit.input.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import org.pveaudit.model.Dataset;
import org.springframework.expression.Expression;
import tools.jackson.databind.JsonNode;
import org.pveaudit.failure.Cause;

/**
 * Loads rule packs from YAML and validates every rule when the file is read, so a mistake stops
 * the run before any cluster is touched, with {@code file:line:column: problem}.
 */
public final class RulePackLoader {

    private static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9]*(-[A-Z0-9]+)+");
    private static final Set<String> PACK_KEYS = Set.of("pack", "version", "description", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "aliases", "title", "severity", "subject", "when",
            "message", "rationale", "remediation", "references", "frameworks", "tags", "params", "requires");

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
                for (String name : concat(r.id(), r.aliases())) {
                    String earlier = seen.putIfAbsent(name.toUpperCase(java.util.Locale.ROOT), r.source());
                    if (earlier != null) {
                        throw new RuleFileException(r.source() + ": duplicate rule id '" + name
                                + "' (first defined at " + earlier + ")");
                    }
                }
            }
            packs.add(pack);
        }
        return packs;
    }

    public RulePack load(String location) {
        byte[] bytes = read(location);
        String file = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(file, bytes, new YamlDocument.Keys(PACK_KEYS, "rules", RULE_KEYS));
        } catch (InputFileException e) {
            throw new RuleFileException(e.getMessage());
        }
        JsonNode root = doc.root();
        YamlLocations where = doc.where();
        if (root == null || !root.isObject()) {
            throw new RuleFileException(file + ":1:1: a rule pack must be a mapping with 'pack' and 'rules'");
        }
        unknownKeys(file, where, "", root, PACK_KEYS);
        String pack = requireText(file, where, "", root, "pack");
        String version = root.has("version") && !root.get("version").isNull()
                ? text(file, where, "", root, "version") : "0";
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new RuleFileException(file + ":" + where.at("/rules") + ": 'rules' must be a list");
        }
        List<Rule> list = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            String pointer = "/rules/" + i;
            Rule rule = rule(file, where, pointer, rules.get(i));
            for (String name : concat(rule.id(), rule.aliases())) {
                String earlier = ids.putIfAbsent(name.toUpperCase(java.util.Locale.ROOT), where.at(pointer));
                if (earlier != null) {
                    throw new RuleFileException(file + ":" + where.at(pointer + "/id") + ": duplicate rule id '"
                            + name + "' (first at " + earlier + ")");
                }
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
                    + ": unknown subject '" + subj + "' (known: " + String.join(", ", java.util.Arrays
                    .stream(SubjectKind.values()).map(SubjectKind::key).toList()) + ")");
        }
        Map<String, Object> params = params(file, where, pointer, id, node.get("params"));
        String when = requireText(file, where, pointer, node, "when");
        Expression condition;
        try {
            condition = expressions.parse(when, subject, params.keySet());
        } catch (IllegalArgumentException | org.springframework.expression.ExpressionException e) {
            // SpEL's own refusals (an expression over its length limit) are mistakes of the file too
            throw new RuleFileException(file + ":" + where.at(pointer + "/when") + ": rule " + id + ": "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        }
        String message = requireText(file, where, pointer, node, "message");
        checkPlaceholders(file, where, pointer, id, message, subject, params.keySet());
        // what the condition and the message read is required even when the file forgets to say so:
        // a rule must never pass on data that was not read
        Set<Dataset> requires = EnumSet.of(subject.dataset());
        requires.addAll(implied(subject, expressions.reads(condition), message));
        for (String r : strings(file, where, pointer, node, "requires")) {
            Dataset d = dataset(r);
            if (d == null) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/requires") + ": rule " + id
                        + ": unknown dataset '" + r + "'");
            }
            requires.add(d);
        }
        return new Rule(id, strings(file, where, pointer, node, "aliases"),
                requireText(file, where, pointer, node, "title"), severity, subject, when, condition, message,
                text(file, where, pointer, node, "rationale"), text(file, where, pointer, node, "remediation"),
                strings(file, where, pointer, node, "references"), strings(file, where, pointer, node, "frameworks"),
                strings(file, where, pointer, node, "tags"), params, requires, file + ":" + where.at(pointer));
    }

    /** {@code params}: a mapping of name to default value (a number, text or boolean); absent is none. */
    private static Map<String, Object> params(String file, YamlLocations where, String pointer, String id,
                                              JsonNode paramNode) {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        if (paramNode != null && !paramNode.isNull()) {
            if (!paramNode.isObject()) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/params") + ": rule " + id
                        + ": 'params' must be a mapping of name to default value");
            }
            for (Map.Entry<String, JsonNode> p : paramNode.properties()) {
                JsonNode v = p.getValue();
                if (!v.isValueNode() || v.isNull()) {
                    throw new RuleFileException(file + ":" + where.at(pointer + "/params/" + p.getKey()) + ": rule "
                            + id + ": param '" + p.getKey() + "' needs a default number, text or boolean");
                }
                params.put(p.getKey(), v.isNumber() ? (Object) v.numberValue() : v.isBoolean() ? v.booleanValue()
                        : v.asString());
            }
        }
        return params;
    }

    /**
     * The datasets, besides the subject's own, that the fields and functions a condition reads
     * ({@link RuleExpressions#reads}) and the fields its message shows are derived from.
     */
    static Set<Dataset> implied(SubjectKind subject, Set<String> conditionReads, String message) {
        Set<String> names = new java.util.HashSet<>(conditionReads);
        var m = RuleMessage.PLACEHOLDER.matcher(message);
        while (m.find()) {
            if (m.group(1) == null) {
                names.add(m.group(2));
            }
        }
        Set<Dataset> out = EnumSet.noneOf(Dataset.class);
        for (String name : names) {
            if (name.startsWith("#")) {
                if (RuleFunctions.PRIVILEGE_FUNCTIONS.contains(name.substring(1))) {
                    out.addAll(RuleFunctions.PRIVILEGE_DATA);
                }
            } else {
                out.addAll(subject.derivedFrom(name));
            }
        }
        return out;
    }

    private static List<String> concat(String id, List<String> aliases) {
        List<String> all = new ArrayList<>();
        all.add(id);
        all.addAll(aliases);
        return all;
    }

    private static void checkPlaceholders(String file, YamlLocations where, String pointer, String id,
                                          String message, SubjectKind subject, Set<String> params) {
        var m = RuleMessage.PLACEHOLDER.matcher(message);
        while (m.find()) {
            boolean param = m.group(1) != null;
            if (param ? !params.contains(m.group(2)) : !subject.fields().contains(m.group(2))) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/message") + ": rule " + id
                        + ": unknown " + (param ? "param" : "field") + " '{" + m.group() .substring(1,
                        m.group().length() - 1) + "}' in message");
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
        String v = text(file, where, pointer, node, key);
        if (v == null || v.isBlank()) {
            throw new RuleFileException(file + ":" + where.at(pointer) + ": missing '" + key + "'");
        }
        return v;
    }

    /** A text setting (numbers and booleans as written), null when absent; a list or mapping is refused. */
    private static String text(String file, YamlLocations where, String pointer, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/" + key) + ": '" + key
                    + "' must be a text, not " + kind(v));
        }
        return v.asString();
    }

    /** A list of texts, empty when absent; a single text, a mapping or an item that is not a text is refused. */
    private static List<String> strings(String file, YamlLocations where, String pointer, JsonNode node,
                                        String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/" + key) + ": '" + key
                    + "' must be a list of texts, not " + kind(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isValueNode() || item.isNull()) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/" + key + "/" + i) + ": item "
                        + (i + 1) + " of '" + key + "' must be a text, not " + kind(item));
            }
            out.add(item.asString());
        }
        return out;
    }

    /** What a YAML value is, in words, for messages. */
    static String kind(JsonNode v) {
        return v.isArray() ? "a list" : v.isObject() ? "a mapping" : v.isNull() ? "empty"
                : v.isString() ? "a text" : v.isBoolean() ? "a boolean" : "a number";
    }

    private static byte[] read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String name = location.substring("classpath:".length());
                try (InputStream in = RulePackLoader.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new RuleFileException(location + ": rule file not found");
                    }
                    return InputFiles.read(location, in, InputLimits.MAX_YAML_BYTES);
                }
            }
            return InputFiles.read(Path.of(location), InputLimits.MAX_YAML_BYTES);
        } catch (InputFileException e) {
            throw new RuleFileException(e.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            throw new RuleFileException(location + ": not a file name");
        } catch (IOException e) {
            throw new RuleFileException(location + ": cannot read rule file: " + Cause.of(e));
        }
    }
}
