package org.pveaudit.source.usercfg;

import java.util.ArrayList;
import java.util.List;

import org.pveaudit.source.usercfg.PerlText.ListItem;

/**
 * The problems of one parse, each with the line it was found on: warnings for what Proxmox skips or
 * drops, and malformed lines, which fail in {@link UserCfgParser.Mode#FAIL} and are warnings otherwise.
 */
final class LineReport {

    private final String file;
    private final UserCfgParser.Mode mode;
    /**
     * Problems kept per line: one hostile line of thousands of bad list items would otherwise become
     * thousands of warnings in every stored snapshot and report.
     */
    static final int MAX_PER_LINE = 20;

    private final List<ParseWarning> warnings = new ArrayList<>();
    private int lineNo;
    private int onLine;
    private int dropped;

    LineReport(String file, UserCfgParser.Mode mode) {
        this.file = file;
        this.mode = mode;
    }

    /** The line now being read, 1-based. */
    void line(int number) {
        countDropped();
        lineNo = number;
        onLine = 0;
    }

    List<ParseWarning> warnings() {
        countDropped();
        return warnings;
    }

    void warn(String message) {
        add(new ParseWarning(file, lineNo, message));
    }

    void malformed(String message) {
        ParseWarning w = new ParseWarning(file, lineNo, message);
        if (mode == UserCfgParser.Mode.FAIL) {
            throw new UserCfgException(w);
        }
        add(w);
    }

    private void add(ParseWarning w) {
        if (onLine++ < MAX_PER_LINE) {
            warnings.add(w);
        } else {
            dropped++;
        }
    }

    /** One warning for the problems of the line just read that were not kept. */
    private void countDropped() {
        if (dropped > 0) {
            warnings.add(new ParseWarning(file, lineNo, dropped + " more problems on this line not listed"));
            dropped = 0;
        }
    }

    /** A bad list item: malformed, unless Proxmox's own list splitting made it (then it only warns). */
    void badItem(ListItem item, String message) {
        if (item.cut()) {
            warn(message);
        } else {
            malformed(message);
        }
    }

    /** A role, group or pool line named {@code 0}: Proxmox's check returns the name, which is false. */
    void falseName(String kind) {
        warn(kind + " '0' ignored: the name 0 is false in Perl, so Proxmox skips the line");
    }

    /**
     * Splits a list as {@code split_list} does, warning once for every word that a 0x85 or 0xA0 byte
     * cuts apart: Proxmox reads the pieces, not the name that was written.
     */
    List<ListItem> list(String raw, String field) {
        List<ListItem> items = PerlText.splitListItems(raw);
        String warned = null;
        for (int i = 0; i < items.size(); i++) {
            ListItem item = items.get(i);
            // the pieces of one word share its String instance; two equal words are warned twice
            if (!item.cut() || item.word() == warned) {
                continue;
            }
            warned = item.word();
            List<String> pieces = new ArrayList<>();
            for (int j = i; j < items.size() && items.get(j).word() == warned; j++) {
                pieces.add("'" + PerlText.shown(items.get(j).text()) + "'");
            }
            warn(field + ": '" + PerlText.shown(warned) + "' is cut apart at byte 0x85 or 0xA0 (Proxmox splits"
                    + " lists on Unicode whitespace bytes) and read as " + String.join(", ", pieces));
        }
        return items;
    }
}
