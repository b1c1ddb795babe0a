package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * No tracker text can change the page's markup: whatever the titles, links, thread ids, reasons and evidence hold,
 * the page has exactly the tags and attributes of the same page rendered with harmless text, and every link is an
 * http(s) URL inside a quoted attribute it cannot leave.
 */
class DashboardPageProperties {

    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    /** Never empty: an empty title, SHA or evidence leaves its element out, which is not markup the text made. */
    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("<>\"'&=/ abc\n\t`\\;:").ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' onmouseover='x",
                        "</pre><iframe>", "&lt;b&gt;", "<!--", "]]>", "javascript:alert(1)",
                        "https://x.example/\"onclick=\"a", "https://ok.example/a?b=1&c=<d>"));
    }

    /** Everything but the text: the tags with their attributes' names, and the count of quotes around values. */
    static String markup(String page) {
        return page.replaceAll("(?s)>[^<]*<", "><").replaceAll("\"[^\"]*\"", "\"\"");
    }

    @Property
    void noTrackerTextOpensATagOrAnAttribute(@ForAll("hostile") String title, @ForAll("hostile") String thread,
                                             @ForAll("hostile") String reason, @ForAll("hostile") String evidence,
                                             @ForAll("hostile") String repo, @ForAll("hostile") String sha) {
        String url = "https://git.example/o/r/issues/1";
        String page = DashboardPage.render(DashboardFixtures.fleet(title, url, thread, reason, evidence, repo, sha));
        String reference = DashboardPage.render(DashboardFixtures.fleet("t", url, "th", "r", "e", "o/r", "s"));

        assertThat(markup(page)).isEqualTo(markup(reference));
        assertThat(page.chars().filter(c -> c == '<').count()).isEqualTo(reference.chars().filter(c -> c == '<').count());
        assertThat(page.chars().filter(c -> c == '"').count()).isEqualTo(reference.chars().filter(c -> c == '"').count());
    }

    @Property
    void aLinkIsAlwaysAnHttpUrlThatStaysInItsAttribute(@ForAll("hostile") String url, @ForAll("hostile") String title) {
        String page = DashboardPage.render(DashboardFixtures.fleet(title, url, "th", "r", "e", "o/r", "s"));
        String linked = DashboardPage.render(DashboardFixtures.fleet("t", "https://a.example/", "th", "r", "e", "o/r", "s"));
        String unlinked = DashboardPage.render(DashboardFixtures.fleet("t", "", "th", "r", "e", "o/r", "s"));

        assertThat(markup(page)).isIn(markup(linked), markup(unlinked));
        Matcher m = HREF.matcher(page);
        while (m.find()) {
            assertThat(m.group(1)).matches("(https?://|/)[^\\s\"'<>`]*");
        }
    }

    @Property
    void escapingLeavesNoSpecialCharacter(@ForAll("hostile") String s) {
        String e = DashboardPage.escape(s);
        assertThat(e).doesNotContain("<", ">", "\"", "'");
        assertThat(e.replaceAll("&(amp|lt|gt|quot|#39);", "")).doesNotContain("&");
        assertThat(e.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&")).isEqualTo(s);
    }
}
