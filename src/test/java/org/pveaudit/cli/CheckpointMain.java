package org.pveaudit.cli;

import java.nio.file.Path;

/**
 * The CLI for the crash tests' child processes: {@code CheckpointMain <point> <marker> <release> <args…>}
 * runs {@code pve-audit <args…>} paused at {@code point} (see {@link StopAt#pausing}).
 */
public final class CheckpointMain {

    private CheckpointMain() {
    }

    public static void main(String[] args) {
        String[] cli = java.util.Arrays.copyOfRange(args, 3, args.length);
        System.exit(StopAt.around(StopAt.pausing(args[0], Path.of(args[1]), Path.of(args[2])), () -> Main.run(cli)));
    }
}
