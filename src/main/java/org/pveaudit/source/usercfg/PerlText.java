package org.pveaudit.source.usercfg;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The small pieces of Perl string semantics that {@code parse_user_config} relies on, applied to
 * "byte strings" (one char per file byte, ISO-8859-1), because Proxmox parses the raw bytes.
 */
final class PerlText {

    private PerlText() {
    }

    /** Perl truthiness of a scalar: undef, {@code ""} and {@code "0"} are false. */
    static boolean truthy(String s) {
        return s != null && !s.isEmpty() && !s.equals("0");
    }

    /** Perl's {@code \s} on byte strings: ASCII whitespace only. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** {@code split(/:/, $line)} with every field trimmed; Perl drops trailing empty fields, we keep them as "". */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>(10);
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == ':') {
                out.add(trim(line.substring(start, i)));
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * {@code PVE::Tools::split_list}: NUL-separated if it contains NUL, else split on {@code ,}, {@code ;}
     * and Perl's {@code \s} under Unicode rules applied to the bytes (pve-common 9.2.1), so the bytes
     * 0x85 and 0xA0 separate items too, even inside a UTF-8 character ({@code à} is C3 A0).
     */
    static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        for (ListItem item : splitListItems(text)) {
            out.add(item.text());
        }
        return out;
    }

    /** {@link #splitList}, each item with the word between ASCII separators it was cut from. */
    static List<ListItem> splitListItems(String text) {
        List<ListItem> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        if (text.indexOf('\0') >= 0) {
            for (String p : text.split("\0")) {
                out.add(new ListItem(p, p));
            }
            return out;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isAsciiSeparator(text.charAt(i))) {
                i++;
            }
            int start = i;
            boolean cut = false;
            while (i < n && !isAsciiSeparator(text.charAt(i))) {
                cut |= isLatin1Space(text.charAt(i));
                i++;
            }
            if (i == start) {
                continue;
            }
            String word = text.substring(start, i);
            if (!cut) {
                out.add(new ListItem(word, word));
                continue;
            }
            int j = 0;
            while (j < word.length()) {
                while (j < word.length() && isLatin1Space(word.charAt(j))) {
                    j++;
                }
                int from = j;
                while (j < word.length() && !isLatin1Space(word.charAt(j))) {
                    j++;
                }
                if (j > from) {
                    out.add(new ListItem(word.substring(from, j), word));
                }
            }
        }
        return out;
    }

    /**
     * One item of a list; {@code word} is the run between ASCII separators it came from, longer than
     * the item when a 0x85 or 0xA0 byte cut it apart.
     */
    record ListItem(String text, String word) {

        boolean cut() {
            return text.length() != word.length();
        }
    }

    private static boolean isAsciiSeparator(char c) {
        return c == ',' || c == ';' || isSpace(c);
    }

    /** The two bytes that are {@code \s} for Perl's Unicode rules but not for ASCII: NEL and NO-BREAK SPACE. */
    static boolean isLatin1Space(char c) {
        return c == 0x85 || c == 0xA0;
    }

    /** {@code PVE::Tools::decode_text}: URI-unescape, then decode the bytes as UTF-8. */
    static String decodeText(String bytes) {
        int n = bytes.length();
        byte[] raw = new byte[n];
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = bytes.charAt(i);
            if (c == '%' && i + 2 < n && hex(bytes.charAt(i + 1)) >= 0 && hex(bytes.charAt(i + 2)) >= 0) {
                raw[len++] = (byte) (hex(bytes.charAt(i + 1)) * 16 + hex(bytes.charAt(i + 2)));
                i += 2;
            } else {
                raw[len++] = (byte) c;
            }
        }
        return new String(raw, 0, len, StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Turns a byte string back into text: identifiers are stored as UTF-8 in the file. */
    static String utf8(String bytes) {
        boolean ascii = true;
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return bytes;
        }
        byte[] raw = bytes.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    /**
     * Makes a value safe to quote in a one-line message: control characters and bytes that are not UTF-8 as
     * {@code \xNN}, and a value longer than {@link #SHOWN_MAX} cut with its length, since a message names the
     * line anyway and a hostile 100 KB value would otherwise be copied into every warning about it.
     */
    static String shown(String bytes) {
        String s = bytes == null ? "" : bytes;
        StringBuilder b = new StringBuilder(Math.min(s.length(), SHOWN_MAX + 16));
        int i = 0;
        while (i < s.length()) {
            if (b.length() >= SHOWN_MAX) {
                return b + "… (" + s.length() + " bytes)";
            }
            int len = utf8Length(s, i);
            if (len > 1) {
                b.append(new String(s.substring(i, i + len).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                i += len;
                continue;
            }
            char c = s.charAt(i++);
            b.append(c < 0x20 || c >= 0x7F ? String.format("\\x%02X", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    /** Longest part of a value that a message quotes. */
    static final int SHOWN_MAX = 120;

    /** Length of the well-formed multi-byte UTF-8 sequence at {@code i}, or 1. */
    private static int utf8Length(String s, int i) {
        char c = s.charAt(i);
        int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 1;
        if (len == 1 || i + len > s.length()) {
            return 1;
        }
        byte[] raw = s.substring(i, i + len).getBytes(StandardCharsets.ISO_8859_1);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            return len;
        } catch (CharacterCodingException e) {
            return 1;
        }
    }
}
