package org.pveaudit.config;

import java.io.File;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder of the configuration file: inputs are resolved against it ({@link AuditConfig#resolvedAgainst}),
 * and what the run records for reports names them relative to it again. Reports go out by mail; the auditing
 * host's absolute paths would leak its layout and help no reader, while {@code branch/user.cfg:26} points
 * into the configuration the team keeps. A path outside the folder stays absolute: {@code ../../srv/x}
 * would be harder to place than {@code /srv/x}, and the configuration names it that way on purpose.
 */
public record ConfigFolder(Path dir) {

    public ConfigFolder {
        dir = dir.toAbsolutePath().normalize();
    }

    /** The folder of {@code configFile} (as {@link AuditConfigLoader} resolves against it). */
    public static ConfigFolder of(Path configFile) {
        Path parent = configFile.toAbsolutePath().normalize().getParent();
        return new ConfigFolder(parent == null ? configFile.toAbsolutePath().getRoot() : parent);
    }

    /**
     * The text with every absolute path inside the folder written relative to it
     * ({@code /etc/pve-audit/branch/user.cfg:26: …} → {@code branch/user.cfg:26: …}); null stays null.
     */
    public String relative(String text) {
        if (text == null || dir.getParent() == null) {
            // the file system root as the folder would turn every absolute path relative
            return text;
        }
        // only where a path starts: /srv/audit/x, not /srv/audit-old/x or https://host/srv/audit/x
        Pattern prefix = Pattern.compile("(?<![\\w.~/:-])" + Pattern.quote(dir + File.separator));
        return prefix.matcher(text).replaceAll(Matcher.quoteReplacement(""));
    }
}
