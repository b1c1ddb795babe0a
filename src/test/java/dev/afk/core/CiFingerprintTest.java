package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CiFingerprint}: examples of what is noise and what is the failure. */
class CiFingerprintTest {

    static CheckEvidence check(String context, String description) {
        return new CheckEvidence(context, "failure", description, "https://ci.example.com/" + context);
    }

    static Stream<Arguments> sameFailure() {
        return Stream.of(
                Arguments.of("case", "ci/build", "WidgetTest failed", "CI/Build", "widgettest FAILED"),
                Arguments.of("numbers", "ci/build", "expected 3 but was 4", "ci/build", "expected 5 but was 17"),
                Arguments.of("run id", "ci / test (push)", "job 81723 failed", "ci / test (push)", "job 9 failed"),
                Arguments.of("sha", "build", "at 1a2b3c4d5e6f", "build", "at 99887766aabbcc"),
                Arguments.of("uuid", "build", "run 8c1f3a1e-0b5b-4c1e-9d7e-3f1a2b3c4d5e lost",
                        "build", "run 00000000-1111-2222-3333-444444444444 lost"),
                Arguments.of("durations", "test", "failed after 1.2s", "test", "failed after 350 ms"),
                Arguments.of("minutes and seconds", "test", "timed out in 3m20s", "test", "timed out in 12 minutes"),
                Arguments.of("timestamps", "test", "at 2026-11-24T08:00:00.123Z", "test", "at 2025-01-02 23:59:59+01:00"),
                Arguments.of("clock times", "test", "started 08:00:01", "test", "started 17:42"),
                Arguments.of("blanks", "test", "  two   spaces ", "test", "two spaces"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameFailure")
    void noiseDoesNotChangeTheFingerprint(String name, String c1, String d1, String c2, String d2) {
        assertThat(CiFingerprint.of(List.of(check(c1, d1)))).isEqualTo(CiFingerprint.of(List.of(check(c2, d2))));
    }

    static Stream<Arguments> otherFailure() {
        return Stream.of(
                Arguments.of("another test", "ci/build", "WidgetTest.evictsOldest failed", "ci/build",
                        "WidgetTest.keepsNewest failed"),
                Arguments.of("another context", "ci/build", "failed", "ci/lint", "failed"),
                Arguments.of("a word that is hex letters only", "build", "defaced", "build", "effaced"),
                Arguments.of("a unit is not a number", "build", "took 5", "build", "took 5s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherFailure")
    void whatFailedChangesTheFingerprint(String name, String c1, String d1, String c2, String d2) {
        assertThat(CiFingerprint.of(List.of(check(c1, d1)))).isNotEqualTo(CiFingerprint.of(List.of(check(c2, d2))));
    }

    @Test
    void orderDuplicatesStatesAndLinksDoNotMatter() {
        CheckEvidence build = check("build", "compile error");
        CheckEvidence lint = check("lint", "tabs");
        CheckEvidence buildErrored = new CheckEvidence("build", "error", "compile error", "https://other/77");
        assertThat(CiFingerprint.of(List.of(build, lint)))
                .isEqualTo(CiFingerprint.of(List.of(lint, build)))
                .isEqualTo(CiFingerprint.of(List.of(lint, buildErrored, build)));
    }

    @Test
    void aFailureThatAddsAContextIsAnotherFailure() {
        CheckEvidence build = check("build", "compile error");
        assertThat(CiFingerprint.of(List.of(build)))
                .isNotEqualTo(CiFingerprint.of(List.of(build, check("lint", "tabs"))));
    }

    @Test
    void theFingerprintIsShortLowerCaseHex() {
        assertThat(CiFingerprint.of(List.of(check("build", "x")))).matches("[0-9a-f]{16}");
        assertThat(CiFingerprint.of(List.of())).matches("[0-9a-f]{16}");
    }

    @Test
    void theEntriesAreNormalisedAndSorted() {
        assertThat(CiFingerprint.entries(List.of(check("Test", "WidgetTest failed in 1.2s (run 4711)"),
                check("Build", "OK at 2026-11-24T08:00:00Z")))).containsExactly(
                "build: ok at <time>", "test: widgettest failed in <duration> (run #)");
    }
}
