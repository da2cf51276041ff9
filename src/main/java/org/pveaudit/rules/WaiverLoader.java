package org.pveaudit.rules;

import org.pveaudit.input.YamlLocations;
import org.pveaudit.input.YamlDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import tools.jackson.databind.JsonNode;
import org.pveaudit.failure.Cause;

/**
 * Reads {@code waivers.yml}. Every waiver needs a reason, an owner and an expiry date at most
 * {@code max-waiver-days} ahead, so no exception is open-ended or anonymous; mistakes are reported
 * as {@code file:line:column: problem}.
 */
public final class WaiverLoader {

    public static final int DEFAULT_MAX_DAYS = 365;
    private static final Set<String> FILE_KEYS = Set.of("max-waiver-days", "waivers");
    private static final Set<String> KEYS = Set.of("rule", "cluster", "principal", "path", "subject", "reason",
            "owner", "expires", "ticket");


    /**
     * @param knownRules every rule loaded, so a waiver for a rule that does not exist is an error
     * @param today the day the audit runs; expired waivers are still loaded (and reported)
     */
    public List<Waiver> load(Path path, List<Rule> knownRules, LocalDate today) {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = InputFiles.read(path, InputLimits.MAX_YAML_BYTES);
        } catch (InputFileException e) {
            throw new RuleFileException(e.getMessage());
        } catch (IOException e) {
            throw new RuleFileException(file + ": cannot read waivers file: " + Cause.of(e));
        }
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(file, bytes, new YamlDocument.Keys(FILE_KEYS, "waivers", KEYS));
        } catch (InputFileException e) {
            throw new RuleFileException(e.getMessage());
        }
        JsonNode root = doc.root();
        YamlLocations where = doc.where();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return List.of();
        }
        if (!root.isObject()) {
            throw new RuleFileException(file + ":1:1: a waivers file must be a mapping with 'waivers'");
        }
        for (String key : root.propertyNames()) {
            if (!FILE_KEYS.contains(key)) {
                throw new RuleFileException(file + ":" + where.at("/" + key) + ": unknown key '" + key + "'");
            }
        }
        int maxDays = maxDays(file, where, root.get("max-waiver-days"));
        List<Waiver> waivers = new ArrayList<>();
        JsonNode list = root.get("waivers");
        if (list == null || list.isNull()) {
            return waivers;
        }
        if (!list.isArray()) {
            throw new RuleFileException(file + ":" + where.at("/waivers") + ": 'waivers' must be a list, not "
                    + RulePackLoader.kind(list));
        }
        for (int i = 0; i < list.size(); i++) {
            waivers.add(waiver(file, where, "/waivers/" + i, list.get(i), knownRules, today, maxDays));
        }
        return waivers;
    }

    /** One waiver of the list: a mapping of known keys, for a known rule, expiring within max-waiver-days. */
    private static Waiver waiver(String file, YamlLocations where, String pointer, JsonNode w, List<Rule> knownRules,
                                 LocalDate today, int maxDays) {
        String at = file + ":" + where.at(pointer);
        if (!w.isObject()) {
            throw new RuleFileException(at + ": a waiver must be a mapping, not " + RulePackLoader.kind(w));
        }
        for (String key : w.propertyNames()) {
            JsonNode v = w.get(key);
            if (!v.isValueNode() && !v.isNull()) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/" + key) + ": '" + key
                        + "' must be a text, not " + RulePackLoader.kind(v));
            }
        }
        for (String key : w.propertyNames()) {
            if (!KEYS.contains(key)) {
                throw new RuleFileException(file + ":" + where.at(pointer + "/" + key) + ": unknown key '" + key
                        + "'");
            }
        }
        String rule = required(w, "rule", at);
        if (knownRules.stream().noneMatch(r -> r.answersTo(rule))) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/rule") + ": no rule '" + rule + "'");
        }
        String expiresText = required(w, "expires", at);
        LocalDate expires;
        try {
            expires = LocalDate.parse(expiresText);
        } catch (DateTimeParseException e) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/expires") + ": expires '" + expiresText
                    + "' is not a date like 2027-03-31");
        }
        if (expires.isAfter(today.plusDays(maxDays))) {
            throw new RuleFileException(file + ":" + where.at(pointer + "/expires") + ": expires " + expires
                    + " is more than max-waiver-days (" + maxDays + ") ahead; waivers must be renewed");
        }
        return new Waiver(rule, text(w, "cluster"), text(w, "principal"), text(w, "path"),
                text(w, "subject"), required(w, "reason", at), required(w, "owner", at), expires,
                text(w, "ticket"), file + ":" + where.at(pointer));
    }

    /** {@code max-waiver-days}: a whole number of days, 0 or more; absent is {@link #DEFAULT_MAX_DAYS}. */
    private static int maxDays(String file, YamlLocations where, JsonNode v) {
        if (v == null || v.isNull()) {
            return DEFAULT_MAX_DAYS;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new RuleFileException(file + ":" + where.at("/max-waiver-days") + ": max-waiver-days must be a "
                    + "whole number of days, 0 or more, not " + (v.isValueNode() && v.asString().length() <= 40
                    ? "'" + v.asString() + "'" : RulePackLoader.kind(v)));
        }
        return v.asInt();
    }

    private static String required(JsonNode w, String key, String at) {
        String v = text(w, key);
        if (v == null || v.isBlank()) {
            throw new RuleFileException(at + ": waiver needs '" + key + "' (rule, reason, owner and expires are "
                    + "required)");
        }
        return v;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asString();
    }
}
