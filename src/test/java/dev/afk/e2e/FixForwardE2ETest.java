package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.sim.Behaviour;
import dev.afk.sim.SandboxScript;
import dev.afk.sim.T3Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixForwardE2ETest extends E2eSupport {

    @Test
    void ciRedOnceSendsExactlyOneCorrectiveTurnCarryingTheFailingContextThenCloses() {
        sandbox.repo("acme/gadgets");
        sandbox.readyIssue("acme/gadgets", "Fix the date parser", "29 Feb fails.", Behaviour.CI_RED_ONCE);
        startPlane("acme/gadgets");
        plane.poll();

        roundsUntil(() -> !issue("acme/gadgets", 1).open(), 40);

        String threadId = RunIds.threadId(key("acme/gadgets", 1), 1);
        List<T3Simulator.TurnRequest> turns = sandbox.t3().turnsFor(threadId);
        assertThat(turns).as("first turn + exactly one fix-forward").hasSize(2);
        assertThat(turns.get(1).commandId()).isEqualTo(RunIds.fixForwardCommandId(threadId, 1));
        assertThat(turns.get(1).text())
                .contains(SandboxScript.CI_CONTEXT)
                .contains("WidgetCacheTest.evictsOldest failed")
                .contains("http://ci.sandbox/");
        assertThat(sandbox.t3().threads()).as("still one thread").hasSize(1);
        assertThat(record("acme/gadgets", 1).orElseThrow().fixForward()).isEqualTo(1);
        assertThat(labels("acme/gadgets", 1)).doesNotContain(IN_PROGRESS, HUMAN);
        assertThat(sandbox.slack().messages()).isEmpty();
        assertNoContractViolations();
    }
}
