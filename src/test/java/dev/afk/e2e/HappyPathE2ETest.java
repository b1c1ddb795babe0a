package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Phase;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.T3Simulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HappyPathE2ETest extends E2eSupport {

    @Test
    void aReadyIssueIsDispatchedWalksEveryPhaseAndIsClosed() {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Add a /healthz endpoint", "Kubernetes needs it.", Behaviour.SUCCEEDS);
        startPlane("acme/widgets");

        plane.poll();

        String threadId = RunIds.threadId(key("acme/widgets", 1), 1);
        assertThat(sandbox.t3().threads()).extracting(T3Simulator.ThreadSnapshot::id).containsExactly(threadId);
        List<T3Simulator.TurnRequest> turns = sandbox.t3().turnsFor(threadId);
        assertThat(turns).hasSize(1);
        assertThat(turns.get(0).text())
                .contains("AFK-PHASE: tests-red", "AFK-PHASE: green", "AFK-PHASE: pushed")
                .contains("Add a /healthz endpoint", "Kubernetes needs it.");
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS).doesNotContain(READY);
        RunRecord first = record("acme/widgets", 1).orElseThrow();
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.thread()).isEqualTo(threadId);
        assertThat(first.phase()).isEqualTo(Phase.DISPATCHED);

        List<Phase> seen = new ArrayList<>();
        roundsUntil(() -> {
            record("acme/widgets", 1).map(RunRecord::phase).filter(p -> seen.isEmpty() || seen.get(seen.size() - 1) != p)
                    .ifPresent(seen::add);
            return !issue("acme/widgets", 1).open();
        }, 30);

        assertThat(seen).containsSubsequence(Phase.TESTS_RED, Phase.GREEN, Phase.PUSHED, Phase.CI_GREEN);
        RunRecord last = record("acme/widgets", 1).orElseThrow();
        assertThat(last.phase()).isEqualTo(Phase.DEPLOYED);
        assertThat(last.ended()).isTrue();
        assertThat(labels("acme/widgets", 1)).doesNotContain(IN_PROGRESS, READY, HUMAN);
        assertThat(afkComments("acme/widgets", 1)).as("one AFK comment, edited in place").hasSize(1);
        assertThat(afkComments("acme/widgets", 1).get(0).body())
                .contains("- [x] tests-red", "- [x] green", "- [x] pushed", "- [x] ci-green", "- [x] deployed");
        assertThat(sandbox.t3().turnsFor(threadId)).as("no fix-forward needed").hasSize(1);
        assertThat(sandbox.slack().messages()).as("no doorbell on success").isEmpty();
        assertNoContractViolations();
    }
}
