package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhaseMarkersTest {

    private static final Instant AT = Instant.parse("2026-01-05T10:30:00Z");
    private static final String SHA = "1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b";

    private static PhaseReport report(Phase phase, String sha) {
        return new PhaseReport(phase, sha, AT);
    }

    static Stream<Arguments> singleLines() {
        return Stream.of(
                Arguments.of("bare tests-red", "AFK-PHASE: tests-red", report(Phase.TESTS_RED, null)),
                Arguments.of("bare green", "AFK-PHASE: green", report(Phase.GREEN, null)),
                Arguments.of("pushed with a full sha", "AFK-PHASE: pushed " + SHA, report(Phase.PUSHED, SHA)),
                Arguments.of("pushed with a 7-char sha", "AFK-PHASE: pushed 1a2b3c4", report(Phase.PUSHED, "1a2b3c4")),
                Arguments.of("upper-case sha is lower-cased", "AFK-PHASE: pushed " + SHA.toUpperCase(),
                        report(Phase.PUSHED, SHA)),
                Arguments.of("surrounding blanks", "   AFK-PHASE: green \t", report(Phase.GREEN, null)),
                Arguments.of("no blank after the colon", "AFK-PHASE:green", report(Phase.GREEN, null)),
                Arguments.of("in backticks", "`AFK-PHASE: tests-red`", report(Phase.TESTS_RED, null)),
                Arguments.of("in double backticks", "``AFK-PHASE: green``", report(Phase.GREEN, null)),
                Arguments.of("after a dash bullet", "- AFK-PHASE: green", report(Phase.GREEN, null)),
                Arguments.of("after a star bullet, in backticks", "* `AFK-PHASE: pushed " + SHA + "`",
                        report(Phase.PUSHED, SHA)),
                Arguments.of("after a plus bullet", "+ AFK-PHASE: tests-red", report(Phase.TESTS_RED, null)));
    }

    @ParameterizedTest(name = "{0} is a marker")
    @MethodSource("singleLines")
    void aMarkerLineIsReported(String name, String line, PhaseReport expected) {
        assertThat(PhaseMarkers.parse(line, AT)).containsExactly(expected);
    }

    static Stream<Arguments> ignoredLines() {
        return Stream.of(
                Arguments.of("unknown phase", "AFK-PHASE: deployed"),
                Arguments.of("AFK-observed phase", "AFK-PHASE: ci-green"),
                Arguments.of("dispatched is not the agent's to report", "AFK-PHASE: dispatched"),
                Arguments.of("pushed without a sha", "AFK-PHASE: pushed"),
                Arguments.of("pushed with a placeholder", "AFK-PHASE: pushed <full 40-char sha>"),
                Arguments.of("pushed with a 6-char sha", "AFK-PHASE: pushed 1a2b3c"),
                Arguments.of("pushed with a 41-char sha", "AFK-PHASE: pushed " + SHA + "a"),
                Arguments.of("pushed with non-hex", "AFK-PHASE: pushed 1a2b3c4g"),
                Arguments.of("green with trailing words", "AFK-PHASE: green (all tests pass)"),
                Arguments.of("sha with trailing period", "AFK-PHASE: pushed " + SHA + "."),
                Arguments.of("in the middle of a sentence", "Next I will report AFK-PHASE: green when done"),
                Arguments.of("quoted in prose", "I wrote `AFK-PHASE: green` above"),
                Arguments.of("lower-case keyword", "afk-phase: green"),
                Arguments.of("upper-case phase", "AFK-PHASE: GREEN"),
                Arguments.of("unbalanced backticks", "`AFK-PHASE: green"),
                Arguments.of("blockquote", "> AFK-PHASE: green"),
                Arguments.of("two markers on one line", "AFK-PHASE: tests-red AFK-PHASE: green"));
    }

    @ParameterizedTest(name = "{0} is ignored")
    @MethodSource("ignoredLines")
    void anythingButAWholeMarkerLineIsIgnored(String name, String line) {
        assertThat(PhaseMarkers.parse(line, AT)).isEmpty();
    }

    @Test
    void severalMarkersInOneMessageAreReportedInOrder() {
        String text = """
                I wrote a failing test for the empty name.

                AFK-PHASE: tests-red

                Now the fix:
                - AFK-PHASE: green
                Pushed it.
                `AFK-PHASE: pushed %s`
                """.formatted(SHA);
        assertThat(PhaseMarkers.parse(text, AT)).containsExactly(
                report(Phase.TESTS_RED, null), report(Phase.GREEN, null), report(Phase.PUSHED, SHA));
    }

    @Test
    void windowsAndOldMacLineBreaksSeparateLinesToo() {
        assertThat(PhaseMarkers.parse("AFK-PHASE: tests-red\r\nAFK-PHASE: green\rdone", AT))
                .containsExactly(report(Phase.TESTS_RED, null), report(Phase.GREEN, null));
    }

    @Test
    void everyReportCarriesTheMessageTime() {
        List<PhaseReport> reports = PhaseMarkers.parse("AFK-PHASE: green\nAFK-PHASE: pushed 1a2b3c4", AT);
        assertThat(reports).extracting(PhaseReport::at).containsOnly(AT);
    }

    @Test
    void noTextMeansNoReports() {
        assertThat(PhaseMarkers.parse(null, AT)).isEmpty();
        assertThat(PhaseMarkers.parse("", AT)).isEmpty();
    }
}
