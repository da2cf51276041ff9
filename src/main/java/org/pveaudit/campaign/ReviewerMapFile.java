package org.pveaudit.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pveaudit.failure.Cause;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import org.pveaudit.input.YamlDocument;
import org.pveaudit.input.YamlLocations;
import tools.jackson.databind.JsonNode;

/**
 * Reads a reviewer map ({@code reviewers: [{reviewer: ann@example.com, realm: corp-ad}, …]}); a mistake is one line
 * {@code file:line:column: problem}, as in a waivers file.
 */
public final class ReviewerMapFile {

    private static final Set<String> CONDITIONS = Set.of("realm", "group", "cluster", "principal");
    private static final String KEYS = "reviewer, realm, group, cluster, principal";

    private ReviewerMapFile() {
    }

    public static ReviewerMap read(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = InputFiles.read(path, InputLimits.MAX_YAML_BYTES);
        } catch (InputFileException e) {
            throw new ReviewInputException(e.getMessage());
        } catch (IOException e) {
            throw new ReviewInputException(file + ": cannot read the reviewer map: " + Cause.of(e));
        }
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(file, bytes);
        } catch (InputFileException e) {
            throw new ReviewInputException(e.getMessage());
        }
        JsonNode root = doc.root();
        YamlLocations where = doc.where();
        if (root == null || !root.isObject()) {
            throw new ReviewInputException(file + ":1:1: a reviewer map must be a mapping with 'reviewers'");
        }
        for (String key : root.propertyNames()) {
            if (!key.equals("reviewers")) {
                throw new ReviewInputException(file + ":" + where.at("/" + key) + ": unknown key '" + key
                        + "' (a reviewer map has only 'reviewers')");
            }
        }
        JsonNode list = root.get("reviewers");
        if (list == null || !list.isArray()) {
            throw new ReviewInputException(file + ":" + where.at("/reviewers") + ": 'reviewers' must be a list of "
                    + "entries such as {reviewer: ann@example.com, realm: corp-ad}");
        }
        List<ReviewerMap.Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry(file, where, "/reviewers/" + i, list.get(i)));
        }
        return new ReviewerMap(entries);
    }

    private static ReviewerMap.Entry entry(String file, YamlLocations where, String pointer, JsonNode e) {
        if (!e.isObject()) {
            throw new ReviewInputException(file + ":" + where.at(pointer) + ": an entry must be a mapping of "
                    + KEYS);
        }
        for (String key : e.propertyNames()) {
            String at = file + ":" + where.at(pointer + "/" + key);
            if (!key.equals("reviewer") && !CONDITIONS.contains(key)) {
                throw new ReviewInputException(at + ": unknown key '" + key + "' (an entry has " + KEYS + ")");
            }
            JsonNode v = e.get(key);
            if (!v.isValueNode() || v.isNull() || v.asString().isBlank()) {
                throw new ReviewInputException(at + ": '" + key + "' must be a text");
            }
        }
        if (e.get("reviewer") == null) {
            throw new ReviewInputException(file + ":" + where.at(pointer) + ": the entry needs 'reviewer'");
        }
        return new ReviewerMap.Entry(text(e, "reviewer"), text(e, "realm"), text(e, "group"), text(e, "cluster"),
                text(e, "principal"));
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null ? null : v.asString().strip();
    }
}
