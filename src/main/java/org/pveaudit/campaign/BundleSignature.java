package org.pveaudit.campaign;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPApi;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPSignature.OpenPGPDocumentSignature;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.pveaudit.failure.Cause;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;

/**
 * The detached, ASCII-armoured OpenPGP signature of a bundle's {@code manifest.json} ({@code manifest.json.asc}),
 * made and checked with BouncyCastle's OpenPGP API, so {@code gpg --verify manifest.json.asc manifest.json} agrees.
 * The key's passphrase comes from a file, is held only while signing, and never appears in a message.
 */
public final class BundleSignature {

    private BundleSignature() {
    }

    /**
     * An operator's secret key with the passphrase that unlocks its signing key; close it to wipe the passphrase.
     *
     * @param fingerprint the key's fingerprint, for what the command prints
     */
    public record SigningKey(OpenPGPKey key, OpenPGPKey.OpenPGPSecretKey signer, char[] passphrase,
                             String fingerprint) implements AutoCloseable {

        /** Signs {@code data}: the armoured signature's bytes. */
        public byte[] sign(byte[] data) throws IOException {
            try {
                List<OpenPGPDocumentSignature> signatures = api().createDetachedSignature()
                        .addSigningKey(signer, passphrase, null).sign(new ByteArrayInputStream(data));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ArmoredOutputStream armour = ArmoredOutputStream.builder().clearHeaders().build(out)) {
                    for (OpenPGPDocumentSignature s : signatures) {
                        s.getSignature().encode(armour);
                    }
                }
                return out.toByteArray();
            } catch (PGPException e) {
                throw new IOException("cannot sign with the key " + fingerprint + ": " + Cause.of(e), e);
            }
        }

        @Override
        public void close() {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }

        @Override
        public String toString() {
            return "SigningKey[" + fingerprint + "]"; // never the passphrase
        }
    }

    /**
     * Reads an armoured secret key (one key, as {@code gpg --export-secret-keys --armor} writes it) and checks the
     * passphrase against its signing key now, before anything is changed.
     *
     * @param passphraseFile its first line is the passphrase; null for a key without one
     * @throws EvidenceException naming the file: not a secret key, no key valid for signing, a wrong passphrase
     */
    public static SigningKey load(Path keyFile, Path passphraseFile) throws IOException {
        byte[] bytes = read(keyFile);
        List<OpenPGPCertificate> keys;
        try {
            keys = api().readKeyOrCertificate().parseKeysOrCertificates(bytes);
        } catch (IOException | RuntimeException e) {
            keys = List.of();
        }
        if (keys.size() != 1 || !(keys.get(0) instanceof OpenPGPKey) || !keys.get(0).isSecretKey()) {
            throw new EvidenceException(keyFile + ": " + (keys.size() > 1
                    ? "holds " + keys.size() + " keys; give a file with the one signing key"
                    : "holds no OpenPGP secret key (gpg --export-secret-keys --armor KEY writes one)"));
        }
        OpenPGPKey key = (OpenPGPKey) keys.get(0);
        char[] passphrase = passphraseFile == null ? null : passphrase(passphraseFile);
        boolean locked = false;
        for (OpenPGPComponentKey component : key.getSigningKeys(new Date())) {
            OpenPGPKey.OpenPGPSecretKey secret = key.getSecretKey(component);
            if (secret == null || secret.getPGPSecretKey().isPrivateKeyEmpty()) {
                continue; // a stub: the private part lives on a card or was not exported
            }
            if (!secret.isLocked()) {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
                return new SigningKey(key, secret, new char[0], key.getPrettyFingerprint());
            }
            locked = true;
            if (passphrase != null && secret.isPassphraseCorrect(passphrase)) {
                return new SigningKey(key, secret, passphrase, key.getPrettyFingerprint());
            }
        }
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
        if (!locked) {
            throw new EvidenceException(keyFile + ": no key in it can sign now (expired, revoked, without a signing "
                    + "key, or its private part was not exported)");
        }
        throw new EvidenceException(passphraseFile == null
                ? keyFile + " is protected by a passphrase: pass --sign-passphrase-file FILE"
                : passphraseFile + ": not the passphrase of the signing key in " + keyFile);
    }

    /** What checking a signature found. */
    public record Check(boolean good, String detail) {
    }

    /**
     * The public key (certificate) in an armoured key file, as {@code gpg --export --armor KEY} writes it.
     *
     * @throws EvidenceException when the file holds no OpenPGP key (a usage error, not a finding)
     */
    public static OpenPGPCertificate certificate(Path keyFile) throws IOException {
        byte[] keyBytes = read(keyFile);
        try {
            return api().readKeyOrCertificate().parseCertificateOrKey(keyBytes);
        } catch (IOException | RuntimeException e) {
            throw new EvidenceException(keyFile + ": not an OpenPGP public key (gpg --export --armor KEY writes one)");
        }
    }

    /** Checks an armoured detached signature of {@code data} against a public key. */
    public static Check verify(byte[] data, byte[] signature, OpenPGPCertificate cert) {
        List<String> errors = new ArrayList<>();
        List<OpenPGPDocumentSignature> checked;
        try {
            checked = api().verifyDetachedSignature().addSignatures(new ByteArrayInputStream(signature))
                    .addVerificationCertificate(cert).setExceptionCallback(e -> errors.add(Cause.of(e)))
                    .process(new ByteArrayInputStream(data));
        } catch (IOException | RuntimeException e) {
            return new Check(false, BundleManifest.SIGNATURE + " is not an OpenPGP signature (" + Cause.of(e) + ")");
        }
        String who = "key " + cert.getPrettyFingerprint() + (cert.getPrimaryUserId() == null ? ""
                : " (" + cert.getPrimaryUserId().getUserId() + ")");
        for (OpenPGPDocumentSignature s : checked) {
            try {
                if (s.getIssuer() != null && s.isValid()) {
                    return new Check(true, "good signature by " + who + ", made "
                            + CampaignSummary.time(s.getCreationTime().toInstant()));
                }
            } catch (PGPException e) {
                errors.add(Cause.of(e));
            }
        }
        if (checked.stream().allMatch(s -> s.getIssuer() == null)) {
            return new Check(false, "not signed by " + who + (errors.isEmpty() ? "" : ": " + errors.get(0)));
        }
        return new Check(false, "BAD signature: manifest.json is not what " + who + " signed"
                + (errors.isEmpty() ? "" : " (" + errors.get(0) + ")"));
    }

    /** The first line of the file, without its line break (what {@code gpg --passphrase-file} reads). */
    private static char[] passphrase(Path file) throws IOException {
        byte[] bytes = read(file);
        try {
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, end));
            char[] passphrase = new char[chars.remaining()];
            chars.get(passphrase);
            Arrays.fill(chars.array(), '\0');
            return passphrase;
        } catch (CharacterCodingException e) {
            throw new EvidenceException(file + ": not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] read(Path file) throws IOException {
        try {
            return InputFiles.read(file, InputLimits.MAX_OPENPGP_BYTES);
        } catch (InputFileException e) {
            throw new EvidenceException(e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new EvidenceException(file + ": no such file");
        }
    }

    private static OpenPGPApi api() {
        return new BcOpenPGPApi();
    }
}
