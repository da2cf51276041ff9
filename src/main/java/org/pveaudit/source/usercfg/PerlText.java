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

    /** {@code PVE::Tools::split_list}: NUL-separated if it contains NUL, else split on {@code ,}, {@code ;} and whitespace. */
    static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        if (text.indexOf('\0') >= 0) {
            String[] parts = text.split("\0");
            for (String p : parts) {
                out.add(p);
            }
            return out;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isSeparator(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSeparator(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i));
            }
        }
        return out;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ';' || isSpace(c);
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

    /** Makes a value safe to quote in a one-line message. */
    static String shown(String bytes) {
        String s = utf8(bytes == null ? "" : bytes);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
