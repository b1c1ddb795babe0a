package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The rate-limit reserve over any figures. */
class RateReserveProperties {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    @Property(tries = 1000)
    void theTextFormReadsBack(@ForAll boolean percent, @ForAll @LongRange(min = 0, max = 100) long amount) {
        RateReserve r = new RateReserve(percent, amount);
        assertThat(RateReserve.parse(r.wire())).contains(r);
    }

    /** Fewer left never makes the budget less low; the reset always ends it. */
    @Property(tries = 2000)
    void lowIsMonotoneInWhatIsLeftAndEndsAtTheReset(@ForAll @IntRange(min = 0, max = 100) int pct,
            @ForAll @LongRange(min = 1, max = 100_000) long limit, @ForAll @LongRange(min = 0, max = 100_000) long left,
            @ForAll @LongRange(min = -3600, max = 3600) long resetIn) {
        RateReserve r = new RateReserve(true, pct);
        long reset = NOW.getEpochSecond() + resetIn;
        boolean low = r.low(left, limit, reset, NOW);
        if (low && left > 0) {
            assertThat(r.low(left - 1, limit, reset, NOW)).isTrue();
        }
        if (resetIn <= 0) {
            assertThat(low).isFalse();
        }
        if (resetIn > 0 && pct > 0) {
            assertThat(low).as("low means fewer left than the share, rounded up")
                    .isEqualTo(left * 100 < (long) pct * limit + 99 - ((long) pct * limit + 99) % 100);
            assertThat(r.threshold(limit)).isBetween((long) pct * limit / 100, (long) pct * limit / 100 + 1);
        }
        assertThat(r.low(-1, limit, reset, NOW)).as("unknown remaining is never low").isFalse();
    }
}
