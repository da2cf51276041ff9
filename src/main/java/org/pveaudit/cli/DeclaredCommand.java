package org.pveaudit.cli;

import picocli.CommandLine.Command;

/** {@code pve-audit declared export}: declared access (the desired state a team keeps as code). */
@Command(name = "declared", mixinStandardHelpOptions = true,
        description = "Declared access, the desired state a team keeps as code: export a cluster's access as "
                + "a declaration to adopt as the baseline.",
        subcommands = {DeclaredExportCommand.class})
final class DeclaredCommand {
}
