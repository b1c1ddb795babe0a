package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.AttemptHistory.Entry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptHistoryTest {

    static final IssueKey KEY = IssueKey.of("acme/widgets", 43);
    static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    static final String SHA = "1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b";

    static RunRecord ended(int attempt, int hour, String reason, String evidence) {
        Instant at = T.plusSeconds(3_600L * hour);
        return RunRecord.dispatched(attempt, "thread-" + attempt, at, "base").withPhase(Phase.TESTS_RED,
                at.plusSeconds(600)).ended(reason).withEvidence(evidence);
    }

    @Test
    void theMarkerSitsOnTheLineBeforeTheStateMarkerWhichStaysReadableAndLast() {
        RunRecord two = RunRecord.dispatched(2, "thread-2", T.plusSeconds(7_200), "base");
        List<Entry> history = AttemptHistory.next(List.of(), ended(1, 0, "AGENT_FAILED", "boom <!-- --> `x`"));
        String body = AttemptHistory.withHistory(PhaseChecklist.render(KEY, two), history);
        assertThat(body).contains("\n<!-- afk:history {\"attempt\":1,\"outcome\":\"AGENT_FAILED\",\"phase\":\"tests-red\","
                + "\"sha\":null,\"evidence\":\"boom \\u003c!-- --\\u003e `x`\",\"dispatchedAt\":\"2026-01-05T09:00:00Z\","
                + "\"since\":\"2026-01-05T09:10:00Z\"} -->\n<!-- afk:state ");
        assertThat(body.indexOf(AttemptHistory.MARKER_START)).isLessThan(body.indexOf(PhaseChecklist.MARKER_START));
        assertThat(PhaseChecklist.parse(body)).contains(two);
        assertThat(AttemptHistory.parse(body)).isEqualTo(new AttemptHistory.Read(history, false));
    }

    @Test
    void noHistoryLeavesTheRenderedTextAsItWas() {
        String rendered = PhaseChecklist.render(KEY, RunRecord.dispatched(1, "thread-1", T, null));
        assertThat(AttemptHistory.withHistory(rendered, List.of())).isEqualTo(rendered);
        assertThat(AttemptHistory.carry(rendered, rendered)).isEqualTo(rendered);
        assertThat(AttemptHistory.parse(rendered)).isEqualTo(new AttemptHistory.Read(List.of(), false));
        assertThat(AttemptHistory.parse(null)).isEqualTo(new AttemptHistory.Read(List.of(), false));
    }

    @Test
    void nextAddsTheEndedAttemptNewestFirstKeepsThreeAndReplacesTheSameAttempt() {
        List<Entry> h = List.of();
        for (int a = 1; a <= 4; a++) {
            h = AttemptHistory.next(h, ended(a, a, "CI_EXHAUSTED", "red " + a));
        }
        assertThat(h).extracting(Entry::attempt).containsExactly(4, 3, 2);
        // A re-done dispatch adds the same attempt again: the same history.
        assertThat(AttemptHistory.next(h.subList(1, 3), ended(4, 4, "CI_EXHAUSTED", "red 4"))).isEqualTo(h);
        assertThat(AttemptHistory.next(h, ended(4, 4, "CI_EXHAUSTED", "red 4"))).isEqualTo(h);
    }

    @Test
    void aRefreshHandOffOrCloseCarriesTheHistory() {
        List<Entry> history = AttemptHistory.next(List.of(), ended(1, 0, "AGENT_FAILED", "boom"));
        RunRecord two = RunRecord.dispatched(2, "thread-2", T.plusSeconds(7_200), "base");
        String stored = AttemptHistory.withHistory(PhaseChecklist.render(KEY, two), history);
        RunRecord later = two.withPhase(Phase.GREEN, T.plusSeconds(9_000));
        String refreshed = AttemptHistory.carry(PhaseChecklist.render(KEY, later), stored);
        assertThat(AttemptHistory.parse(refreshed).entries()).isEqualTo(history);
        assertThat(PhaseChecklist.parse(refreshed)).contains(later);
        // Carried again unchanged: the watch's "did the text change" comparison stays quiet.
        assertThat(AttemptHistory.carry(PhaseChecklist.render(KEY, later), refreshed)).isEqualTo(refreshed);
    }

    @Test
    void aGarbledMarkerReadsAsUnreadableNeverAsAnException() {
        for (String garbled : List.of("<!-- afk:history -->", "<!-- afk:history {\"attempt\":1} -->",
                "<!-- afk:history {\"attempt\":\"one\",\"outcome\":null,\"phase\":\"green\",\"sha\":null,"
                        + "\"evidence\":null,\"dispatchedAt\":\"2026-01-05T09:00:00Z\",\"since\":\"2026-01-05T09:00:00Z\"} -->",
                "<!-- afk:history {\"attempt\":1,\"outcome\":null,\"phase\":\"done\",\"sha\":null,\"evidence\":null,"
                        + "\"dispatchedAt\":\"x\",\"since\":\"2026-01-05T09:00:00Z\"} -->",
                "<!-- afk:history [1,2,3] -->", "<!-- afk:history {", "<!-- afk:history ")) {
            assertThat(AttemptHistory.parse("text\n" + garbled + "\nmore")).as(garbled)
                    .isEqualTo(new AttemptHistory.Read(List.of(), true));
        }
    }

    @Test
    void commentsFallInTheWindowOfTheAttemptTheyFollow() {
        RunRecord one = ended(1, 0, "AGENT_FAILED", "boom"); // since 09:10
        RunRecord two = ended(2, 2, "CI_EXHAUSTED", "red"); // dispatched 11:00, since 11:10
        List<Entry> history = AttemptHistory.next(AttemptHistory.next(List.of(), one), two);
        PersonComment during1 = new PersonComment("bob", T.plusSeconds(60), "before the cut-off");
        PersonComment after1 = new PersonComment("bob", T.plusSeconds(600), "after attempt 1");
        PersonComment during2 = new PersonComment("carol", T.plusSeconds(7_300), "while attempt 2 ran");
        PersonComment after2 = new PersonComment("dan", T.plusSeconds(9_000), "after attempt 2");
        List<EarlierAttempt> earlier = AttemptHistory.earlier(history, List.of(after2, during1, after1, during2));
        assertThat(earlier).extracting(EarlierAttempt::attempt).containsExactly(2, 1);
        assertThat(earlier.get(0).comments()).containsExactly(after2);
        assertThat(earlier.get(0).outcome()).isEqualTo("CI_EXHAUSTED");
        assertThat(earlier.get(0).evidence()).isEqualTo("red");
        assertThat(earlier.get(1).comments()).containsExactly(after1);
        assertThat(earlier).allMatch(EarlierAttempt::commentsRead);
        assertThat(AttemptHistory.earlier(history, List.of(after2, after1), after2.at()).get(0).comments()).isEmpty();
        assertThat(AttemptHistory.since(history)).isEqualTo(one.progressAt());
        assertThat(AttemptHistory.since(List.of())).isNull();
        assertThat(AttemptHistory.earlier(history, null)).noneMatch(EarlierAttempt::commentsRead)
                .allMatch(a -> a.comments().isEmpty());
    }
}
