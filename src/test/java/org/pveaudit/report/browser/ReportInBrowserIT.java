package org.pveaudit.report.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pveaudit.report.HostilePages;

/**
 * {@code report.html} and the HTML mail as a reader's browser shows them (headless Chromium, {@code file://}
 * URLs): the table of contents leads to its sections, the page fetches nothing, logs no error and runs nothing
 * but its own script, and it fits the width of a desktop and of a phone. Runs in {@code mvn verify} (failsafe);
 * needs the packages {@code chromium} and {@code chromium-driver} ({@link HeadlessChromium}).
 *
 * <p>The pages: the demo of docs/history.md (the sample clusters audited twice by the real audit, with a change
 * between: every severity, three clusters, new and open findings, resolved findings, access drift) and the
 * hand-built hostile run of the report tests (markup and scripts in every cluster text).
 */
class ReportInBrowserIT {

    enum Page {
        DEMO_REPORT(true), DEMO_MAIL(false), HOSTILE_REPORT(true), HOSTILE_MAIL(false);

        final boolean report;

        Page(boolean report) {
            this.report = report;
        }
    }

    static final int DESKTOP = 1280;
    static final int PHONE = 390;

    @TempDir
    static Path work;

    static final Map<Page, Path> pages = new EnumMap<>(Page.class);
    static HeadlessChromium browser;
    /** Why the browser cannot run here, or null. */
    static String unavailable;

    @BeforeAll
    static void startTheBrowserAndWriteThePages() throws Exception {
        // first: without a browser every test is skipped (the class fails, under CI) before the audits run
        unavailable = HeadlessChromium.unavailable();
        if (unavailable != null) {
            return;
        }
        browser = HeadlessChromium.start();
        DemoPages demo = DemoPages.write(Files.createDirectories(work.resolve("demo")));
        pages.put(Page.DEMO_REPORT, demo.report());
        pages.put(Page.DEMO_MAIL, demo.mail());
        pages.put(Page.HOSTILE_REPORT, HostilePages.report(Files.createDirectories(work.resolve("hostile"))));
        pages.put(Page.HOSTILE_MAIL, HostilePages.mail(work.resolve("hostile/mail.html")));
    }

    /** Skips each test, with the reason, rather than the class: Maven shows a test's reason, not a class's. */
    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    static void stopTheBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** Opens a page at the desktop width. */
    private static void open(Page page, String fragment) {
        browser.viewport(DESKTOP, 900);
        browser.open(pages.get(page), fragment);
    }

    @ParameterizedTest
    @EnumSource(value = Page.class, names = {"DEMO_REPORT", "HOSTILE_REPORT"})
    void everyLinkOfTheTableOfContentsScrollsToItsSection(Page page) {
        open(page, null);
        List<String> targets = browser.driver().findElements(By.cssSelector("nav.toc a[href^='#']")).stream()
                .map(a -> a.getDomAttribute("href")).toList();
        assertThat(targets).as("the table of contents").hasSizeGreaterThanOrEqualTo(8)
                .contains("#sec-summary", "#sec-changes", "#sec-findings", "#sec-privileged-principals", "#sec-inventory")
                .doesNotHaveDuplicates();
        // from the bottom of the page, so that every link has to move it
        for (String target : targets) {
            browser.js("window.scrollTo(0, document.documentElement.scrollHeight);");
            browser.driver().findElement(By.cssSelector("nav.toc a[href='" + target + "']")).click();
            @SuppressWarnings("unchecked")
            Map<String, Object> seen = (Map<String, Object>) browser.js("""
                    var el = document.getElementById(decodeURIComponent(arguments[0].slice(1)));
                    var r = el ? el.getBoundingClientRect() : null;
                    return {hash: location.hash, exists: !!el, top: r ? r.top : null, bottom: r ? r.bottom : null,
                            height: window.innerHeight, scrolled: window.scrollY};""", target);
            assertThat(seen.get("exists")).as("element of " + target).isEqualTo(true);
            assertThat(seen.get("hash")).as("location.hash after clicking " + target).isEqualTo(target);
            double top = ((Number) seen.get("top")).doubleValue();
            double bottom = ((Number) seen.get("bottom")).doubleValue();
            double height = ((Number) seen.get("height")).doubleValue();
            assertThat(bottom > 0 && top < height).as(target + " in the viewport after its link: " + seen).isTrue();
        }
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Page.class)
    void thePageFetchesNothingLogsNoErrorAndRunsNoScriptButItsOwn(Page page) {
        open(page, null);
        assertThat(browser.driver().getCurrentUrl()).startsWith("file:///");
        if (page.report) {
            // use the page's own script: sort the rule outcomes by every column, filter the findings by a rule,
            // group them by principal and open the first group
            for (WebElement th : browser.driver().findElements(By.cssSelector("#outcomes thead th"))) {
                th.click();
            }
            filter("rule").selectByIndex(1);
            filter("group").selectByValue("principal");
            browser.driver().findElement(By.cssSelector("#findings tr.group:not(.filtered) button")).click();
            @SuppressWarnings("unchecked")
            List<Long> shownOfAll = (List<Long>) browser.js("""
                    var rows = document.querySelectorAll('#findings tbody tr.finding');
                    return [Array.prototype.filter.call(rows, function (tr) { return tr.offsetParent !== null; }).length,
                            rows.length];""");
            assertThat(shownOfAll.get(0)).as("findings shown when filtered by a rule and one group opened")
                    .isPositive().isLessThan(shownOfAll.get(1));
        }
        browser.js("window.scrollTo(0, document.documentElement.scrollHeight);");
        assertThat(browser.js("return performance.getEntriesByType('resource').map(function (e) { return e.name; });"))
                .as("resources fetched").asList().isEmpty();
        Map<String, List<String>> recorded = browser.recorded();
        assertThat(recorded.get("csp")).as("Content-Security-Policy violations").isEmpty();
        assertThat(recorded.get("dialogs")).as("alert, confirm or prompt called").isEmpty();
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
        // the template's one script in the report, none in the mail; no cluster text became an element
        assertThat(browser.js("return document.scripts.length;")).isEqualTo(page.report ? 1L : 0L);
        assertThat(browser.js("return document.querySelectorAll('b, iframe, object, embed, img[src]:not([src^=\"data:\"])').length;"))
                .isEqualTo(0L);
        if (page == Page.HOSTILE_REPORT || page == Page.HOSTILE_MAIL) {
            assertThat((String) browser.js("return document.body.textContent;")).contains(HostilePages.SCRIPT);
        }
    }

