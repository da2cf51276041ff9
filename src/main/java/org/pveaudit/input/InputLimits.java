package org.pveaudit.input;

/**
 * The largest inputs pve-audit reads, in one place (docs/snapshots.md, "Bad input"). Each is far above what a
 * real cluster or configuration needs and far below what a 2-core machine with the launcher's default
 * heap can hold, so a hostile or broken file costs that file, never the run.
 */
public final class InputLimits {

    /**
     * One JSON document (a snapshot file, an API answer, {@code source.json}) and one {@code user.cfg} or
     * {@code domains.cfg}: 256 MiB. A real {@code acl.json} of 200,000 entries is about 30 MB; its tree
     * takes roughly ten times its size in memory, which the default heap (a quarter of 24 GB) holds.
     */
    public static final long MAX_DOCUMENT_BYTES = 256L * 1024 * 1024;

    /** JSON nesting: Proxmox answers nest 5 levels at most (envelope, list, item, tokens, token). */
    public static final int MAX_JSON_DEPTH = 100;

    /** One JSON text value, in characters: comments, keys and realm certificates are a few KB. */
    public static final int MAX_JSON_STRING = 1024 * 1024;

    /** One JSON number, in characters (Jackson's own default, kept deliberately). */
    public static final int MAX_JSON_NUMBER = 1000;

    /** One JSON field name, in characters (token ids are object keys in some answers). */
    public static final int MAX_JSON_NAME = 64 * 1024;

    /** One YAML file (configuration, rule pack, waivers, rule fixture): 8 MiB, in bytes and in code points. */
    public static final int MAX_YAML_BYTES = 8 * 1024 * 1024;

    /** YAML nesting, collections in collections: SnakeYAML's own default, which Spring's loader keeps. */
    public static final int MAX_YAML_DEPTH = 50;

    /** Aliases ({@code *name}) in one YAML file. */
    public static final int MAX_YAML_ALIASES = 1000;

    /** Values that aliases may add to a YAML file when expanded ("billion laughs" stop here). */
    public static final int MAX_YAML_ALIAS_VALUES = 100_000;

    /**
     * Characters of a YAML file once aliases are expanded and every value is named by its full key
     * path, as Spring's loader names the settings of {@code pve-audit.yml}: 64 Mi.
     */
    public static final long MAX_YAML_EXPANDED_CHARS = 64L * 1024 * 1024;

    /**
     * Values in {@code pve-audit.yml}, aliases expanded: Spring's binder takes time that grows with the
     * square of their number (10,000 take about a second), and a real configuration has a few hundred.
     */
    public static final int MAX_CONFIG_VALUES = 10_000;

    /**
     * Files in a review evidence bundle (a folder or a zip) that {@code review verify} reads: the workbooks and
     * the run's report folder hold a few dozen, so a folder or zip with more is not a bundle.
     */
    public static final int MAX_BUNDLE_FILES = 100_000;

    /**
     * Bytes of a bundle's files, read to hash them (a zip's entries uncompressed, counted as they are read, not
     * as its headers claim): 8 GiB, far above a report folder with the access matrices of large clusters.
     */
    public static final long MAX_BUNDLE_BYTES = 8L * 1024 * 1024 * 1024;

    /** {@code manifest.json} and {@code manifest.sha256} of a bundle: 64 MiB hold 100,000 files' entries. */
    public static final long MAX_MANIFEST_BYTES = 64L * 1024 * 1024;

    /** An armoured OpenPGP key, signature or passphrase file: real ones are a few KB. */
    public static final long MAX_OPENPGP_BYTES = 1024 * 1024;

    /**
     * One filled review workbook (XLSX), in bytes: a campaign of 3,000 principals is well under 1 MB. POI's own
     * limits (how far a part may expand, how much text it may hold) apply to what is inside.
     */
    public static final long MAX_WORKBOOK_BYTES = 64L * 1024 * 1024;

    private InputLimits() {
    }

    /** A size for messages: {@code 256 MiB}, {@code 8 MiB}, or bytes. */
    public static String size(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
}
