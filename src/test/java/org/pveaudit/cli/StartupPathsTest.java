package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The short start-up paths of {@link Main} answer exactly as the full command tree does. */
class StartupPathsTest {

    @Test
    void theTopLevelHelpFromStubsEqualsTheFullTreesHelp() {
        CommandLine.Help.Ansi off = CommandLine.Help.Ansi.OFF;
        String lean = Main.overview().getUsageMessage(off);
        String full = Main.newCommandLine().getUsageMessage(off);
        assertThat(lean.lines().toList()).isEqualTo(full.lines().toList());
    }

    @Test
    void aSubcommandAloneHasTheSameHelpAndQualifiedName() {
        CommandLine.Help.Ansi off = CommandLine.Help.Ansi.OFF;
        for (String name : new String[] {"audit", "schedule", "rules", "collect", "explain"}) {
            CommandLine lean = Main.newCommandLine(name).getSubcommands().get(name);
            CommandLine full = Main.newCommandLine().getSubcommands().get(name);
            assertThat(lean.getUsageMessage(off)).as(name).isEqualTo(full.getUsageMessage(off));
            assertThat(lean.getCommandSpec().qualifiedName()).isEqualTo("pve-audit " + name);
        }
        assertThat(Main.newCommandLine("rules").getSubcommands().get("rules").getSubcommands())
                .containsOnlyKeys("check", "list", "test");
    }

    @Test
    void versionIsAnsweredDirectly() {
        AuditCommandTest.Run full = AuditCommandTest.run("--version");
        assertThat(full.out().strip()).startsWith("pve-audit ");
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(buf, true));
            assertThat(Main.run("--version")).isZero();
        } finally {
            System.setOut(out);
        }
        assertThat(buf.toString().strip()).isEqualTo(full.out().strip());
    }
}
