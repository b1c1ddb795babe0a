package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RecordRecoveryTest {

    private static final IssueKey KEY = IssueKey.of("acme/widgets", 7);
    private static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

    private static String garbled(int attempt) {
        String body = PhaseChecklist.render(KEY, RunRecord.dispatched(attempt, RunIds.threadId(KEY, attempt), NOW));
        return body.replace("\"phase\":\"dispatched\"", "\"phase\":{\"x\":1}");
    }

    @Test
    void aRenderedRecordIsReadableAndAGarbledOneIsNot() {
        String body = PhaseChecklist.render(KEY, RunRecord.dispatched(2, RunIds.threadId(KEY, 2), NOW));
        assertThat(RecordRecovery.unreadable(body)).isFalse();
        assertThat(RecordRecovery.unreadable(garbled(2))).isTrue();
        assertThat(RecordRecovery.unreadable("a person's comment")).isFalse();
        assertThat(RecordRecovery.unreadable(null)).isFalse();
    }

    @Test
    void theAttemptComesFromTheVisibleHeader() {
        RunRecord r = RecordRecovery.recover(KEY, garbled(3), Set.of(), NOW);
        assertThat(r.attempt()).isEqualTo(3);
        assertThat(r.thread()).isEqualTo(RunIds.threadId(KEY, 3));
        assertThat(r.ended()).isFalse();
        assertThat(r.dispatchedAt()).isEqualTo(NOW);
    }

    @Test
    void aNewerThreadOnT3RaisesTheAttempt() {
        Set<String> fleet = Set.of(RunIds.threadId(KEY, 1), RunIds.threadId(KEY, 2), RunIds.threadId(KEY, 3));
        assertThat(RecordRecovery.recover(KEY, garbled(1), fleet, NOW).attempt()).isEqualTo(3);
    }

    @Test
    void withoutAHeaderTheAttemptIsOneOrWhatT3Knows() {
        String noHeader = "<!-- afk:state {broken -->";
        assertThat(RecordRecovery.headerAttempt(noHeader)).isZero();
        assertThat(RecordRecovery.recover(KEY, noHeader, Set.of(), NOW).attempt()).isEqualTo(1);
        assertThat(RecordRecovery.recover(KEY, noHeader, Set.of(RunIds.threadId(KEY, 2)), NOW).attempt())
                .as("thread 2 on T3 means attempt 2 ran").isEqualTo(2);
        assertThat(RecordRecovery.recover(KEY, noHeader, Set.of(RunIds.threadId(KEY, 3)), NOW).attempt())
                .as("a gap is not crossed: only consecutive attempts are believed").isEqualTo(1);
    }

    @Property(tries = 300)
    void theRecoveredAttemptIsNeverBelowTheHeaderNorAboveWhatT3Confirms(@ForAll @IntRange(min = 1, max = 40) int shown,
                                                                         @ForAll @IntRange(min = 0, max = 40) int onT3) {
        java.util.Set<String> fleet = new java.util.HashSet<>();
        for (int k = 1; k <= onT3; k++) {
            fleet.add(RunIds.threadId(KEY, k));
        }
        int attempt = RecordRecovery.recover(KEY, garbled(shown), fleet, NOW).attempt();
        assertThat(attempt).isEqualTo(Math.max(shown, onT3));
    }
}
