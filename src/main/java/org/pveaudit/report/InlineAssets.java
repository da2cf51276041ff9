package org.pveaudit.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The stylesheet and script that {@code report.html} carries inline, with the SHA-256 sources of its
 * Content-Security-Policy: the page admits exactly these two texts, so no {@code 'unsafe-inline'} is needed and
 * nothing injected into the page could run or restyle it. Read from the template folder when it has them.
 */
record InlineAssets(String style, String script) {

    static final String STYLE = "report.css";
    static final String SCRIPT = "report.js";

    static InlineAssets read(Path templateDir) throws IOException {
        return new InlineAssets(text(templateDir, STYLE), text(templateDir, SCRIPT));
    }

    /** The policy's source for the style, {@code 'sha256-…'}. */
    String styleSource() {
        return source(style);
    }

    /** The policy's source for the script. */
    String scriptSource() {
        return source(script);
    }

    private static String source(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(hash) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Path templateDir, String name) throws IOException {
        if (templateDir != null && Files.isRegularFile(templateDir.resolve(name))) {
            return Files.readString(templateDir.resolve(name));
        }
        try (InputStream in = InlineAssets.class.getClassLoader().getResourceAsStream("report-templates/" + name)) {
            if (in == null) {
                throw new IOException("report template " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
