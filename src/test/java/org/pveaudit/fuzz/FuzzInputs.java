package org.pveaudit.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Inputs for the fuzz targets: a seed of the corpus ({@code src/test/resources/fuzz/<reader>/}) mutated
 * a few times, byte-wise and structurally (deep nesting, alias bombs, huge numbers, long lines, the
 * bytes 0x00, 0x85, 0xA0 and invalid UTF-8), or now and then a structural input on its own.
 */
final class FuzzInputs {

    /** The text format of a reader, for structural fragments that mean something to its parser. */
    enum Format { YAML, JSON, USER_CFG, DOMAINS_CFG }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[][] ODD_BYTES = {{0x00}, {(byte) 0x85}, {(byte) 0xA0}, {(byte) 0xC2, (byte) 0x85},
        {(byte) 0xC2, (byte) 0xA0}, {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xEF,
        (byte) 0xBB, (byte) 0xBF}, {'\r'}, {'\t'}, {'\n'}, {':'}, {'%'}, {'"'}, {'\\'}, {'&'}, {'*'}, {'!'},
        {'['}, {'{'}, {'-'}, {'#'}, {','}, {'/'}, {'@'}};

    private FuzzInputs() {
    }

    /** The seeds of one reader's corpus (files below the folder, in name order). */
    static List<byte[]> seeds(String reader) {
        Path dir = corpus().resolve(reader);
        try (Stream<Path> files = Files.walk(dir)) {
            List<byte[]> out = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.add(Files.readAllBytes(f));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One seed file of a reader's corpus. */
    static byte[] seed(String reader, String file) {
        try (InputStream in = FuzzInputs.class.getResourceAsStream("/fuzz/" + reader + "/" + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path corpus() {
        try {
            return Path.of(FuzzInputs.class.getResource("/fuzz").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mutations of the seeds. */
    static Arbitrary<byte[]> mutated(List<byte[]> seeds, Format format) {
        return Arbitraries.randomValue(r -> mutate(seeds, format, r));
    }

    static byte[] mutate(List<byte[]> seeds, Format format, Random r) {
        if (r.nextInt(12) == 0) {
            return structural(format, r);
        }
        byte[] b = seeds.get(r.nextInt(seeds.size()));
        int steps = 1 + r.nextInt(r.nextInt(4) == 0 ? 12 : 4);
        for (int i = 0; i < steps && b.length < 4_000_000; i++) {
            b = switch (r.nextInt(format == Format.JSON ? 9 : 8)) {
                case 0 -> insert(b, lineStart(b, r), fragment(format, r));
                case 1 -> insert(b, r.nextInt(b.length + 1), fragment(format, r));
                case 2 -> replace(b, r, fragment(format, r));
                case 3 -> delete(b, r);
                case 4 -> repeat(b, r);
                case 5 -> insert(b, r.nextInt(b.length + 1), ODD_BYTES[r.nextInt(ODD_BYTES.length)]);
                case 6 -> flip(b, r);
                case 7 -> splice(b, seeds.get(r.nextInt(seeds.size())), r);
                default -> jsonValue(b, r);
            };
        }
        return b;
    }

    /** An input that is only a structural case. */
    static byte[] structural(Format format, Random r) {
        return fragment(format, r);
    }

    /** A piece of text that stresses the parser of the format. */
    static byte[] fragment(Format format, Random r) {
        String s = switch (format) {
            case YAML -> yaml(r);
            case JSON -> json(r);
            case USER_CFG -> userCfg(r);
            case DOMAINS_CFG -> domainsCfg(r);
        };
        return s.getBytes(r.nextInt(8) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private static String yaml(Random r) {
        int n = depth(r);
        return switch (r.nextInt(16)) {
            case 0 -> "[".repeat(n) + "]".repeat(r.nextBoolean() ? n : 0);
            case 1 -> "{a: ".repeat(n) + "1" + "}".repeat(n);
            case 2 -> {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    b.append("  ".repeat(i)).append("k").append(i).append(":\n");
                }
                yield b.toString();
            }
            case 3 -> aliasBomb(2 + r.nextInt(28), 2 + r.nextInt(9));
            case 4 -> r.nextBoolean() ? "a: &a [*a]\n" : "a: &a\n  b: *a\n";
            case 5 -> "k: " + "x".repeat(1 + r.nextInt(200_000)) + "\n";
            case 6 -> "n: " + hugeNumber(r) + "\n";
            case 7 -> List.of("!!binary AAAA", "!foo x", "!!python/object:os.system x", "!!set {a}",
                    "!!timestamp 2026-01-01", "? [a, b]\n: c", "*nope", "&a a: *a", "%YAML 1.1\n---\na: 1",
                    "---\na: 1\n---\nb: 2\n").get(r.nextInt(10)) + "\n";
            case 8 -> "k: " + "\"\\u0000\\x85\\uD800\"" + "\n";
            case 9 -> {
                StringBuilder b = new StringBuilder();
                int keys = 1 + r.nextInt(20_000);
                for (int i = 0; i < keys; i++) {
                    b.append("k").append(i).append(": ").append(i).append('\n');
                }
                yield b.toString();
            }
            case 10 -> List.of("title: [x]", "severity: 5", "rules: \"x\"", "waivers: {a: 1}", "- {}", "when: {x: 1}",
                    "max-waiver-days: 1e999999999", "max-waiver-days: -1", "params: [1]", "tags: x",
                    "requires: {a: b}", "waivers: [x, [y]]", "rules: [x]", "clusters: {a: b}", "pack: ~",
                    "expires: 2026-02-30", "id: pve-acl-1", "message: '{nope}'", "version: [1]",
                    "retries: 99999999999999999999").get(r.nextInt(20)) + "\n";
            case 11 -> "? " + "k".repeat(1 + r.nextInt(50_000)) + "\n:\n" + "  a: 1\n".repeat(1 + r.nextInt(5_000));
            case 12 -> "k: |\n" + ("  " + "x".repeat(r.nextInt(100)) + "\n").repeat(1 + r.nextInt(5_000));
            case 13 -> "k: ${" + "A".repeat(r.nextInt(1000)) + "}\n";
            case 14 -> "- " + "- ".repeat(n) + "x\n";
            default -> "a: &a " + "[" + "x, ".repeat(1 + r.nextInt(1000)) + "x]\nb: [" + "*a, ".repeat(r.nextInt(2000))
                    + "*a]\n";
        };
    }

    static String aliasBomb(int levels, int width) {
        StringBuilder b = new StringBuilder("a0: &a0 [\"lol\", \"lol\"]\n");
        for (int i = 1; i < levels; i++) {
            b.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < width; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    private static String json(Random r) {
        int n = depth(r);
        return switch (r.nextInt(10)) {
            case 0 -> "[".repeat(n) + "]".repeat(r.nextBoolean() ? n : 0);
            case 1 -> "{\"a\":".repeat(n) + "1" + "}".repeat(n);
            case 2 -> hugeNumber(r);
            case 3 -> "\"" + "x".repeat(1 + r.nextInt(1_200_000)) + "\"";
            case 4 -> "{\"" + "k".repeat(1 + r.nextInt(70_000)) + "\": 1}";
            case 5 -> "[" + "{},".repeat(r.nextInt(50_000)) + "{}]";
            case 6 -> List.of("null", "true", "-1", "1.5", "\"\"", "[]", "{}", "\"\\u0000\"", "\"\\ud800\"", "NaN",
                    "-0", "1e400", "\"/" + "a/".repeat(3000) + "\"").get(r.nextInt(13));
            case 7 -> "{\"data\": " + json(r) + "}";
            case 8 -> "[{\"userid\":\"" + "u".repeat(r.nextInt(100)) + "@pve\",\"tokens\":{\""
                    + "9".repeat(1 + r.nextInt(40)) + "\":{\"expire\":" + hugeNumber(r) + "}}}]";
            default -> "// comment\n{'a': 1}";
        };
    }

    private static String userCfg(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "acl:1:" + segments(r) + ":alice@pve:PVEAdmin:\n";
            case 1 -> "acl:" + r.nextInt(3) + ":" + segments(r) + ":@ops,alice@pve!ci,bob@pve:NoAccess,PVEAuditor:\n";
            case 2 -> "user:" + "u".repeat(r.nextInt(80)) + "@pve:" + r.nextInt(3) + ":" + hugeNumber(r)
                    + ":" + "%".repeat(r.nextInt(5)) + "a%20b:::" + "x".repeat(r.nextInt(100_000)) + ":\n";
            case 3 -> "token:alice@pve!" + "t".repeat(r.nextInt(80)) + ":" + hugeNumber(r) + ":" + r.nextInt(3) + "::\n";
            case 4 -> "group:" + "g".repeat(r.nextInt(80)) + ":" + "alice@pve,".repeat(r.nextInt(5_000)) + ":\n";
            case 5 -> "pool:p" + "/q".repeat(r.nextInt(5)) + "::" + (hugeNumber(r) + ",").repeat(1 + r.nextInt(50))
                    + ":local,nfs:\n";
            case 6 -> "role:R" + r.nextInt(9) + ":" + "VM.Audit,".repeat(r.nextInt(5_000)) + ":\n";
            case 7 -> ":".repeat(r.nextInt(10_000)) + "\n";
            case 8 -> "x".repeat(r.nextInt(300_000)) + "\n";
            default -> "acl:1:/vms/" + hugeNumber(r) + ":alice@pve:PVEVMUser:\npool:p::" + hugeNumber(r) + "::\n";
        };
    }

    private static String domainsCfg(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "ldap: r" + r.nextInt(9) + "\n" + "\tserver1 x\n".repeat(1 + r.nextInt(10_000));
            case 1 -> "openid: " + "x".repeat(r.nextInt(70_000)) + "\n\tclient-key k\n";
            case 2 -> "ad: a\n\ttfa type=yubico,key=" + "k".repeat(r.nextInt(1000)) + "\n";
            case 3 -> "\t" + "o".repeat(r.nextInt(1000)) + " " + "v".repeat(r.nextInt(200_000)) + "\n";
            case 4 -> "pve: pve\n\tdefault " + hugeNumber(r) + "\n";
            default -> ": :\n\t\t\n" + "\n".repeat(r.nextInt(10_000));
        };
    }

    private static String segments(Random r) {
        int n = 1 + r.nextInt(r.nextBoolean() ? 20 : 3000);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append('/').append(r.nextInt(10) == 0 ? "0" : Integer.toString(i % 10));
        }
        return b.toString();
    }

    private static String hugeNumber(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> "9".repeat(1 + r.nextInt(3000));
            case 1 -> "1e999999999";
            case 2 -> "-" + "1".repeat(1 + r.nextInt(40));
            case 3 -> "0x" + "f".repeat(1 + r.nextInt(2000));
            case 4 -> "1" + "0".repeat(r.nextInt(25));
            case 5 -> "0." + "5".repeat(r.nextInt(2000)) + "e-999999";
            default -> Long.toString(r.nextLong());
        };
    }

    private static int depth(Random r) {
        return 1 + r.nextInt(r.nextBoolean() ? 60 : 3000);
    }

    // --- byte-wise mutations --------------------------------------------------------------------

    private static int lineStart(byte[] b, Random r) {
        int at = r.nextInt(b.length + 1);
        while (at > 0 && b[at - 1] != '\n') {
            at--;
        }
        return at;
    }

    private static byte[] insert(byte[] b, int at, byte[] piece) {
        byte[] out = new byte[b.length + piece.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(b, at, out, at + piece.length, b.length - at);
        return out;
    }

    private static byte[] replace(byte[] b, Random r, byte[] piece) {
        byte[] cut = delete(b, r);
        return insert(cut, r.nextInt(cut.length + 1), piece);
    }

    private static byte[] delete(byte[] b, Random r) {
        if (b.length == 0) {
            return b;
        }
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(r.nextBoolean() ? 8 : 200));
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, from + len, out, from, b.length - from - len);
        return out;
    }

    private static byte[] repeat(byte[] b, Random r) {
        if (b.length == 0) {
            return b;
        }
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(100));
        byte[] piece = new byte[len];
        System.arraycopy(b, from, piece, 0, len);
        int times = 1 + r.nextInt(r.nextBoolean() ? 4 : 2000);
        byte[] rep = new byte[len * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(piece, 0, rep, i * len, len);
        }
        return insert(b, from, rep);
    }

    private static byte[] flip(byte[] b, Random r) {
        if (b.length == 0) {
            return b;
        }
        byte[] out = b.clone();
        out[r.nextInt(out.length)] = (byte) r.nextInt(256);
        return out;
    }

    private static byte[] splice(byte[] b, byte[] other, Random r) {
        int cut = r.nextInt(b.length + 1);
        int from = r.nextInt(other.length + 1);
        byte[] out = new byte[cut + other.length - from];
        System.arraycopy(b, 0, out, 0, cut);
        System.arraycopy(other, from, out, cut, other.length - from);
        return out;
    }

    /** Replaces one value of a JSON text with a value of another type or size (the text is kept when not JSON). */
    private static byte[] jsonValue(byte[] b, Random r) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(b);
        } catch (RuntimeException e) {
            return b;
        }
        List<ContainerNode<?>> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return b;
        }
        ContainerNode<?> c = containers.get(r.nextInt(containers.size()));
        JsonNode value = odd(r);
        if (c instanceof ObjectNode o && !o.isEmpty()) {
            List<String> names = new ArrayList<>(o.propertyNames());
            o.set(names.get(r.nextInt(names.size())), value);
        } else if (c instanceof ArrayNode a && !a.isEmpty()) {
            a.set(r.nextInt(a.size()), value);
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void collect(JsonNode n, List<ContainerNode<?>> out) {
        if (n instanceof ContainerNode<?> c) {
            out.add(c);
            n.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode odd(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> NODES.arrayNode().add("x");
            case 1 -> NODES.objectNode().put("a", 1);
            case 2 -> NODES.stringNode("x".repeat(r.nextInt(3000)));
            case 3 -> NODES.numberNode(-1);
            case 4 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + r.nextInt(900))));
            case 5 -> NODES.numberNode(new java.math.BigDecimal("1e" + r.nextInt(999_999_999)));
            case 6 -> NODES.booleanNode(r.nextBoolean());
            case 7 -> NODES.nullNode();
            case 8 -> NODES.numberNode(2);
            case 9 -> NODES.stringNode("/" + "a/".repeat(r.nextInt(3000)));
            case 10 -> NODES.stringNode("\u0000\u0085\u00a0\ud800");
            default -> NODES.numberNode(1.5);
        };
    }
}