    /** The checks above would see what they look for: an error in the console, a load the CSP blocks, a dialog. */
    @Test
    void theChecksSeeAConsoleErrorALoadTheReportForbidsAndADialog() {
        open(Page.DEMO_REPORT, null);
        assertThat(browser.consoleErrors()).isEmpty();
        browser.js("alert('probe of the dialog check');"
                + "console.error('probe of the console check');"
                + "var img = document.createElement('img'); img.src = 'https://example.invalid/x.png';"
                + "document.body.appendChild(img);");
        browser.driver().findElement(By.tagName("h1")).click();
        List<String> errors = browser.consoleErrors();
        assertThat(errors).anyMatch(e -> e.contains("probe of the console check"))
                .anyMatch(e -> e.contains("Content Security Policy") && e.contains("example.invalid"));
        assertThat(browser.recorded().get("csp")).containsExactly("img-src blocked https://example.invalid/x.png");
        assertThat(browser.recorded().get("dialogs")).containsExactly("alert: probe of the dialog check");
        // even a load the policy blocks leaves its resource entry
        assertThat(browser.js("return performance.getEntriesByType('resource').map(function (e) { return e.name; });"))
                .asList().containsExactly("https://example.invalid/x.png");
    }

    @ParameterizedTest
    @EnumSource(value = Page.class, names = {"DEMO_MAIL", "HOSTILE_REPORT", "HOSTILE_MAIL"})
    void thePageFitsTheWidthOfADesktop(Page page) {
        assertThat(overflow(page, DESKTOP)).isEmpty();
    }

