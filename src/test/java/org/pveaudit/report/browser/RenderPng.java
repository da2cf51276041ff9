package org.pveaudit.report.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/render-report-png}: pages to PNG, each the full length of the page, at each width, in the
 * browser of {@link HeadlessChromium}. The width is the page's layout viewport (device metrics emulation), not
 * the window's: {@code chromium --headless --window-size=390,...} lays a page out at least 500 px wide and
 * shrinks the picture.
 *
 * <p>Arguments: {@code OUT WIDTHS [FILE...]}, WIDTHS comma-separated; without files, the pages of
 * {@link DemoPages} written into a temporary folder. Prints each file written.
 */
final class RenderPng {

    /** Taller pages are cut here (or at {@code -Drender.maxHeight}); Chromium cannot capture much more at once. */
    static final int MAX_HEIGHT = 32_000;

    private RenderPng() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        List<Integer> widths = new ArrayList<>();
        for (String w : args[1].split(",")) {
            widths.add(Integer.parseInt(w.trim()));
        }
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            files.add(Path.of(args[i]).toAbsolutePath());
        }
        if (files.isEmpty()) {
            Path work = Files.createTempDirectory("pve-audit-demo");
            DemoPages demo = DemoPages.write(work);
            System.out.println("demo pages: " + demo.report() + ", " + demo.mail());
            files.add(demo.report());
            files.add(demo.mail());
        }
        int maxHeight = Math.min(MAX_HEIGHT, Integer.getInteger("render.maxHeight", MAX_HEIGHT));
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            for (Path file : files) {
                String stem = file.getFileName().toString().replaceFirst("\\.html?$", "");
                for (int width : widths) {
                    browser.viewport(width, 900);
                    browser.open(file, null);
                    long height = (Long) browser.js("return Math.max(document.documentElement.scrollHeight, "
                            + "document.body ? document.body.scrollHeight : 0);");
                    long shown = Math.min(height, maxHeight);
                    browser.viewport(width, (int) shown);
                    Map<String, Object> shot = browser.driver().executeCdpCommand("Page.captureScreenshot",
                            Map.of("format", "png", "captureBeyondViewport", false));
                    Path png = out.resolve(stem + "-" + width + ".png");
                    Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
                    System.out.println(png + (shown < height ? " (the first " + shown + " of " + height + " px)"
                            : ""));
                }
            }
        }
    }
}
