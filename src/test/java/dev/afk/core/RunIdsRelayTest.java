package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The relay turn's ids (issue 10): derived from the batch, so a re-send is the same command. */
class RunIdsRelayTest {

    private static final String THREAD = "71684cdd-60c1-56ca-84ea-1d16449d32d8";

    @Test
    void theRelayIdsAreUuid5OfTheThreadAndTheBatchKey() {
        // Computed independently with Python's uuid.uuid5 under RunIds.NAMESPACE.
        assertThat(RunIds.relayCommandId(THREAD, "c12")).isEqualTo("b6dd4c10-262f-51a4-b46e-b18c433785a2");
        assertThat(RunIds.relayMessageId(THREAD, "c12")).isEqualTo("b6af1e69-bd3b-50f5-98c9-54aebe1d88d9");
    }

    @Test
    void aBatchIsNamedByItsFirstCommentElseByTheTextHashAndTheTurnCount() {
        assertThat(RunIds.relayKey(List.of(12L, 15L), "ab", 3)).isEqualTo("c12");
        assertThat(RunIds.relayKey(List.of(12L), null, 1)).isEqualTo("c12");
        assertThat(RunIds.relayKey(List.of(), "ab", 3)).isEqualTo("bab-3");
        assertThat(RunIds.relayKey(null, "ab", 4)).isEqualTo("bab-4");
        assertThatThrownBy(() -> RunIds.relayKey(List.of(), null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunIds.relayCommandId(THREAD, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunIds.relayCommandId("", "c1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void relayIdsAreDeterministicDistinctPerBatchAndNeverAnotherCommandsId(@ForAll long a, @ForAll long b) {
        String ka = RunIds.relayKey(List.of(a), null, 1);
        String kb = RunIds.relayKey(List.of(b), null, 1);
        assertThat(RunIds.relayCommandId(THREAD, ka)).isEqualTo(RunIds.relayCommandId(THREAD, ka));
        assertThat(RunIds.relayCommandId(THREAD, ka).equals(RunIds.relayCommandId(THREAD, kb))).isEqualTo(a == b);
        assertThat(RunIds.relayCommandId(THREAD, ka)).isNotEqualTo(RunIds.relayMessageId(THREAD, ka))
                .isNotEqualTo(RunIds.turnCommandId(THREAD)).isNotEqualTo(RunIds.fixForwardCommandId(THREAD, 1))
                .isNotEqualTo(RunIds.interruptCommandId(THREAD, 1));
    }
}
