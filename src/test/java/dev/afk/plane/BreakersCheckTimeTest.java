package dev.afk.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.CommitRef;
import dev.afk.core.CiVerdict;
import dev.afk.core.Config;
import dev.afk.core.RepoRef;
import dev.afk.e2e.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A default-branch check counts from the tick that found it due, not from when its reads came back: with the
 * check every 5 minutes and the poll every 5 minutes (the default with webhooks on) every poll checks, instead of
 * every other one (found by WebhookBenchmark, issue 13).
 */
class BreakersCheckTimeTest {

    @Test
    void aCheckDueEveryFiveMinutesRunsOnEveryFiveMinutePollEvenWhenItsReadsTakeTime() {
        TestClock clock = new TestClock(Instant.parse("2026-12-07T00:00:00Z"));
        Config config = Config.fromMap(Map.of("afk.allowlist", "acme/widgets", "afk.breaker-check-minutes", "5"));
        Breakers b = new Breakers(config, "afk-bot", clock);
        RepoRef repo = RepoRef.parse("acme/widgets");
        for (int i = 0; i < 4; i++) {
            assertThat(b.dueChecks()).as("poll %d", i).containsExactly(repo);
            clock.advance(Duration.ofSeconds(2)); // the head and CI reads take their time
            b.checked(new CommitRef(repo, "abc" + i), CiVerdict.SUCCESS);
            clock.advance(Duration.ofMinutes(1));
            assertThat(b.dueChecks()).as("not due a minute later").isEmpty();
            clock.advance(Duration.ofMinutes(4).minusSeconds(2)); // the next 5-minute poll
        }
    }

    @Test
    void aFailedCheckLeavesTheRepoDueAtTheNextTick() {
        TestClock clock = new TestClock(Instant.parse("2026-12-07T00:00:00Z"));
        Config config = Config.fromMap(Map.of("afk.allowlist", "acme/widgets", "afk.breaker-check-minutes", "5"));
        Breakers b = new Breakers(config, "afk-bot", clock);
        assertThat(b.dueChecks()).hasSize(1);
        b.checkFailed(RepoRef.parse("acme/widgets"), new IllegalStateException("503"));
        clock.advance(Duration.ofSeconds(60));
        assertThat(b.dueChecks()).as("no verdict, so still due").hasSize(1);
    }
}
