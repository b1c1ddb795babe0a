package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EscalationE2ETest extends E2eSupport {

    @Test
    void anAgentErrorHandsTheIssueToAHumanWithOneDoorbellAndAHumanRequeueStartsAttemptTwo() {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Refactor the widget cache", "Split it.", Behaviour.ERRORS);
        startPlane("acme/widgets");
        plane.poll();

        roundsUntil(() -> labels("acme/widgets", 1).contains(HUMAN), 20);
        for (int i = 0; i < 3; i++) {
            round(); // later ticks must not ring again or touch the issue
        }

        assertThat(labels("acme/widgets", 1)).contains(HUMAN).doesNotContain(IN_PROGRESS, READY);
        assertThat(issue("acme/widgets", 1).open()).isTrue();
        RunRecord ended = record("acme/widgets", 1).orElseThrow();
        assertThat(ended.ended()).isTrue();
        assertThat(ended.endReason()).isEqualTo("AGENT_FAILED");
        assertThat(sandbox.slack().messages()).as("exactly one doorbell").hasSize(1);
        String packet = sandbox.slack().messages().get(0).toString();
        String thread1 = RunIds.threadId(key("acme/widgets", 1), 1);
        assertThat(packet).contains("acme/widgets#1", "out of memory", thread1);

        // A person reads the hand-off and puts the issue back in the queue.
        sandbox.model().removeLabel("acme/widgets", 1, HUMAN, Sandbox.MAINTAINER);
        sandbox.model().addLabel("acme/widgets", 1, READY, Sandbox.MAINTAINER);
        sandbox.script().behave("acme/widgets#1", Behaviour.SUCCEEDS);
        plane.poll();

        String thread2 = RunIds.threadId(key("acme/widgets", 1), 2);
        assertThat(thread2).isNotEqualTo(thread1);
        assertThat(sandbox.t3().thread(thread2)).as("attempt 2 on a new thread").isPresent();
        assertThat(record("acme/widgets", 1).orElseThrow().attempt()).isEqualTo(2);
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS).doesNotContain(READY, HUMAN);
        assertNoContractViolations();
    }

    @Test
    void ciRedPastTheFixForwardBudgetEscalatesCiExhausted() {
        sandbox.repo("acme/tools");
        sandbox.readyIssue("acme/tools", "Speed up the build", "40 minutes.", Behaviour.CI_RED_FOREVER);
        startPlane("acme/tools");
        plane.poll();

        roundsUntil(() -> labels("acme/tools", 1).contains(HUMAN), 60);

        String threadId = RunIds.threadId(key("acme/tools", 1), 1);
        assertThat(sandbox.t3().turnsFor(threadId)).as("first turn + 2 fix-forward rounds").hasSize(3);
        RunRecord r = record("acme/tools", 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("CI_EXHAUSTED");
        assertThat(r.fixForward()).isEqualTo(2);
        assertThat(sandbox.slack().messages()).hasSize(1);
        JsonNode packet = sandbox.slack().messages().get(0);
        assertThat(packet.toString()).contains("acme/tools#1", "ci/build");
        assertThat(r.evidence()).as("the record keeps the evidence").contains("ci/build");
        assertThat(afkComments("acme/tools", 1).get(0).body())
                .as("the evidence is on the issue, where the person lands, not only in Slack")
                .contains("**Evidence:**", "ci/build", "http://ci.sandbox/");
        assertThat(labels("acme/tools", 1)).doesNotContain(IN_PROGRESS);
        assertNoContractViolations();
    }

    @Test
    void aTurnThatFinishesWithoutPushingIsHandedBack() {
        sandbox.repo("acme/tools");
        sandbox.readyIssue("acme/tools", "Update the guide", "Lint step.", Behaviour.FINISHES_WITHOUT_PUSH);
        startPlane("acme/tools");
        plane.poll();

        roundsUntil(() -> labels("acme/tools", 1).contains(HUMAN), 20);

        assertThat(record("acme/tools", 1).orElseThrow().endReason()).isEqualTo("AGENT_FAILED");
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(sandbox.slack().messages().get(0).toString()).contains("without a push");
    }

    @Test
    void noProgressPastTheStallTimeoutIsEscalated() {
        sandbox.repo("acme/gadgets");
        sandbox.readyIssue("acme/gadgets", "Investigate the leak", "1 GB a day.", Behaviour.STALLS);
        startPlane("acme/gadgets");
        plane.poll();
        for (int i = 0; i < 5; i++) {
            round();
        }
        assertThat(labels("acme/gadgets", 1)).as("not yet stalled").contains(IN_PROGRESS).doesNotContain(HUMAN);

        clock.advance(Duration.ofMinutes(91)); // AFK_STALL_MINUTES defaults to 90
        plane.watch(); // ends the attempt and interrupts the agent; the hand-off waits for the stop (issue 9)
        assertThat(sandbox.slack().messages()).as("no doorbell before the stop is confirmed").isEmpty();
        plane.watch();

        assertThat(labels("acme/gadgets", 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
        assertThat(record("acme/gadgets", 1).orElseThrow().endReason()).isEqualTo("AGENT_FAILED");
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(sandbox.slack().messages().get(0).toString()).contains("no progress");
        assertNoContractViolations();
    }
}
