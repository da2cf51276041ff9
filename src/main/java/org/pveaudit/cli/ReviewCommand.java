package org.pveaudit.cli;

import picocli.CommandLine.Command;

/** {@code pve-audit review start|import|status}: access review campaigns over the history. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Access review campaigns: start one on the latest audit, import the filled workbooks, "
                + "see where each stands.",
        subcommands = {ReviewStartCommand.class, ReviewImportCommand.class, ReviewStatusCommand.class})
final class ReviewCommand {
}
