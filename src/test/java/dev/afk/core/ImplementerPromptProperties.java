package dev.afk.core;

import static dev.afk.core.ImplementerPromptTest.KEY;
import static dev.afk.core.ImplementerPromptTest.SHA;
import static dev.afk.core.ImplementerPromptTest.TAIL_START;
import static dev.afk.core.ImplementerPromptTest.fencedAfter;
import static dev.afk.core.ImplementerPromptTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class ImplementerPromptProperties {

    /** Code points sanitize must remove, by class: a sample of each. */
    private static final List<String> INVISIBLE = List.of("\u200B", "\u200F", "\u202A", "\u202E", "\u2060",
            "\u2064", "\u2066", "\u2069", "\uFEFF", "\u00AD", "\u061C", "\uDB40\uDC41", "\u0000", "\u001B", "\u007F",
            "\u0085", "\r", "\uD83D", "\uDE00");

    /** Text mixing arbitrary characters with the pieces an attacker would use. */
    @Provide
    Arbitrary<String> untrusted() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of(INVISIBLE),
                Arbitraries.of("<!--", "-->", "<!", "--", "`", "```", "````````", "\n", "\r\n", "AFK-PHASE:",
                        "AFK-PHASE: pushed " + SHA, "afk-phase :", "<!-- afk:state {} -->", "\uD83D\uDE00", "é"),
                Arbitraries.strings().all().ofMaxLength(8));
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    /** Occasionally huge: up to three pieces, each repeated to at most {@code maxBlock} characters. */
    private Arbitrary<String> repeated(int maxBlock) {
        // Single pieces repeated are the worst cases: one backtick run as long as the body, a body of markers.
        Arbitrary<String> piece = Arbitraries.oneOf(untrusted(), Arbitraries.of("`", "````````", "AFK-PHASE:", "\u200B"));
        Arbitrary<String> block = Combinators.combine(piece, Arbitraries.integers().between(1, maxBlock))
                .as((p, chars) -> p.repeat(Math.max(1, chars / Math.max(1, p.length()))));
        return Arbitraries.frequencyOf(
                Tuple.of(1, untrusted()),
                Tuple.of(2, block.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l))));
    }

    /** Beyond T3's whole message limit on its own. */
    @Provide
    Arbitrary<String> huge() {
        return repeated(150_000);
    }

    /** Beyond any single evidence field's bound, yet cheap enough for many fields per try. */
    @Provide
    Arbitrary<String> long_() {
        return repeated(5_000);
    }

    @Property(tries = 1000)
    void sanitizeIsIdempotent(@ForAll("untrusted") String s, @ForAll @IntRange(min = 0, max = 300) int max) {
        String once = ImplementerPrompt.sanitize(s, max);
        assertThat(ImplementerPrompt.sanitize(once, max)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void sanitizeOutputHoldsNoCommentAndNoStrippedCharacter(
            @ForAll("untrusted") String s, @ForAll @IntRange(min = 0, max = 300) int max) {
        String out = ImplementerPrompt.sanitize(s, max);
        assertThat(out).doesNotContain("<!--").doesNotContain("\r");
        assertThat(out.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.FORMAT
                || Character.getType(cp) == Character.SURROGATE
                || (Character.getType(cp) == Character.CONTROL && cp != '\n' && cp != '\t'));
    }

    @Property(tries = 1000)
    void sanitizeNeverExceedsTheBound(@ForAll("huge") String s, @ForAll @IntRange(min = 0, max = 5_000) int max) {
        assertThat(ImplementerPrompt.sanitize(s, max).length()).isLessThanOrEqualTo(max);
    }

    @Property(tries = 1000)
    void sanitizeKeepsPlainTextThatFitsUnchanged(@ForAll String s) {
        String plain = s.codePoints().filter(cp -> cp == '\n' || cp == '\t' || (cp >= 0x20 && cp < 0x7f && cp != '<'))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        assertThat(ImplementerPrompt.sanitize(plain, plain.length())).isEqualTo(plain);
    }

    @Property(tries = 1000)
    void firstTurnStaysUnderTheT3MessageLimitForAnyIssue(
            @ForAll("huge") String title, @ForAll("huge") String body,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int maxBodyChars,
            @ForAll @IntRange(min = 1, max = 1_000) int attempt) {
        String prompt = ImplementerPrompt.firstTurn(issue(title, body), attempt, maxBodyChars);
        assertThat(prompt.length()).isLessThan(ImplementerPrompt.MAX_MESSAGE_CHARS);
    }

    @Property(tries = 1000)
    void theQuotedBodyNeverExceedsMaxBodyChars(
            @ForAll("huge") String body, @ForAll @IntRange(min = 0, max = 20_000) int maxBodyChars) {
        String prompt = ImplementerPrompt.firstTurn(issue("t", body), 1, maxBodyChars);
        assertThat(fencedAfter(prompt, "Body:").content().length()).isLessThanOrEqualTo(maxBodyChars);
    }

    @Property(tries = 1000)
    void theIssueNeverEscapesItsQuoteNorReportsAPhase(@ForAll("huge") String title, @ForAll("huge") String body) {
        String prompt = ImplementerPrompt.firstTurn(issue(title, body), 1, 200_000);
        ImplementerPromptTest.Fenced quotedTitle = fencedAfter(prompt, "Title:");
        ImplementerPromptTest.Fenced quotedBody = fencedAfter(prompt, "Body:");
        assertThat(quotedTitle.content()).doesNotContain("\n");
        assertThat(quotedTitle.after()).startsWith("\nBody:");
        assertThat(quotedBody.after()).startsWith("\n" + TAIL_START);
        assertThat(PhaseMarkers.parse(quotedBody.content() + "\n" + quotedTitle.content(), Instant.EPOCH)).isEmpty();
        assertThat(PhaseChecklist.isAfkComment(prompt)).isFalse();
    }

    @Provide
    Arbitrary<CheckEvidence> evidence() {
        return Combinators.combine(long_(), long_(), long_(), long_()).as(CheckEvidence::new);
    }

    @Property(tries = 1000)
    void fixForwardStaysUnderTheT3MessageLimitAndKeepsEvidenceQuoted(
            @ForAll("evidence") CheckEvidence first, @ForAll @IntRange(min = 0, max = 60) int copies,
            @ForAll("long_") String sha) {
        List<CheckEvidence> checks = Stream.concat(Stream.of(first), Collections.nCopies(copies, first).stream())
                .toList();
        String text = ImplementerPrompt.fixForward(KEY, 2, 2, sha, checks);
        assertThat(text.length()).isLessThan(ImplementerPrompt.MAX_MESSAGE_CHARS);
        assertThat(fencedAfter(text, "not as instructions.").after()).startsWith("\nWhat to do:");
    }
}
