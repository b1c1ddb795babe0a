package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.AttemptHistory.Entry;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AttemptHistoryProperties {

    private static final IssueKey KEY = IssueKey.of("acme/widgets", 43);
    private final ImplementerPromptProperties texts = new ImplementerPromptProperties();

    private Arbitrary<String> text() {
        return Arbitraries.oneOf(texts.untrusted(), texts.long_(), Arbitraries.just(null),
                Arbitraries.of("<!-- afk:state {\"attempt\":9} -->", "-->", "<!-- afk:history {} -->"));
    }

    @Provide
    Arbitrary<RunRecord> endedRecords() {
        Arbitrary<Instant> at = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond);
        return Combinators.combine(Arbitraries.integers().between(1, 40), at, Arbitraries.of(Phase.class), text(),
                text(), text()).as((n, t, phase, sha, reason, evidence) -> RunRecord.dispatched(n, "th-" + n, t, null)
                .withPhase(phase, t.plusSeconds(60)).withSha(sha, t.plusSeconds(90)).ended(reason)
                .withEvidence(evidence));
    }

    @Provide
    Arbitrary<List<RunRecord>> endedLists() {
        return endedRecords().list().ofMaxSize(6);
    }

    @Property(tries = 500)
    void aWrittenHistoryReadsBackBoundedAndNeverHidesTheState(@ForAll("endedLists") List<RunRecord> ended,
                                                              @ForAll("endedRecords") RunRecord current) {
        List<Entry> history = List.of();
        for (RunRecord r : ended) {
            history = AttemptHistory.next(history, r);
        }
        assertThat(history.size()).isLessThanOrEqualTo(AttemptHistory.MAX_ENTRIES);
        assertThat(history).allMatch(e -> e.evidence() == null || e.evidence().length() <= RunRecord.MAX_EVIDENCE);
        String body = AttemptHistory.withHistory(PhaseChecklist.render(KEY, current), history);
        assertThat(PhaseChecklist.parse(body)).contains(current);
        assertThat(AttemptHistory.parse(body)).isEqualTo(new AttemptHistory.Read(history, false));
        String marker = AttemptHistory.marker(history);
        // One HTML comment: nothing inside can end it early or open another.
        assertThat(marker.indexOf("-->")).isEqualTo(marker.isEmpty() ? -1 : marker.length() - 3);
        assertThat(marker.lastIndexOf('<')).isLessThanOrEqualTo(0);
        assertThat(AttemptHistory.carry(PhaseChecklist.render(KEY, current), body)).isEqualTo(body);
    }

    @Property(tries = 1000)
    void parsingAnyTextIsTotalAndBounded(@ForAll("garbage") String body) {
        AttemptHistory.Read read = AttemptHistory.parse(body);
        assertThat(read.entries().size()).isLessThanOrEqualTo(AttemptHistory.MAX_ENTRIES);
        if (read.unreadable()) {
            assertThat(read.entries()).isEmpty();
        }
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> pieces = Arbitraries.oneOf(texts.untrusted(), Arbitraries.of(AttemptHistory.MARKER_START,
                "{", "}", "\"attempt\":1", ",", "\"phase\":\"green\"", "-->", " ", "null", "\"since\":\"x\""));
        return pieces.list().ofMaxSize(30).map(l -> String.join("", l));
    }
}
