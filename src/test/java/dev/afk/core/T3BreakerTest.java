package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afk.core.T3Breaker.Change;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The T3 breaker's table: outcomes in order (F failed dispatch, S dispatch accepted, P+ / P- probe worked / failed). */
class T3BreakerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("nothing yet", 3, "", false, 0, "", Change.NONE),
                Arguments.of("two failures stay closed", 3, "F F", false, 2, "", Change.NONE),
                Arguments.of("the third in a row trips", 3, "F F F", true, 3, "T", Change.TRIPPED),
                Arguments.of("a success in between resets", 3, "F F S F F", false, 2, "", Change.NONE),
                Arguments.of("a threshold of one trips at once", 1, "F", true, 1, "T", Change.TRIPPED),
                Arguments.of("a failed probe keeps it open", 3, "F F F P-", true, 3, "T", Change.NONE),
                Arguments.of("a probe that works closes it", 3, "F F F P- P+", false, 0, "TR", Change.RECOVERED),
                Arguments.of("a failure while open trips nothing more", 3, "F F F F", true, 4, "T", Change.NONE),
                Arguments.of("a probe while closed changes nothing", 3, "F P+ P-", false, 1, "", Change.NONE),
                Arguments.of("after a recovery it counts from zero", 3, "F F F P+ F F", false, 2, "TR", Change.NONE),
                Arguments.of("and trips again", 3, "F F F P+ F F F", true, 3, "TRT", Change.TRIPPED),
                Arguments.of("a dispatch accepted while open closes it", 2, "F F S", false, 0, "TR",
                        Change.RECOVERED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void outcomesInOrder(String name, int threshold, String outcomes, boolean open, int failures, String changes,
            Change last) {
        T3Breaker b = T3Breaker.closed(threshold);
        StringBuilder seen = new StringBuilder();
        Change lastChange = Change.NONE;
        int minute = 0;
        for (String o : outcomes.isBlank() ? new String[0] : outcomes.split(" ")) {
            T3Breaker.Step step = switch (o) {
                case "F" -> b.dispatchFailed(T0.plusSeconds(60L * minute++), "t3 dispatch failed (SERVER, HTTP 503)");
                case "S" -> b.dispatchSucceeded();
                case "P+" -> b.probed(true);
                case "P-" -> b.probed(false);
                default -> throw new IllegalArgumentException(o);
            };
            b = step.breaker();
            lastChange = step.change();
            if (step.change() == Change.TRIPPED) {
                seen.append('T');
            } else if (step.change() == Change.RECOVERED) {
                seen.append('R');
            }
        }
        assertThat(b.open()).as("open").isEqualTo(open);
        assertThat(b.allowsDispatch()).isEqualTo(!open);
        assertThat(b.tick()).isEqualTo(open ? T3Breaker.TickKind.PROBE : T3Breaker.TickKind.DISPATCH);
        assertThat(b.failures()).as("failures").isEqualTo(failures);
        assertThat(seen.toString()).as("changes").isEqualTo(changes);
        assertThat(lastChange).isEqualTo(last);
    }

    @Test
    void theOpenBreakerSaysSinceWhenWhyAndWhatResumesIt() {
        T3Breaker b = T3Breaker.closed(2);
        b = b.dispatchFailed(T0, "first").breaker();
        b = b.dispatchFailed(T0.plusSeconds(60), "t3 dispatch failed (TIMEOUT): connect timed out").breaker();
        assertThat(b.openSince()).isEqualTo(T0.plusSeconds(60));
        assertThat(b.evidence()).isEqualTo("t3 dispatch failed (TIMEOUT): connect timed out");
        assertThat(b.why()).contains("2 dispatches in a row", "open since 2026-03-01T09:01:00Z",
                "AFK_T3_BREAKER_FAILURES=2", "no dispatch until a fleet read succeeds", "connect timed out");
        assertThat(T3Breaker.closed(3).why()).isEmpty();
    }

    @Test
    void aThresholdBelowOneIsRefused() {
        assertThatThrownBy(() -> T3Breaker.closed(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
