package org.pveaudit.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads whole input files, never more than a limit: a 10 GB file or a FIFO costs a message, not the heap. */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * The bytes of the file, or an {@link InputFileException} when it holds more than {@code maxBytes}.
     * The size is checked while reading, so a growing file or a device is cut off at the limit.
     *
     * @throws IOException when the file cannot be read (missing, no permission): the caller names it
     */
    public static byte[] read(Path file, long maxBytes) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
            throw tooLarge(file.toString(), maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in, maxBytes);
        }
    }

    /** At most {@code maxBytes} from a stream (a class path resource), else an {@link InputFileException}. */
    public static byte[] read(String name, InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw tooLarge(name, maxBytes);
        }
        return bytes;
    }

    /**
     * The bytes as UTF-8 text (a leading byte order mark dropped); bytes that are not UTF-8 are an
     * {@link InputFileException} naming their line and column.
     */
    public static String utf8(String file, byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            CharBuffer out = decoder.decode(in);
            return out.toString();
        } catch (CharacterCodingException e) {
            // decode again up to the first bad byte to name its place
            int bad = firstBadByte(bytes, start);
            String before = new String(bytes, start, bad - start, StandardCharsets.UTF_8);
            throw new InputFileException(file + ":" + position(before, before.length()) + ": not UTF-8 text (byte 0x"
                    + String.format("%02X", bytes[bad] & 0xff) + ")");
        }
    }

    /** {@code line:column} (from 1) of a character offset in a text. */
    public static String position(CharSequence text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return line + ":" + column;
    }

    private static int firstBadByte(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    static InputFileException tooLarge(String file, long maxBytes) {
        return new InputFileException(file + ": larger than " + InputLimits.size(maxBytes)
                + ", the most pve-audit reads from one file");
    }
}
