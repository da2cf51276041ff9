package org.pveaudit.cli;

import picocli.CommandLine.Command;

/** {@code pve-audit review start|import|status|close|verify}: access review campaigns over the history. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Access review campaigns: start one on the latest audit, import the filled workbooks, "
                + "see where each stands, close it into an evidence bundle and verify a bundle.",
        subcommands = {ReviewStartCommand.class, ReviewImportCommand.class, ReviewStatusCommand.class,
                ReviewCloseCommand.class, ReviewVerifyCommand.class})
final class ReviewCommand {
}
