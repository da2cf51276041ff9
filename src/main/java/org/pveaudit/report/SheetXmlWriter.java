package org.pveaudit.report;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * POI's sheet writer with its text escaping done in runs and an unsynchronised buffer: POI 5.5 writes every
 * character of every cell through its own {@code Writer.write} call, into a {@code BufferedWriter} that takes a
 * lock on each, which on a workbook of a million text cells was most of the time. The output is byte for byte POI's (checked character by character against it in {@code SheetXmlWriterTest}):
 * {@code < > & "} and tab, line feed, carriage return and no-break space as entities, other characters below
 * U+0020 and U+FFFE/U+FFFF as {@code ?}, everything else as it is.
 */
final class SheetXmlWriter extends SheetDataWriter {

    SheetXmlWriter() throws IOException {
        super();
    }

    /** For the test: writes to {@code out} instead of a temporary file. */
    SheetXmlWriter(Writer out) throws IOException {
        super(out);
    }

    /** POI's temporary sheet file, as POI opens it, behind a buffer without locks (one thread writes a sheet). */
    @Override
    public Writer createWriter(File file) throws IOException {
        FileOutputStream out = new FileOutputStream(file);
        OutputStream decorated;
        try {
            decorated = decorateOutputStream(out);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        return new PlainBuffer(new OutputStreamWriter(decorated, StandardCharsets.UTF_8));
    }

    @Override
    protected void outputEscapedString(String s) throws IOException {
        if (s == null || s.isEmpty()) {
            return;
        }
        int plain = 0; // start of the run of characters written as they are
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String entity = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\n' -> "&#xa;";
                case '\r' -> "&#xd;";
                case '\t' -> "&#x9;";
                case '\u00a0' -> "&#xa0;";
                default -> c < ' ' || c >= '\ufffe' ? "?" : null;
            };
            if (entity != null) {
                _out.write(s, plain, i - plain);
                _out.write(entity);
                plain = i + 1;
            }
        }
        _out.write(s, plain, s.length() - plain);
    }

    /** A character buffer in front of a writer, like {@code BufferedWriter} without its lock on every call. */
    private static final class PlainBuffer extends Writer {

        private final Writer out;
        private final char[] buffer = new char[1 << 16];
        private int used;
        private boolean closed;

        PlainBuffer(Writer out) {
            this.out = out;
        }

        @Override
        public void write(int c) throws IOException {
            if (used == buffer.length) {
                drain();
            }
            buffer[used++] = (char) c;
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buffer.length) {
                    drain();
                }
                int n = Math.min(len, buffer.length - used);
                s.getChars(off, off + n, buffer, used);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buffer.length) {
                    drain();
                }
                int n = Math.min(len, buffer.length - used);
                System.arraycopy(c, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        private void drain() throws IOException {
            out.write(buffer, 0, used);
            used = 0;
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        /** Closes once: POI closes a sheet's writer when the workbook is written and again when it is disposed. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                drain();
            } finally {
                out.close();
            }
        }
    }
}
