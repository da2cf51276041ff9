package org.pveaudit.rules;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** A parsed YAML file together with where each of its keys stands, for {@code file:line:column} messages. */
record YamlDocument(JsonNode root, YamlLocations where) {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** Parses the bytes of {@code file}; a syntax error is a {@link RuleFileException} naming line and column. */
    static YamlDocument parse(String file, byte[] bytes) {
        try {
            return new YamlDocument(YAML.readTree(bytes), new YamlLocations(YAML.createParser(bytes)));
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new RuleFileException(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": not valid YAML: " + e.getOriginalMessage());
        }
    }
}
