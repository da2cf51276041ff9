package org.pveaudit.source.usercfg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pveaudit.model.Realm;

/**
 * Reads {@code /etc/pve/domains.cfg} (section config, reference 3.6) into realms. {@code pam} and
 * {@code pve} are always present; secrets (Yubico {@code key=} inside {@code tfa}, OpenID
 * {@code client-key}, a stray {@code password}) are replaced by {@link Realm#REDACTED}.
 */
public final class DomainsCfgParser {

    private static final Pattern HEADER = Pattern.compile("(\\S+):\\s*(\\S+)\\s*");
    private static final Pattern PROPERTY = Pattern.compile("\\s+(\\S+)(?:\\s+(.*\\S))?\\s*");
    private static final Pattern REALM_ID = Pattern.compile("[A-Za-z][A-Za-z0-9.\\-_]+");
    private static final Set<String> TYPES = Set.of("pam", "pve", "ldap", "ad", "openid");

    public List<Realm> parse(Path file) throws IOException {
        String name = file.getFileName().toString();
        return parse(name, org.pveaudit.input.InputFiles.utf8(name,
                org.pveaudit.input.InputFiles.read(file, org.pveaudit.input.InputLimits.MAX_DOCUMENT_BYTES)),
                new ArrayList<>());
    }

    public List<Realm> parse(String fileName, String text) {
        return parse(fileName, text, new ArrayList<>());
    }

    /** Parses, adding what Proxmox would warn about and skip to {@code warnings}. */
    public List<Realm> parse(String fileName, String text, List<ParseWarning> warnings) {
        Map<String, Section> sections = sections(fileName, text, warnings);
        sections.computeIfAbsent("pam", k -> new Section("pam", new LinkedHashMap<>()));
        sections.computeIfAbsent("pve", k -> new Section("pve", new LinkedHashMap<>()));
        List<Realm> realms = new ArrayList<>();
        boolean defaultSeen = false;
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            Realm realm = realm(e.getKey(), e.getValue(), defaultSeen);
            defaultSeen |= realm.defaultRealm();
            realms.add(realm);
        }
        return realms;
    }

    /** The sections in file order, skipping (with a warning) what Proxmox's section config ignores. */
    private static Map<String, Section> sections(String fileName, String text, List<ParseWarning> warnings) {
        Map<String, Section> sections = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        Section current = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                current = null;
                continue;
            }
            if (current == null) {
                Matcher h = HEADER.matcher(line);
                if (!h.matches()) {
                    warnings.add(new ParseWarning(fileName, lineNo, "ignore config line: " + PerlText.shown(line)));
                    current = Section.SKIPPED;
                    continue;
                }
                String type = h.group(1).toLowerCase(Locale.ROOT);
                String id = h.group(2);
                if (!REALM_ID.matcher(id).matches() || !TYPES.contains(type)) {
                    warnings.add(new ParseWarning(fileName, lineNo, "section '" + PerlText.shown(id)
                            + "' ignored: " + (TYPES.contains(type) ? "invalid realm id" : "unknown type '" + type + "'")));
                    current = Section.SKIPPED;
                    continue;
                }
                current = new Section(type, new LinkedHashMap<>());
                sections.put(id, current);
                continue;
            }
            if (current == Section.SKIPPED) {
                continue;
            }
            Matcher p = PROPERTY.matcher(line);
            if (!p.matches()) {
                warnings.add(new ParseWarning(fileName, lineNo, "ignore config line: " + PerlText.shown(line)));
                continue;
            }
            current.options().put(p.group(1), p.group(2) == null ? "" : p.group(2));
        }
        return sections;
    }

    /**
     * One realm from its section: comment decoded, the default marker kept only when no realm before
     * carries it, secrets redacted.
     */
    private static Realm realm(String id, Section section, boolean defaultSeen) {
        String type = switch (id) {
            case "pam", "pve" -> id; // forced by Proxmox
            default -> section.type();
        };
        Map<String, String> options = new LinkedHashMap<>(section.options());
        String comment = options.remove("comment");
        comment = comment == null || comment.isEmpty() ? null : PerlText.decodeText(
                new String(comment.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        if (comment == null && id.equals("pam")) {
            comment = "Linux PAM standard authentication";
        } else if (comment == null && id.equals("pve")) {
            comment = "Proxmox VE authentication server";
        }
        // only one realm may carry the default marker; later ones lose it
        boolean isDefault = PerlText.truthy(options.remove("default")) && !defaultSeen;
        String tfa = options.get("tfa");
        String tfaType = null;
        if (tfa != null) {
            tfaType = Realm.tfaType(tfa);
            options.put("tfa", Realm.redactTfa(tfa));
        }
        for (String secret : Realm.SECRET_OPTIONS) {
            options.computeIfPresent(secret, (k, v) -> Realm.REDACTED);
        }
        return new Realm(id, type, isDefault, comment, tfaType, options);
    }

    /** One section of the file: realm type and raw options. */
    private record Section(String type, Map<String, String> options) {
        static final Section SKIPPED = new Section("", Map.of());
    }
}
