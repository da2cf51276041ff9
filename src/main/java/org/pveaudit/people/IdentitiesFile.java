package org.pveaudit.people;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pveaudit.failure.Cause;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import org.pveaudit.model.Principal;
import org.pveaudit.input.YamlDocument;
import org.pveaudit.input.YamlLocations;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code identities.yml}:
 * {@code people: [{name: "Alice Example", accounts: ["prod:alice@pve", "lab:alice@corp-ldap"]}]} and
 * {@code separate: [["prod:bob@pve", "lab:bob@pve"]]}. A mistake is one line {@code file:line:column: problem}
 * naming the field, as in a waivers file.
 */
public final class IdentitiesFile {

    private static final Set<String> FILE_KEYS = Set.of("people", "separate");
    private static final Set<String> PERSON_KEYS = Set.of("name", "accounts");

    private IdentitiesFile() {
    }

    public static Identities read(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = InputFiles.read(path, InputLimits.MAX_YAML_BYTES);
        } catch (InputFileException e) {
            throw new IdentitiesException(e.getMessage());
        } catch (IOException e) {
            throw new IdentitiesException(file + ": cannot read the identities file: " + Cause.of(e));
        }
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(file, bytes);
        } catch (InputFileException e) {
            throw new IdentitiesException(e.getMessage());
        }
        return of(file, doc.root(), doc.where());
    }

    private static Identities of(String file, JsonNode root, YamlLocations where) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Identities.NONE;
        }
        if (!root.isObject()) {
            throw new IdentitiesException(file + ":1:1: an identities file must be a mapping with 'people' and/or "
                    + "'separate'");
        }
        for (String key : root.propertyNames()) {
            if (!FILE_KEYS.contains(key)) {
                throw new IdentitiesException(file + ":" + where.at("/" + key) + ": unknown key '" + key
                        + "' (an identities file has 'people' and 'separate')");
            }
        }
        List<Identities.Named> people = new ArrayList<>();
        // an account named by two entries would silently merge two people: say where it was first
        Map<String, String> listedAt = new HashMap<>();
        Set<String> names = new HashSet<>();
        JsonNode list = list(file, where, root, "people");
        for (int i = 0; i < list.size(); i++) {
            Identities.Named p = person(file, where, "/people/" + i, list.get(i));
            if (!names.add(p.name().toLowerCase(Locale.ROOT))) {
                throw new IdentitiesException(file + ":" + where.at("/people/" + i + "/name") + ": people.name '"
                        + shown(p.name()) + "' appears twice");
            }
            for (int j = 0; j < p.accounts().size(); j++) {
                String first = listedAt.putIfAbsent(p.accounts().get(j), where.at("/people/" + i + "/accounts/" + j));
                if (first != null) {
                    throw new IdentitiesException(file + ":" + where.at("/people/" + i + "/accounts/" + j)
                            + ": people.accounts: '" + shown(p.accounts().get(j)) + "' is listed already at line "
                            + first.substring(0, first.indexOf(':')) + "; an account belongs to one person");
                }
            }
            people.add(p);
        }
        List<Identities.Apart> separate = new ArrayList<>();
        JsonNode apart = list(file, where, root, "separate");
        for (int i = 0; i < apart.size(); i++) {
            String pointer = "/separate/" + i;
            List<String> accounts = accounts(file, where, pointer, apart.get(i), "separate");
            if (accounts.size() < 2) {
                throw new IdentitiesException(file + ":" + where.at(pointer) + ": separate: an entry needs two "
                        + "accounts or more, such as [\"prod:bob@pve\", \"lab:bob@pve\"]");
            }
            separate.add(new Identities.Apart(accounts, file + ":" + where.at(pointer)));
        }
        Identities identities = new Identities(people, separate);
        for (int i = 0; i < people.size(); i++) {
            List<String> joined = people.get(i).accounts();
            for (String a : joined) {
                for (String b : joined) {
                    if (identities.apart(a, b)) {
                        throw new IdentitiesException(file + ":" + where.at("/people/" + i + "/accounts")
                                + ": people.accounts joins '" + shown(a) + "' and '" + shown(b)
                                + "', which separate keeps apart");
                    }
                }
            }
        }
        return identities;
    }

    private static JsonNode list(String file, YamlLocations where, JsonNode root, String key) {
        JsonNode list = root.get(key);
        if (list == null || list.isNull()) {
            return tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!list.isArray()) {
            throw new IdentitiesException(file + ":" + where.at("/" + key) + ": '" + key + "' must be a list");
        }
        return list;
    }

    private static Identities.Named person(String file, YamlLocations where, String pointer, JsonNode p) {
        if (!p.isObject()) {
            throw new IdentitiesException(file + ":" + where.at(pointer) + ": people: an entry must be a mapping "
                    + "of name and accounts, such as {name: Alice Example, accounts: [\"prod:alice@pve\"]}");
        }
        for (String key : p.propertyNames()) {
            if (!PERSON_KEYS.contains(key)) {
                throw new IdentitiesException(file + ":" + where.at(pointer + "/" + key) + ": people: unknown key '"
                        + key + "' (an entry has name and accounts)");
            }
        }
        JsonNode name = p.get("name");
        if (name == null || !name.isValueNode() || name.isNull() || name.asString().isBlank()) {
            throw new IdentitiesException(file + ":" + where.at(name == null ? pointer : pointer + "/name")
                    + ": people.name must be a text");
        }
        JsonNode accounts = p.get("accounts");
        if (accounts == null) {
            throw new IdentitiesException(file + ":" + where.at(pointer) + ": people: the entry needs 'accounts'");
        }
        return new Identities.Named(name.asString().strip(),
                accounts(file, where, pointer + "/accounts", accounts, "people.accounts"),
                file + ":" + where.at(pointer));
    }

    /** A list of {@code cluster:user@realm} texts; {@code field} names it in errors. */
    private static List<String> accounts(String file, YamlLocations where, String pointer, JsonNode list,
                                         String field) {
        if (!list.isArray() || list.isEmpty()) {
            throw new IdentitiesException(file + ":" + where.at(pointer) + ": " + field + " must be a list of "
                    + "accounts such as \"prod:alice@pve\"");
        }
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = file + ":" + where.at(pointer + "/" + i);
            JsonNode v = list.get(i);
            if (!v.isString()) {
                throw new IdentitiesException(at + ": " + field + ": an account must be a text such as "
                        + "\"prod:alice@pve\"");
            }
            String account = v.asString().strip();
            int colon = account.indexOf(':');
            String user = colon < 0 ? "" : account.substring(colon + 1);
            if (colon < 1 || user.lastIndexOf('@') < 1 || user.endsWith("@")
                    || Principal.parse(user).kind() != Principal.Kind.USER) {
                throw new IdentitiesException(at + ": " + field + ": '" + shown(account) + "' is not an account "
                        + "cluster:user@realm, such as \"prod:alice@pve\"");
            }
            if (user.equals(Principal.ROOT) && field.startsWith("people")) {
                throw new IdentitiesException(at + ": " + field + ": '" + shown(account)
                        + "': root@pam is never linked (each cluster's root is its own account)");
            }
            if (!accounts.contains(account)) {
                accounts.add(account);
            }
        }
        return List.copyOf(accounts);
    }

    /** A value of the file as an error shows it: on one line (control characters escaped), at most 80 characters. */
    private static String shown(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> out.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return value.codePointCount(0, value.length()) > 80 ? out + "…" : out.toString();
    }
}
