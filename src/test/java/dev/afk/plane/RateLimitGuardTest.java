package dev.afk.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.IssueListing;
import dev.afk.adapter.ListIssues;
import dev.afk.adapter.http.GitHubRateLimit;
import dev.afk.core.Config;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import dev.afk.wire.HttpReply;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The rate-limit guard's hooks in the poll: which repos are listed while GitHub's budget is low. */
class RateLimitGuardTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final RepoRef BUSY = RepoRef.parse("acme/busy");
    private static final RepoRef IDLE = RepoRef.parse("acme/idle");
    private static final RepoRef UNSEEN = RepoRef.parse("acme/unseen");

    private static Config config(String tracker) {
        return Config.fromMap(Map.of("afk.kill-switch", "false", "afk.allowlist", "acme/busy,acme/idle,acme/unseen",
                "afk.tracker", tracker, "afk.ratelimit-reserve", "10%"));
    }

    private static GitHubRateLimit figures(long remaining, long limit, long resetIn) throws Exception {
        GitHubRateLimit rl = new GitHubRateLimit();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            rl.record(new HttpReply(200, Map.of("x-ratelimit-remaining", Long.toString(remaining),
                    "x-ratelimit-limit", Long.toString(limit),
                    "x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + resetIn))), context);
        }
        return rl;
    }

    private static List<RepoRef> listedRepos(String tracker, GitHubRateLimit rl) {
        Config config = config(tracker);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        PollSteps poll = new PollSteps(config, new OnceLog(), new PlaneStatus(config, clock, new ArmedGate(config, null)));
        RateLimitGuard guard = new RateLimitGuard(config, clock, () -> rl);
        poll.rateLimitGuard(guard);
        // what the last in-progress listings showed: a run in busy, none in idle, unseen never listed
        Issue run = new Issue(IssueKey.of("acme/busy", 1), "Work", "", Set.of("in-progress"), "someone", NOW,
                false, false, null); // a closed issue still carrying the lock is a run to finish
        poll.listed(new ListIssues(BUSY, "in-progress", true), new IssueListing(List.of(run), List.of()));
        poll.listed(new ListIssues(IDLE, "in-progress", true), new IssueListing(List.of(), List.of()));
        return poll.listings().stream().map(ListIssues::repo).distinct().toList();
    }

    @Test
    void underTheReserveOnlyTheReposWithSomethingInFlightOrNotYetSeenAreListed() throws Exception {
        assertThat(listedRepos("github", figures(499, 5000, 600))).containsExactly(BUSY, UNSEEN);
    }

    @Test
    void atTheReserveOrAfterTheResetEveryRepoIsListed() throws Exception {
        assertThat(listedRepos("github", figures(500, 5000, 600))).containsExactly(BUSY, IDLE, UNSEEN);
        assertThat(listedRepos("github", figures(0, 5000, 0))).containsExactly(BUSY, IDLE, UNSEEN);
    }

    @Test
    void forgejoNeverEngagesIt() throws Exception {
        assertThat(listedRepos("forgejo", figures(0, 5000, 600))).containsExactly(BUSY, IDLE, UNSEEN);
    }

    @Test
    void noFiguresYetIsNotLow() {
        assertThat(listedRepos("github", new GitHubRateLimit())).containsExactly(BUSY, IDLE, UNSEEN);
    }
}
