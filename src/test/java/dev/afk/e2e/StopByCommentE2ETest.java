package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Sandbox;
import dev.afk.sim.T3Simulator.ControlCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /afk stop} end to end (issue 9, item 4): a comment by a user allowed to steer (here: write access, read from
 * the tracker's collaborator permission, since AFK_TRUSTED_LABELERS is empty) stops the agent and hands the issue
 * back as STOPPED_BY_PERSON; the same comment by a read-only user, a bot or AFK itself is ignored, with one logged
 * reason, and the run goes on.
 */
class StopByCommentE2ETest extends E2eSupport {

    static final String REPO = "acme/widgets";

    String thread1() {
        return RunIds.threadId(key(REPO, 1), 1);
    }

    List<ControlCommand> interrupts() {
        return sandbox.t3().controlsFor(thread1()).stream()
                .filter(c -> c.type().equals("thread.turn.interrupt")).toList();
    }

    /** A run whose agent keeps working on its first turn; AFK may read permissions (Forgejo: as a repo admin). */
    void runningAgent() {
        sandbox.repo(REPO);
        sandbox.model().setRole(REPO, Sandbox.AFK_LOGIN, "admin");
        sandbox.model().setRole(REPO, "wes", "write");
        sandbox.model().setRole(REPO, "rita", "read");
        startStallingRun(REPO);
    }

    @Test
    void aStopByAUserWithWriteAccessStopsTheAgentAndHandsTheIssueBack() {
        runningAgent();
        sandbox.model().addComment(REPO, 1, "/afk stop\nthis is going the wrong way", "wes");

        plane.watch();
        assertThat(interrupts()).as("one interrupt, with the attempt's derived command id").singleElement()
                .extracting(ControlCommand::commandId).isEqualTo(RunIds.interruptCommandId(thread1(), 1));
        assertThat(sandbox.slack().messages()).as("no doorbell before the stop is confirmed").isEmpty();

        roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 5);
        assertThat(interrupts()).as("still one interrupt").hasSize(1);
        assertThat(sandbox.t3().thread(thread1()).orElseThrow().sessionStatus()).isNotEqualTo("running");
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS, "ready-for-agent");
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("STOPPED_BY_PERSON");
        assertThat(r.stop().stoppedAt()).as("the stop was confirmed").isNotNull();
        assertThat(sandbox.slack().messages()).as("one doorbell naming who stopped it").singleElement()
                .asString().contains("wes");
        rounds(2);
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(interrupts()).hasSize(1);
        assertNoContractViolations();
    }

    @Test
    void aStopByAReadOnlyUserABotOrAfkItselfIsIgnoredWithOneLoggedReason() {
        runningAgent();
        try (AfkLog log = AfkLog.attach()) {
            sandbox.model().addComment(REPO, 1, "/afk stop", "rita");
            sandbox.model().addComment(REPO, 1, "/afk stop", Sandbox.AFK_LOGIN);
            rounds(3);

            assertThat(interrupts()).as("nobody allowed to steer asked").isEmpty();
            assertThat(labels(REPO, 1)).contains(IN_PROGRESS).doesNotContain(HUMAN);
            assertThat(record(REPO, 1).orElseThrow().ended()).isFalse();
            assertThat(log.containing("ignored /afk stop issue=" + REPO + "#1")).as(String.join("\n", log.lines()))
                    .singleElement().asString().contains("by=rita");
        }
        assertThat(sandbox.slack().messages()).isEmpty();
        assertNoContractViolations();
    }

    void rounds(int n) {
        for (int i = 0; i < n; i++) {
            round();
        }
    }
}
