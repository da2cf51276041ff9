package org.pveaudit.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;

/**
 * What {@code review verify} found in a bundle: every file missing, changed or not listed against its manifest,
 * whether {@code manifest.sha256} agrees with the manifest, and what became of the signature.
 */
public record BundleVerification(BundleManifest manifest, List<Problem> problems, Signature signature) {

    /** A file that does not match the manifest; {@code what} says how, in words. */
    public record Problem(String path, String what) {
    }

    /** How the signature was judged. */
    public enum SignatureState {
        /** checked with the given key, and good */
        GOOD,
        /** checked, and not good: another key, changed data, no signature although a key was given */
        BAD,
        /** no manifest.json.asc, and no key given */
        UNSIGNED,
        /** manifest.json.asc is there, but no key was given to check it with */
        NOT_CHECKED
    }

    public record Signature(SignatureState state, String detail) {
    }

    public BundleVerification {
        problems = problems.stream().sorted(Comparator.comparing(Problem::path)).toList();
    }

    /** Whether the bundle is as its manifest (and, when a key was given, its signature) says. */
    public boolean verified() {
        return problems.isEmpty() && signature.state() != SignatureState.BAD;
    }

    /**
     * Checks a bundle's files against its manifest, and its signature against {@code key} when given.
     *
     * @throws EvidenceException when the manifest cannot be read, or {@code key} is not a public key
     */
    public static BundleVerification of(BundleContents bundle, Path key) throws IOException {
        byte[] manifestBytes = bundle.own().get(BundleManifest.FILE);
        if (manifestBytes == null) {
            throw new EvidenceException(bundle.name() + ": no " + BundleManifest.FILE + " (not an evidence bundle)");
        }
        BundleManifest manifest = BundleManifest.parse(bundle.name() + "/" + BundleManifest.FILE, manifestBytes);
        List<Problem> problems = new ArrayList<>();
        Map<String, BundleManifest.Entry> listed = new TreeMap<>();
        manifest.files().forEach(e -> listed.put(e.path(), e));
        for (BundleManifest.Entry e : manifest.files()) {
            FileDigest actual = bundle.files().get(e.path());
            if (actual == null) {
                problems.add(new Problem(e.path(), "missing"));
            } else if (!actual.equals(e.digest())) {
                problems.add(new Problem(e.path(), "changed: " + (actual.size() == e.size() ? "" : actual.size()
                        + " bytes, the manifest says " + e.size() + "; ") + "SHA-256 " + actual.sha256()
                        + ", the manifest says " + e.sha256()));
            }
        }
        bundle.files().keySet().stream().filter(p -> !listed.containsKey(p) && !BundleManifest.ownFile(p))
                .forEach(p -> problems.add(new Problem(p, "not listed in the manifest")));
        bundle.irregular().forEach(p -> problems.add(new Problem(p, "not a regular file of the bundle folder")));
        sums(bundle, manifest).ifPresent(problems::add);
        return new BundleVerification(manifest, problems, signature(bundle, manifestBytes, key));
    }

    /** {@code manifest.sha256} must be what the manifest gives, so that {@code sha256sum -c} checks the same. */
    private static Optional<Problem> sums(BundleContents bundle, BundleManifest manifest) {
        byte[] sums = bundle.own().get(BundleManifest.SUMS);
        if (sums == null) {
            return Optional.of(new Problem(BundleManifest.SUMS, "missing"));
        }
        Map<String, FileDigest> own = new TreeMap<>();
        own.put(BundleManifest.FILE, bundle.files().get(BundleManifest.FILE));
        if (bundle.files().containsKey(BundleManifest.SIGNATURE)) {
            own.put(BundleManifest.SIGNATURE, bundle.files().get(BundleManifest.SIGNATURE));
        }
        return new String(sums, StandardCharsets.UTF_8).equals(manifest.sha256sums(own)) ? Optional.empty()
                : Optional.of(new Problem(BundleManifest.SUMS, "changed: does not agree with "
                + BundleManifest.FILE + " and the files it names"));
    }

    private static Signature signature(BundleContents bundle, byte[] manifest, Path key) throws IOException {
        byte[] asc = bundle.own().get(BundleManifest.SIGNATURE);
        if (key == null) {
            return asc == null ? new Signature(SignatureState.UNSIGNED, "none (the bundle is not signed)")
                    : new Signature(SignatureState.NOT_CHECKED, BundleManifest.SIGNATURE
                    + " present, not checked (pass --key PUBLIC.asc)");
        }
        OpenPGPCertificate cert = BundleSignature.certificate(key); // a key file that is no key is a usage error
        if (asc == null) {
            return new Signature(SignatureState.BAD, "none, but --key was given: the bundle is not signed");
        }
        BundleSignature.Check check = BundleSignature.verify(manifest, asc, cert);
        return new Signature(check.good() ? SignatureState.GOOD : SignatureState.BAD, check.detail());
    }
}
