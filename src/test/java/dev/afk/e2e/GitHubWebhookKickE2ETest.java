package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Phase;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.SandboxScript;
import dev.afk.sim.WebhookSender;
import org.junit.jupiter.api.Test;

/**
 * The webhook kicks of {@link WebhookKickE2ETest} in the GitHub dialect, plus the commit events only GitHub sends:
 * a green {@code status} and a {@code deployment_status} close the issue within 2 s of their delivery, and a red
 * {@code status} or a failed {@code check_run} sends the fix-forward turn within 2 s. No watch tick is run by the
 * test: the kicks drive the run (the periodic poll runs once, to dispatch).
 */
class GitHubWebhookKickE2ETest extends WebhookKickE2ETest {

    @Override
    String tracker() {
        return "github";
    }

    @Test
    void aGreenStatusAndThenADeploymentStatusCloseTheIssueWithin2sOfTheirDelivery() throws Exception {
        String thread = pushedRun(Behaviour.SUCCEEDS);

        int mark = mark();
        sandbox.script().pump(); // CI reports: the ci/build status turns success
        long green = seenAt("ci-green", () -> phase() == Phase.CI_GREEN);
        assertWithin2s("ci-green", firstSince(mark, d -> d.event().equals("status")), green);

        String sha = record(REPO, 1).orElseThrow().sha();
        mark = mark();
        sandbox.model().addDeployment(REPO, sha, "production", "success");
        long closed = seenAt("closed", () -> !issue(REPO, 1).open());
        assertWithin2s("the close", firstSince(mark, d -> d.event().equals("deployment_status")), closed);

        settle();
        RunRecord last = record(REPO, 1).orElseThrow();
        assertThat(last.phase()).isEqualTo(Phase.DEPLOYED);
        assertThat(last.ended()).isTrue();
        assertThat(labels(REPO, 1)).doesNotContain(IN_PROGRESS, READY, HUMAN);
        assertThat(sandbox.t3().turnsFor(thread)).as("no fix-forward").hasSize(1);
        assertThat(afkComments(REPO, 1)).hasSize(1);
        assertOnlyKickedWatches();
        assertNoContractViolations();
    }

    @Test
    void aRedStatusSendsTheFixForwardTurnWithin2sOfItsDelivery() throws Exception {
        String thread = pushedRun(Behaviour.CI_RED_ONCE);

        int mark = mark();
        sandbox.script().pump(); // CI reports: the ci/build status turns failure
        long fixForward = seenAt("the fix-forward turn", () -> sandbox.t3().turnsFor(thread).size() == 2);
        WebhookSender.Delivery red = firstSince(mark, d -> d.event().equals("status"));
        assertWithin2s("the fix-forward turn", red, fixForward);

        settle();
        assertThat(sandbox.t3().turnsFor(thread)).hasSize(2);
        assertThat(sandbox.t3().turnsFor(thread).get(1).commandId()).isEqualTo(RunIds.fixForwardCommandId(thread, 1));
        assertThat(sandbox.t3().turnsFor(thread).get(1).text()).contains(SandboxScript.CI_CONTEXT);
        assertThat(record(REPO, 1).orElseThrow().fixForward()).isEqualTo(1);
        assertThat(sandbox.t3().threads()).as("still one thread").hasSize(1);
        assertOnlyKickedWatches();
        assertNoContractViolations();
    }

    @Test
    void aFailedCheckRunSendsTheFixForwardTurnWithin2sOfItsDelivery() throws Exception {
        String thread = pushedRun(Behaviour.CI_RED_ONCE);
        String sha = record(REPO, 1).orElseThrow().sha();

        int mark = mark();
        ((GitHubSimulator) sandbox.trackerSim()).addCheckRun(REPO, sha, "unit-tests", "completed", "failure",
                "http://ci.sandbox/checks/" + sha);
        long fixForward = seenAt("the fix-forward turn", () -> sandbox.t3().turnsFor(thread).size() == 2);
        WebhookSender.Delivery failed = firstSince(mark, d -> d.event().equals("check_run"));
        assertThat(failed.action()).isEqualTo("completed");
        assertWithin2s("the fix-forward turn", failed, fixForward);

        settle();
        assertThat(sandbox.t3().turnsFor(thread)).hasSize(2);
        assertThat(sandbox.t3().turnsFor(thread).get(1).text()).contains("unit-tests");
        assertThat(record(REPO, 1).orElseThrow().fixForward()).isEqualTo(1);
        assertOnlyKickedWatches();
        assertNoContractViolations();
    }

    /**
     * A run of issue 1 dispatched by one periodic poll and driven by kicks alone to {@code pushed}: the agent
     * starts, reports tests-red and green (T3 only: nothing is delivered), then pushes, which sets the pending
     * {@code ci/build} status, a {@code status} delivery that kicks the watch that records the push.
     */
    private String pushedRun(Behaviour behaviour) throws Exception {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Add a /healthz endpoint", "Kubernetes needs it.", behaviour);
        startWithWebhooks(REPO);
        periodicPoll();
        String thread = RunIds.threadId(key(REPO, 1), 1);
        assertThat(sandbox.t3().threads()).as("dispatched").hasSize(1);
        for (int step = 0; step < 4; step++) {
            sandbox.script().pump();
        }
        seenAt("the push recorded by a kicked watch", () -> phase() == Phase.PUSHED);
        return thread;
    }

    private Phase phase() {
        return record(REPO, 1).map(RunRecord::phase).orElse(null);
    }

    private void assertOnlyKickedWatches() {
        assertThat(kicks("watch")).as("the watch was kicked").isGreaterThanOrEqualTo(1);
        assertThat(ticks("watch")).as("every watch tick that ran was a kicked one").isEqualTo(kicks("watch"));
    }
}
