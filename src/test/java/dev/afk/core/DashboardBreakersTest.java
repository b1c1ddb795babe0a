package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's "Breakers open" section (issue 12): only open breakers, escaped, with since when and what resumes. */
class DashboardBreakersTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    private static DashboardView view(List<DashboardView.Breaker> breakers) {
        return new DashboardView("armed", "", "github", List.of("acme/a"), 3, 2, NOW, "", "", List.of(), List.of(),
                List.of(), "", List.of(), breakers);
    }

    @Test
    void anOpenBreakerIsShownWithItsEvidenceEscaped() {
        String page = DashboardPage.render(view(List.of(
                new DashboardView.Breaker("t3", true, NOW.minusSeconds(120), "last: <b>503</b>", "a fleet read"),
                new DashboardView.Breaker("ratelimit", false, null, "", ""))));
        assertThat(page).contains("<section id=\"breakers\"><h2>Breakers open (1)</h2>", "<strong>t3</strong>",
                "last: &lt;b&gt;503&lt;/b&gt;", "resumes on: a fleet read").doesNotContain("<b>503", "ratelimit");
    }

    @Test
    void noSectionWhileEveryBreakerIsClosed() {
        assertThat(DashboardPage.render(view(List.of(new DashboardView.Breaker("t3", false, null, "", "")))))
                .doesNotContain("breakers");
        assertThat(DashboardPage.render(new DashboardView("armed", "", "forgejo", List.of(), 3, 2, NOW, "", "",
                List.of(), List.of(), List.of(), ""))).doesNotContain("breakers");
    }
}
