package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardPageTest {

    @Test
    void anEmptyFleetSaysSoAndWhyItIsDisarmed() {
        String page = DashboardPage.render(DashboardFixtures.empty());

        assertThat(page).startsWith("<!DOCTYPE html>")
                .contains("<meta http-equiv=\"refresh\" content=\"15\">",
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                        "<span class=\"state disarmed\">disarmed</span>", "<p id=\"why\">AFK_KILL_SWITCH is true</p>",
                        "No run in flight.", "No repository is allowlisted.", "No run has ended.",
                        "allowlist: (empty)")
                .doesNotContain("<script", "src=", "<link", "@import", "http://", "https://");
    }

    @Test
    void aFleetShowsItsRunsQueueAndEndedRunsWithEvidence() {
        String page = DashboardPage.render(DashboardFixtures.fleet("Add a widget", "https://git.example/acme/w/issues/1",
                "thread-7", "REPO_LOCKED", "ci: build failed https://ci.example/42", "acme/w", "abc123"));

        assertThat(page).contains("<span class=\"state armed\">armed</span>")
                .contains("<a href=\"https://git.example/acme/w/issues/1\">acme/w#1</a> <span class=\"title\">Add a widget</span>")
                .contains("T3 thread <code>thread-7</code>", "age 1h 5m", "fix-forward 1/2", "pushed <code>abc123</code>")
                .contains("<li class=\"reached\">dispatched</li>", "<li class=\"reached\">pushed ◀</li>",
                        "<li class=\"ahead\">ci-green</li>")
                .contains("dispatched 2026-12-03 10:55:00Z", "latest turn 2026-12-03 11:50:00Z",
                        "last progress 2026-12-03 11:59:00Z")
                .contains("stop pending: stop REPO_LOCKED", "budget: tokens Add a widget")
                .contains("<h3>acme/w</h3>", "<tr class=\"queued\"><td><div class=\"issue\"><a href=\"https://git.example/acme/w/issues/1\">acme/w#2</a>")
                .contains("<td>REPO_LOCKED</td>")
                .contains("<strong>handed back</strong> · REPO_LOCKED · 2026-12-03 10:00:00Z",
                        "<pre class=\"evidence\">ci: build failed https://ci.example/42</pre>")
                .contains("<p class=\"history\">history REPO_LOCKED</p>")
                .contains("in flight 1/3 · queued 1 · ended 1", "last poll: poll Add a widget");
    }

    @Test
    void aRunWithoutBudgetOrStopShowsNeitherAndANonWebUrlIsNoLink() {
        DashboardView v = DashboardFixtures.fleet("t", "javascript:alert(1)", "th", "r", "", "o/r", null);
        DashboardView.InFlight bare = new DashboardView.InFlight("o/r#1", "t", "javascript:alert(1)", 1, "th",
                Phase.DISPATCHED, DashboardFixtures.NOW, null, null, 0, null, null, null);
        String page = DashboardPage.render(new DashboardView(v.state(), v.reason(), v.tracker(), v.allowlist(),
                v.maxInFlight(), v.maxFixForward(), v.now(), v.lastPoll(), v.lastWatch(), List.of(bare), v.queue(),
                v.ended(), ""));

        assertThat(page).doesNotContain("stop pending", "budget:", "javascript:alert(1)\"", "<pre class=\"evidence\">",
                "<p class=\"history\">", "latest turn").contains("<b>o/r#1</b>", "age 0s");
    }

    @Test
    void agesReadAtAGlance() {
        assertThat(DashboardPage.age(java.time.Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(DashboardPage.age(java.time.Duration.ofMinutes(59))).isEqualTo("59m");
        assertThat(DashboardPage.age(java.time.Duration.ofMinutes(61))).isEqualTo("1h 1m");
        assertThat(DashboardPage.age(java.time.Duration.ofHours(50))).isEqualTo("2d 2h");
        assertThat(DashboardPage.age(java.time.Duration.ofSeconds(-5))).isEqualTo("0s");
    }
}
