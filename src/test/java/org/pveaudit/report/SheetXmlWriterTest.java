package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.poi.xssf.streaming.SheetDataWriter;
import org.junit.jupiter.api.Test;

/** The run-wise escaping must write exactly what POI's own character-wise escaping writes. */
class SheetXmlWriterTest {

    @Test
    void everyCharacterIsEscapedExactlyAsPoiEscapesIt() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c); // lone surrogates included
        }
        assertSame(all.toString());
        for (int c = 0; c <= 0xFFFF; c++) {
            assertSame("a" + (char) c + "b");
        }
    }

    @Test
    void textsOfEveryShapeAreEscapedExactlyAsPoiEscapesThem() throws IOException {
        List<String> texts = new ArrayList<>(List.of("", "plain", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
                "a & b \"c\"\r\n\tend", "\u00a0nbsp", "emoji \uD83D\uDE00 pair", "lone \uD800 high", "\uFFFE\uFFFF",
                "\u0000\u0001\u001f", "jürgen@pve"));
        Random random = new Random(14);
        char[] alphabet = "ab<>&\"\n\r\t\u00a0\u0000\u001f\uD83D\uDE00\uFFFE\uFFFFé ".toCharArray();
        for (int i = 0; i < 2_000; i++) {
            char[] text = new char[random.nextInt(40)];
            for (int k = 0; k < text.length; k++) {
                text[k] = alphabet[random.nextInt(alphabet.length)];
            }
            texts.add(new String(text));
        }
        for (String t : texts) {
            assertSame(t);
        }
    }

    @Test
    void theSheetFileGetsWhatWasWrittenAndClosingTwiceIsHarmless(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.io.File file = dir.resolve("sheet.xml").toFile();
        try (SheetXmlWriter sheet = new SheetXmlWriter(new StringWriter())) {
            java.io.Writer out = sheet.createWriter(file);
            String big = "x".repeat(200_000); // more than the buffer holds
            out.write("<c>");
            out.write(big);
            out.write('é');
            out.write(new char[] {'<', '/', 'c', '>'}, 0, 4);
            out.close();
            out.close(); // POI closes a sheet's writer when it writes the workbook and again when it disposes of it
            assertThat(java.nio.file.Files.readString(file.toPath())).isEqualTo("<c>" + big + "é</c>");
        }
    }

    private static void assertSame(String text) throws IOException {
        StringWriter ours = new StringWriter();
        StringWriter poi = new StringWriter();
        try (SheetXmlWriter a = new SheetXmlWriter(ours); PoiWriter b = new PoiWriter(poi)) {
            a.outputEscapedString(text);
            b.escape(text);
        }
        assertThat(ours.toString()).isEqualTo(poi.toString());
    }

    /** POI's writer, to reach its protected escaping. */
    private static final class PoiWriter extends SheetDataWriter {

        PoiWriter(StringWriter out) throws IOException {
            super(out);
        }

        void escape(String s) throws IOException {
            outputEscapedString(s);
        }
    }
}
