package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The T3 breaker over any order of outcomes. */
class T3BreakerProperties {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    enum Outcome { FAILED, ACCEPTED, PROBE_OK, PROBE_FAILED }

    @Provide
    Arbitrary<List<Outcome>> outcomes() {
        return Arbitraries.of(Outcome.class).list().ofMaxSize(40);
    }

    private static T3Breaker.Step step(T3Breaker b, Outcome o, int i) {
        return switch (o) {
            case FAILED -> b.dispatchFailed(T0.plusSeconds(i), "failure " + i);
            case ACCEPTED -> b.dispatchSucceeded();
            case PROBE_OK -> b.probed(true);
            case PROBE_FAILED -> b.probed(false);
        };
    }

    /** Open exactly when the last threshold outcomes that count (dispatches and working probes) were failures. */
    @Property(tries = 1000)
    void openExactlyAfterThresholdFailuresInARowSinceTheLastSuccessOrWorkingProbe(
            @ForAll @IntRange(min = 1, max = 5) int threshold, @ForAll("outcomes") List<Outcome> outcomes) {
        T3Breaker b = T3Breaker.closed(threshold);
        int run = 0;
        boolean open = false;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            b = step(b, o, i).breaker();
            switch (o) {
                case FAILED -> {
                    run++;
                    open = open || run >= threshold;
                }
                case ACCEPTED -> {
                    run = 0;
                    open = false;
                }
                case PROBE_OK -> {
                    if (open) {
                        run = 0;
                        open = false;
                    }
                }
                case PROBE_FAILED -> {
                }
            }
            assertThat(b.open()).as("after %s", outcomes.subList(0, i + 1)).isEqualTo(open);
            assertThat(b.allowsDispatch()).isEqualTo(!open);
        }
    }

    /** Every trip is followed by a recovery before the next trip, and each is reported once, with a change. */
    @Property(tries = 1000)
    void tripsAndRecoveriesAlternateAndEachIsReportedOnce(@ForAll @IntRange(min = 1, max = 5) int threshold,
            @ForAll("outcomes") List<Outcome> outcomes) {
        T3Breaker b = T3Breaker.closed(threshold);
        StringBuilder changes = new StringBuilder();
        for (int i = 0; i < outcomes.size(); i++) {
            boolean before = b.open();
            T3Breaker.Step s = step(b, outcomes.get(i), i);
            b = s.breaker();
            assertThat(s.change()).isEqualTo(before == b.open() ? T3Breaker.Change.NONE
                    : b.open() ? T3Breaker.Change.TRIPPED : T3Breaker.Change.RECOVERED);
            if (s.change() != T3Breaker.Change.NONE) {
                changes.append(s.change() == T3Breaker.Change.TRIPPED ? 'T' : 'R');
            }
        }
        assertThat(changes.toString()).doesNotContain("TT", "RR").doesNotStartWith("R");
    }

    /** Only a working probe or an accepted dispatch closes an open breaker: a failed probe never does. */
    @Property(tries = 500)
    void failedProbesNeverClose(@ForAll @IntRange(min = 1, max = 5) int threshold,
            @ForAll @IntRange(min = 0, max = 20) int probes) {
        T3Breaker b = T3Breaker.closed(threshold);
        for (int i = 0; i < threshold; i++) {
            b = b.dispatchFailed(T0, "down").breaker();
        }
        Instant since = b.openSince();
        for (int i = 0; i < probes; i++) {
            b = b.probed(false).breaker();
        }
        assertThat(b.open()).isTrue();
        assertThat(b.openSince()).isEqualTo(since);
        assertThat(b.probed(true).breaker().open()).isFalse();
    }
}
