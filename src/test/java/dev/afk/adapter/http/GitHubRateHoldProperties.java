package dev.afk.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * GitHub's rules for when the next call may go, over random replies: the decision {@link GitHubRateHold#holdUntil}
 * and the shared hold built on it. The oracles restate the rules from GitHub's best practices, not the code.
 */
class GitHubRateHoldProperties {

    static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    static final String PRIMARY = "{\"message\":\"API rate limit exceeded for user ID 1.\"}";
    static final String SECONDARY = "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few "
            + "minutes before you try again.\"}";
    static final String SCOPE = "{\"message\":\"Resource not accessible by personal access token\"}";

    /** One reply's rate-limit evidence; null headers are absent. */
    record Reply(int status, String retryAfter, String remaining, String reset, String body) {

        Optional<Instant> holdUntil(Instant now) {
            return GitHubRateHold.holdUntil(status, retryAfter, remaining, reset, body, now);
        }

        Long retryAfterSeconds() {
            return retryAfter == null ? null : Long.parseLong(retryAfter);
        }

        Long resetEpoch() {
            return reset == null ? null : Long.parseLong(reset);
        }

        boolean exhausted() {
            return "0".equals(remaining);
        }

        boolean refusal() {
            return status == 429 || status == 403 && (retryAfter != null || exhausted() || body.equals(SECONDARY));
        }
    }

    @Provide
    Arbitrary<Reply> replies() {
        Arbitrary<Integer> status = Arbitraries.of(200, 201, 204, 304, 403, 404, 422, 429, 500, 502);
        Arbitrary<String> retryAfter = Arbitraries.longs().between(0, 7200).map(String::valueOf).injectNull(0.5);
        Arbitrary<String> remaining = Arbitraries.of("0", "0", "1", "17", "4999").injectNull(0.2);
        Arbitrary<String> reset = Arbitraries.longs().between(-120, 7200)
                .map(d -> String.valueOf(NOW.getEpochSecond() + d)).injectNull(0.2);
        Arbitrary<String> body = Arbitraries.of(PRIMARY, SECONDARY, SCOPE, "", "[]");
        return Combinators.combine(status, retryAfter, remaining, reset, body).as(Reply::new);
    }

    @Property(tries = 2000)
    void aRefusalHoldsAtLeastAsLongAsGitHubAsksAndNeverForever(@ForAll("replies") Reply r) {
        Optional<Instant> until = r.holdUntil(NOW);
        if (!r.refusal()) {
            return;
        }
        assertThat(until).isPresent();
        Instant u = until.get();
        Instant cap = NOW.plus(GitHubRateHold.MAX_HOLD);
        assertThat(u).isAfter(NOW).isBeforeOrEqualTo(cap);
        if (r.retryAfterSeconds() != null) {
            assertThat(u).isAfterOrEqualTo(min(NOW.plusSeconds(r.retryAfterSeconds()), cap));
        }
        if (r.exhausted() && r.resetEpoch() != null) {
            assertThat(u).isAfterOrEqualTo(min(Instant.ofEpochSecond(r.resetEpoch()), cap));
        }
        if (r.retryAfterSeconds() == null && (!r.exhausted() || r.reset() == null)) {
            assertThat(u).isEqualTo(NOW.plus(GitHubRateHold.DEFAULT_WAIT)); // "at least one minute"
        }
    }

    @Property(tries = 2000)
    void anAnswerHoldsOnlyWhenItUsedTheLastRequestAndThenUntilTheReset(@ForAll("replies") Reply r) {
        if (r.refusal()) {
            return;
        }
        Optional<Instant> until = r.holdUntil(NOW);
        boolean lastRequest = r.exhausted() && r.resetEpoch() != null && r.resetEpoch() > NOW.getEpochSecond();
        assertThat(until.isPresent()).isEqualTo(lastRequest);
        until.ifPresent(u -> assertThat(u)
                .isEqualTo(min(Instant.ofEpochSecond(r.resetEpoch()), NOW.plus(GitHubRateHold.MAX_HOLD))));
    }

    @Property(tries = 500)
    void a403WithoutAnyRateLimitSignIsNoHold(@ForAll("replies") Reply r) {
        Reply scope = new Reply(403, null, r.exhausted() ? null : r.remaining(), r.reset(), SCOPE);
        assertThat(scope.holdUntil(NOW)).isEmpty(); // a missing scope stays AUTH and is not waited out
    }

    @Property(tries = 2000)
    void garbledHeadersNeverThrowAndNeverHoldForever(@ForAll @IntRange(min = 100, max = 599) int status,
            @ForAll String retryAfter, @ForAll String remaining, @ForAll String reset, @ForAll String body) {
        Optional<Instant> until = GitHubRateHold.holdUntil(status, retryAfter, remaining, reset, body, NOW);
        until.ifPresent(u -> assertThat(u).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(GitHubRateHold.MAX_HOLD)));
        if (status == 429) {
            assertThat(until).isPresent();
        }
    }

    /** A step of a run: the clock moves, then (maybe) one reply arrives. */
    record Step(Duration advance, Reply reply) {}

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Duration> advance = Arbitraries.longs().between(0, 90_000).map(Duration::ofMillis);
        return Combinators.combine(advance, replies().injectNull(0.4)).as(Step::new).list().ofMaxSize(30);
    }

    /**
     * Over any run of replies and clock moves, the hold is in force exactly while some reply's own hold is not over
     * yet, and always reports the latest such instant. A reply that arrives while held is one that was already in
     * flight (a concurrent call): it can lengthen the hold, never shorten it.
     */
    @Property(tries = 1000)
    void theSharedHoldIsInForceExactlyUntilTheLatestInstantAnyReplyAskedFor(@ForAll("runs") List<Step> run) {
        GitHubRateHold hold = new GitHubRateHold();
        Instant now = NOW;
        Instant latest = Instant.MIN; // the oracle: the latest instant any reply so far asked to wait until
        for (Step step : run) {
            now = now.plus(step.advance());
            boolean held = now.isBefore(latest);
            Optional<GitHubRateHold.Hold> active = hold.active(now);
            assertThat(active.isPresent()).as("held at %s (until %s)", now, latest).isEqualTo(held);
            if (held) {
                assertThat(active.get().until()).isEqualTo(latest);
            }
            if (step.reply() == null) {
                continue;
            }
            Reply r = step.reply();
            Optional<Instant> asked = r.holdUntil(now);
            Optional<GitHubRateHold.Hold> after = hold.observe("get-issue", r.status(), r.retryAfter(), r.remaining(),
                    r.reset(), r.body(), now);
            Instant before = latest;
            assertThat(after.map(GitHubRateHold.Hold::until))
                    .isEqualTo(asked.map(a -> held && before.isAfter(a) ? before : a));
            if (asked.isPresent() && asked.get().isAfter(latest)) {
                latest = asked.get();
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
