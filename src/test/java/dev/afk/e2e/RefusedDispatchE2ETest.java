package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * T3 answers a re-sent command with the same refusal, so a dispatch it refuses can never start for that attempt.
 * Such an issue is handed back once instead of failing every tick; after a fix, a re-queue starts attempt 2.
 */
class RefusedDispatchE2ETest extends E2eSupport {

    @Test
    void aDispatchT3RefusesIsHandedBackOnceAndARequeueAfterTheFixStartsAttemptTwo() {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Add a /healthz endpoint", "k8s", Behaviour.SUCCEEDS);
        startPlane("acme/widgets", Map.of("afk.t3-projects", "acme/widgets=no-such-project"));

        plane.poll();
        plane.poll();

        assertThat(sandbox.t3().threads()).as("T3 refused the thread").isEmpty();
        assertThat(labels("acme/widgets", 1)).contains(HUMAN).doesNotContain(READY, IN_PROGRESS);
        assertThat(record("acme/widgets", 1).orElseThrow().endReason()).isEqualTo("AGENT_FAILED");
        assertThat(sandbox.slack().messages()).as("one doorbell").hasSize(1);
        assertThat(sandbox.slack().messages().get(0).toString()).contains("T3 refused the dispatch");

        // The operator fixes the project mapping; a person re-queues the issue.
        plane.close();
        plane = null;
        startPlane("acme/widgets");
        sandbox.model().removeLabel("acme/widgets", 1, HUMAN, Sandbox.MAINTAINER);
        sandbox.model().addLabel("acme/widgets", 1, READY, Sandbox.MAINTAINER);
        plane.poll();

        assertThat(sandbox.t3().thread(RunIds.threadId(key("acme/widgets", 1), 2))).isPresent();
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS).doesNotContain(READY, HUMAN);
        assertNoContractViolations();
    }
}
