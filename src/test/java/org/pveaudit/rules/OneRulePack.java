package org.pveaudit.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A pack file of one user rule ({@code P-USER-001}, params {@code n: 'text', k: 3}) with the given condition. */
final class OneRulePack {

    private OneRulePack() {
    }

    /** Writes {@code dir/pack.yml} with {@code when} as the rule's condition and returns its name. */
    static String write(Path dir, String when) throws IOException {
        Path f = dir.resolve("pack.yml");
        Files.writeString(f, """
                pack: p
                rules:
                  - id: P-USER-001
                    title: t
                    severity: low
                    subject: user
                    params: {n: 'text', k: 3}
                    when: "%s"
                    message: m
                """.formatted(when));
        return f.toString();
    }
}
