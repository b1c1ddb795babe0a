package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AFK_RATELIMIT_RESERVE as written, and when GitHub's budget counts as low. */
class RateReserveTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final long RESET = NOW.getEpochSecond() + 600;

    static Stream<Arguments> parsing() {
        return Stream.of(
                Arguments.of("", Optional.of(new RateReserve(true, 10))),
                Arguments.of("10%", Optional.of(new RateReserve(true, 10))),
                Arguments.of(" 25 % ", Optional.of(new RateReserve(true, 25))),
                Arguments.of("500", Optional.of(new RateReserve(false, 500))),
                Arguments.of("0", Optional.of(new RateReserve(false, 0))),
                Arguments.of("0%", Optional.of(new RateReserve(true, 0))),
                Arguments.of("100%", Optional.of(new RateReserve(true, 100))),
                Arguments.of("101%", Optional.empty()),
                Arguments.of("-5", Optional.empty()),
                Arguments.of("ten", Optional.empty()),
                Arguments.of("%", Optional.empty()),
                Arguments.of("1.5%", Optional.empty()),
                Arguments.of("9999999999999", Optional.empty()));
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("parsing")
    void parses(String text, Optional<RateReserve> expected) {
        assertThat(RateReserve.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> lowness() {
        return Stream.of(
                Arguments.of("10%", 5000L, 4999L, RESET, false),
                Arguments.of("10%", 5000L, 500L, RESET, false),
                Arguments.of("10%", 5000L, 499L, RESET, true),
                Arguments.of("10%", 5000L, 0L, RESET, true),
                Arguments.of("10%", 60L, 5L, RESET, true),
                Arguments.of("10%", 60L, 6L, RESET, false),
                Arguments.of("10%", 15L, 1L, RESET, true), // 10% of 15 rounds up to 2
                Arguments.of("500", 5000L, 499L, RESET, true),
                Arguments.of("500", 5000L, 500L, RESET, false),
                Arguments.of("10%", 5000L, 100L, NOW.getEpochSecond(), false), // the reset came
                Arguments.of("10%", 5000L, 100L, -1L, false), // no reset seen
                Arguments.of("10%", -1L, -1L, -1L, false), // no header yet (Forgejo)
                Arguments.of("0", 5000L, 0L, RESET, false), // guard off
                Arguments.of("0%", 5000L, 0L, RESET, false));
    }

    @ParameterizedTest(name = "{0} of {1}, {2} left")
    @MethodSource("lowness")
    void isLowUnderTheReserveUntilTheReset(String reserve, long limit, long remaining, long reset, boolean low) {
        assertThat(RateReserve.parse(reserve).orElseThrow().low(remaining, limit, reset, NOW)).isEqualTo(low);
    }
}
