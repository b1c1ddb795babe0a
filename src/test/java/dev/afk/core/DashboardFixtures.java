package dev.afk.core;

import java.time.Instant;
import java.util.List;

/** Dashboard views for the page tests: every text that comes from the tracker is one argument. */
final class DashboardFixtures {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private DashboardFixtures() {
    }

    static DashboardView empty() {
        return new DashboardView("disarmed", "AFK_KILL_SWITCH is true", "forgejo", List.of(), 3, 2, NOW, "", "",
                List.of(), List.of(), List.of(), "");
    }

    /** A fleet with one run in flight (stop pending, budget), one queued issue and one ended run with evidence. */
    static DashboardView fleet(String title, String url, String thread, String reason, String evidence,
                               String repo, String sha) {
        DashboardView.InFlight run = new DashboardView.InFlight(repo + "#1", title, url, 2, thread, Phase.PUSHED,
                NOW.minusSeconds(3_900), NOW.minusSeconds(600), NOW.minusSeconds(60), 1, sha, "stop " + reason,
                "budget: tokens " + title);
        DashboardView.Queued queued = new DashboardView.Queued(repo, repo + "#2", title, url, reason);
        DashboardView.Ended ended = new DashboardView.Ended(repo + "#3", title, url, 1, thread, "handed back",
                reason, evidence, NOW.minusSeconds(7_200));
        return new DashboardView("armed", "", "forgejo", List.of(repo), 3, 2, NOW, "poll " + title,
                "watch " + title, List.of(run), List.of(queued), List.of(ended), "history " + reason);
    }
}
