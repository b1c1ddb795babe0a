package dev.afk.core;

import static dev.afk.core.ImplementerPromptEarlierTest.blocks;
import static dev.afk.core.ImplementerPromptEarlierTest.section;
import static dev.afk.core.ImplementerPromptTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.ImplementerPromptEarlierTest.Block;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ImplementerPromptEarlierProperties {

    private final ImplementerPromptProperties texts = new ImplementerPromptProperties();

    private Arbitrary<String> text() {
        return Arbitraries.oneOf(texts.untrusted(), texts.long_(), Arbitraries.just(""), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<List<EarlierAttempt>> earlier() {
        Arbitrary<PersonComment> comment = Combinators.combine(text(), Arbitraries.longs().between(0, 1_000_000),
                text()).as((author, s, body) -> new PersonComment(author, Instant.EPOCH.plusSeconds(s), body));
        Arbitrary<EarlierAttempt> attempt = Combinators.combine(Arbitraries.integers().between(1, 50), text(),
                Arbitraries.of(Phase.class), text(), text(), comment.list().ofMaxSize(9), Arbitraries.of(true, false))
                .as((n, outcome, phase, sha, evidence, comments, read) ->
                        new EarlierAttempt(n, outcome, phase, sha, evidence, read ? comments : List.of(), read));
        return attempt.list().ofMaxSize(6);
    }

    @Property(tries = 500)
    void theSectionIsBoundedWhateverTheInput(@ForAll("earlier") List<EarlierAttempt> earlier,
                                             @ForAll("huge") String body) {
        String prompt = ImplementerPrompt.firstTurn(issue("t", body), 2, Integer.MAX_VALUE, earlier);
        assertThat(prompt.length()).isLessThan(ImplementerPrompt.MAX_MESSAGE_CHARS);
        if (!earlier.isEmpty()) {
            assertThat(section(prompt).length()).isLessThanOrEqualTo(ImplementerPrompt.MAX_EARLIER_SECTION_CHARS);
            assertThat(section(prompt).split("\n### Attempt ", -1).length - 1)
                    .isLessThanOrEqualTo(ImplementerPrompt.MAX_EARLIER_ATTEMPTS);
        }
    }

    @Provide
    Arbitrary<String> huge() {
        return texts.huge();
    }

    /**
     * Read as Markdown, the prompt's fenced blocks are exactly the quoted texts in order — the evidence and the latest
     * comments of each shown attempt, newest attempt first (a prefix of them, when the section was cut), then the
     * title and the body: no text closes its own quote, opens another, reports a phase or carries a marker.
     */
    @Property(tries = 500)
    void everyQuotedTextStaysInsideItsQuote(@ForAll("earlier") List<EarlierAttempt> earlier) {
        String prompt = ImplementerPrompt.firstTurn(issue("t", "b"), 2, 1_000, earlier);
        List<String> expected = new ArrayList<>();
        earlier.stream().sorted(Comparator.comparingInt(EarlierAttempt::attempt).reversed())
                .limit(ImplementerPrompt.MAX_EARLIER_ATTEMPTS).forEach(a -> {
                    if (a.evidence() != null && !a.evidence().isBlank()) {
                        expected.add(asRead(ImplementerPrompt.quoted(a.evidence(),
                                ImplementerPrompt.MAX_EARLIER_EVIDENCE_CHARS)));
                    }
                    List<PersonComment> cs = a.comments();
                    cs.subList(Math.max(0, cs.size() - ImplementerPrompt.MAX_EARLIER_COMMENTS), cs.size()).forEach(c ->
                            expected.add(asRead(ImplementerPrompt.quoted(c.body(), ImplementerPrompt.MAX_COMMENT_CHARS))));
                });
        List<Block> blocks = blocks(prompt);
        assertThat(blocks.size()).isGreaterThanOrEqualTo(2);
        List<String> quoted = blocks.subList(0, blocks.size() - 2).stream().map(Block::content).toList();
        assertThat(expected.subList(0, Math.min(expected.size(), quoted.size()))).isEqualTo(quoted);
        assertThat(blocks.get(blocks.size() - 2).label()).isEqualTo("Title:");
        assertThat(blocks.get(blocks.size() - 1).content()).isEqualTo("b");
        if (!earlier.isEmpty()) {
            assertThat(PhaseMarkers.parse(section(prompt), Instant.EPOCH)).isEmpty();
        }
        assertThat(PhaseChecklist.isAfkComment(prompt)).isFalse();
        assertThat(prompt).doesNotContain(AttemptHistory.MARKER_START);
    }

    @Property(tries = 300)
    void withoutEarlierAttemptsTheTextIsTheOldOneByteForByte(
            @ForAll("huge") String title, @ForAll("huge") String body,
            @ForAll @IntRange(min = 0, max = 30_000) int maxBodyChars, @ForAll @IntRange(min = 1, max = 9) int attempt) {
        assertThat(ImplementerPrompt.firstTurn(issue(title, body), attempt, maxBodyChars, List.of()))
                .isEqualTo(ImplementerPrompt.firstTurn(issue(title, body), attempt, maxBodyChars));
    }

    /** A quoted text as a Markdown reader gets it back from its fence: without the one final newline. */
    private static String asRead(String quoted) {
        return String.join("\n", quoted.lines().toList());
    }
}