    @Test
    void theDemoReportFitsTheWidthOfADesktop() {
        assertThat(overflow(Page.DEMO_REPORT, DESKTOP)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Page.class, names = {"DEMO_MAIL", "HOSTILE_MAIL"})
    void theMailFitsTheWidthOfAPhone(Page page) {
        assertThat(overflow(page, PHONE)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Page.class, names = {"DEMO_REPORT", "HOSTILE_REPORT"})
    void theReportFitsTheWidthOfAPhone(Page page) {
        assertThat(overflow(page, PHONE)).isEmpty();
    }

    /** The outermost elements whose right edge passes the viewport and no scrolling box clips, one line each. */
    static final String OVERFLOWING = """
            window.scrollTo(0, 0);
            var w = window.innerWidth, out = [], heads = document.querySelectorAll('h2, h3');
            function wide(el) { return el.getBoundingClientRect().right > w + 0.5; }
            function clipped(el) {
              for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                if (getComputedStyle(p).overflowX !== 'visible') return true;
              }
              return false;
            }
            function name(el) {
              var s = el.tagName.toLowerCase();
              if (el.id) s += '#' + el.id;
              if (el.classList.length) s += '.' + Array.prototype.join.call(el.classList, '.');
              return s;
            }
            function under(el) {
              var h = null;
              heads.forEach(function (x) {
                if (x.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) h = x;
              });
              return h ? h.textContent.trim().slice(0, 60) : '(top)';
            }
            document.querySelectorAll('body *').forEach(function (el) {
              var r = el.getBoundingClientRect();
              if (r.width === 0 || !wide(el) || clipped(el)) return;
              if (el.parentElement !== document.body && wide(el.parentElement)) return;
              out.push(name(el) + ' right edge ' + Math.round(r.right) + ' px, under "' + under(el) + '"');
            });
            return {inner: w, scroll: document.documentElement.scrollWidth, elements: out};""";

    /**
     * Opens the page {@code width} pixels wide; empty when it needs no horizontal scrolling, else the page width
     * and the elements that make it wider.
     */
    private static List<String> overflow(Page page, int width) {
        browser.viewport(width, 900);
        browser.open(pages.get(page), null);
        @SuppressWarnings("unchecked")
        Map<String, Object> seen = (Map<String, Object>) browser.js(OVERFLOWING);
        long inner = (Long) seen.get("inner");
        long scroll = (Long) seen.get("scroll");
        assertThat(inner).as("window.innerWidth").isEqualTo(width);
        List<String> found = new ArrayList<>();
        if (scroll > inner) {
            found.add(page + " at " + width + " px is " + scroll + " px wide");
            @SuppressWarnings("unchecked")
            List<String> elements = (List<String>) seen.get("elements");
            found.addAll(elements);
        }
        browser.viewport(DESKTOP, 900);
        return found;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Filters of the findings: #sec-findings is followed by form#filters with <select>s named severity, cluster,
    // state, rule (first option value "" = all, every other option text ends in its count, "high (12)") and group
    // (rule, principal, cluster, none); rows are #findings tbody tr.finding with data-severity, data-cluster,
    // data-state, data-rule, group headers tr.group; #findings-count reads "N of M findings"; the filter state is
    // kept in the fragment, location.hash = "#f:...". A row counts as shown when it has no class "filtered" (a row
    // of a collapsed group still counts: it is not filtered out, only folded).
    // ---------------------------------------------------------------------------------------------------------

    static final List<String> FILTERS = List.of("severity", "cluster", "state", "rule");
    static final Pattern COUNT = Pattern.compile("(\\d+) of (\\d+) findings");
    static final Pattern OPTION = Pattern.compile(".+ \\((\\d+)\\)");
    static final String SHOWN = "#findings tbody tr.finding:not(.filtered)";

    private static Select filter(String name) {
        return new Select(browser.driver().findElement(By.cssSelector("#filters select[name='" + name + "']")));
    }

    private static int[] findingsCount() {
        String text = browser.driver().findElement(By.id("findings-count")).getText().trim();
        Matcher m = COUNT.matcher(text);
        assertThat(m.matches()).as("#findings-count: " + text).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static List<String> optionTexts(String name) {
        return filter(name).getOptions().stream().map(WebElement::getText).map(String::trim).toList();
    }

    @Test
    void theFindingsHaveAFilterPerColumnWithCountsAndAGrouping() {
        open(Page.DEMO_REPORT, null);
        assertThat(browser.js("""
                var h = document.getElementById('sec-findings'), f = document.getElementById('filters'),
                    t = document.getElementById('findings');
                return !!(h && f && t && f.tagName === 'FORM'
                    && (h.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING)
                    && (f.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));""")).isEqualTo(true);
        int rows = browser.driver().findElements(By.cssSelector("#findings tbody tr.finding")).size();
        assertThat(rows).isGreaterThan(100);
        assertThat(findingsCount()).containsExactly(rows, rows);
        for (String name : FILTERS) {
            List<WebElement> options = filter(name).getOptions();
            assertThat(options.get(0).getDomProperty("value")).as(name + ": the first option is all").isEmpty();
            assertThat(options.size()).as(name + " has values to choose").isGreaterThan(1);
            for (WebElement o : options.subList(1, options.size())) {
                assertThat(o.getText().trim()).as(name + " option").matches(OPTION);
                String attr = "data-" + name;
                long matching = (Long) browser.js("""
                        var value = arguments[0], attr = arguments[1];
                        return Array.prototype.filter.call(document.querySelectorAll('#findings tbody tr.finding'),
                            function (tr) { return tr.getAttribute(attr) === value; }).length;""",
                        o.getDomProperty("value"), attr);
                assertThat(count(o.getText())).as(name + " option " + o.getText() + " counts its rows").isEqualTo(matching);
            }
        }
        assertThat(optionTexts("severity")).anyMatch(t -> t.startsWith("critical ("))
                .anyMatch(t -> t.startsWith("high (")).anyMatch(t -> t.startsWith("medium ("));
        assertThat(filter("cluster").getOptions().stream().map(o -> o.getDomProperty("value")))
                .contains("prod", "lab", "branch");
        assertThat(filter("group").getOptions().stream().map(o -> o.getDomProperty("value")))
                .contains("rule", "principal", "cluster");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private static long count(String optionText) {
        Matcher m = OPTION.matcher(optionText.trim());
        assertThat(m.matches()).as(optionText).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void choosingASeverityShowsOnlyItsFindingsCountsThemAndKeepsTheChoiceInTheUrl() {
        open(Page.DEMO_REPORT, null);
        int all = findingsCount()[1];
        List<String> clustersBefore = optionTexts("cluster");
        List<String> rulesBefore = optionTexts("rule");
        WebElement high = filter("severity").getOptions().stream()
                .filter(o -> "high".equals(o.getDomProperty("value"))).findFirst().orElseThrow();
        long highCount = count(high.getText());
        assertThat(highCount).isPositive().isLessThan(all);

        filter("severity").selectByValue("high");
        int[] shown = findingsCount();
        List<WebElement> rows = browser.driver().findElements(By.cssSelector(SHOWN));
        assertThat(shown).containsExactly((int) highCount, all);
        assertThat(rows).hasSize((int) highCount);
        assertThat(rows).allSatisfy(tr -> assertThat(tr.getDomAttribute("data-severity")).isEqualTo("high"));
        assertThat(optionTexts("cluster")).as("cluster counts under severity high").isNotEqualTo(clustersBefore);
        assertThat(optionTexts("rule")).as("rule counts under severity high").isNotEqualTo(rulesBefore);

        String hash = (String) browser.js("return location.hash;");
        assertThat(hash).startsWith("#f:");
        // the same URL opened again restores the choice and the count
        open(Page.DEMO_REPORT, hash.substring(1));
        assertThat(filter("severity").getFirstSelectedOption().getDomProperty("value")).isEqualTo("high");
        assertThat(findingsCount()).containsExactly((int) highCount, all);
        assertThat(browser.driver().findElements(By.cssSelector(SHOWN))).hasSize((int) highCount);

        // back to all
        filter("severity").selectByValue("");
        assertThat(findingsCount()).containsExactly(all, all);
        assertThat(optionTexts("cluster")).isEqualTo(clustersBefore);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void groupingByRuleHeadsEachRuleOfTheShownFindingsOnce() {
        open(Page.DEMO_REPORT, null);
        filter("cluster").selectByValue("branch");
        filter("group").selectByValue("rule");
        @SuppressWarnings("unchecked")
        List<String> rules = (List<String>) browser.js("""
                var seen = {};
                document.querySelectorAll(arguments[0]).forEach(function (tr) { seen[tr.getAttribute('data-rule')] = 1; });
                return Object.keys(seen);""", SHOWN);
        List<WebElement> groups = browser.driver().findElements(
                By.cssSelector("#findings tbody tr.group:not(.filtered)"));
        assertThat(rules).isNotEmpty();
        assertThat(groups).hasSize(rules.size());
        assertThat(browser.driver().findElements(By.cssSelector(SHOWN)))
                .allSatisfy(tr -> assertThat(tr.getDomAttribute("data-cluster")).isEqualTo("branch"));
        assertThat((String) browser.js("return location.hash;")).startsWith("#f:");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theLinkToTheNewFindingsOpensThemFilteredAndAGroupOpensOnAClick() {
        open(Page.DEMO_REPORT, null);
        int fresh = browser.driver().findElements(By.cssSelector("#new tbody tr")).size();
        assertThat(fresh).isPositive();
        open(Page.DEMO_REPORT, "f:state=new&group=rule");
        assertThat(filter("state").getFirstSelectedOption().getDomProperty("value")).isEqualTo("new");
        assertThat(findingsCount()[0]).isEqualTo(fresh);
        List<WebElement> groups = browser.driver().findElements(
                By.cssSelector("#findings tbody tr.group:not(.filtered)"));
        assertThat(groups).isNotEmpty();
        // folded: no finding row is displayed until its group is opened
        assertThat(browser.driver().findElements(By.cssSelector(SHOWN))).noneMatch(WebElement::isDisplayed);
        groups.get(0).findElement(By.tagName("button")).click();
        assertThat(browser.driver().findElements(By.cssSelector(SHOWN))).anyMatch(WebElement::isDisplayed);
        assertThat(browser.driver().findElement(By.cssSelector("#findings tr.group:not(.filtered) button"))
                .getDomAttribute("aria-expanded")).isEqualTo("true");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
