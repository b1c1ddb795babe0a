package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.SandboxScript;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fix-forward that learns (issue 12, item 4), end to end in the Forgejo dialect ({@link GitHubCiLearnsE2ETest}
 * speaks GitHub's): the same failure twice ends the run after one round, and CI's own error never reaches the agent.
 */
class CiLearnsE2ETest extends E2eSupport {

    static final String REPO = "acme/tools";

    double counter(String name, String... tags) {
        MeterRegistry registry = plane.context().getRegistry().findSingleByType(MeterRegistry.class);
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    String thread1() {
        return RunIds.threadId(key(REPO, 1), 1);
    }

    @Test
    void theSameFailingContextAndDescriptionTwiceEndsCiRepeatedAfterOneRound() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Speed up the build", "40 minutes.", Behaviour.CI_RED_SAME);
        startPlane(REPO);
        plane.poll();

        roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 40);
        for (int i = 0; i < 3; i++) {
            round(); // nothing more: no second round, no second doorbell
        }

        assertThat(sandbox.t3().turnsFor(thread1())).as("first turn + exactly one fix-forward round").hasSize(2);
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("CI_REPEATED");
        assertThat(r.fixForward()).isEqualTo(1);
        assertThat(r.evidence()).contains("the same checks failed again", SandboxScript.CI_CONTEXT,
                "WidgetCacheTest.evictsOldest failed");
        assertThat(afkComments(REPO, 1).get(0).body()).contains("`CI_REPEATED`", "**Evidence:**",
                "failed exactly as before it");
        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS, READY);
        assertThat(sandbox.slack().messages()).as("one doorbell").hasSize(1);
        assertThat(sandbox.slack().messages().get(0).toString()).contains("CI_REPEATED", SandboxScript.CI_CONTEXT);
        assertThat(counter("afk.escalations", "reason", "CI_REPEATED")).isEqualTo(1.0);
        assertNoContractViolations();
    }

    /** Pumps the agent to its push and CI's error, and lets AFK see it: the infra clock is in the marker. */
    private void untilCiErrored() {
        roundsUntil(() -> record(REPO, 1).map(RunRecord::ciInfraSince).isPresent(), 20);
    }

    @Test
    void aStatusErrorSendsNoFixForwardTurnAndEscalatesCiInfraAfterTheGrace() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Speed up the build", "40 minutes.", Behaviour.CI_ERRORS);
        startPlane(REPO, Map.of("afk.ci-infra-grace-minutes", "10"));
        plane.poll();
        untilCiErrored();
        for (int i = 0; i < 5; i++) {
            round();
        }

        assertThat(sandbox.t3().turnsFor(thread1())).as("no fix-forward turn for CI's own error").hasSize(1);
        assertThat(labels(REPO, 1)).contains(IN_PROGRESS).doesNotContain(HUMAN);
        assertThat(sandbox.slack().messages()).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        plane.watch(); // past the grace, counted from when AFK first saw the error: hand the issue back

        assertThat(labels(REPO, 1)).contains(HUMAN).doesNotContain(IN_PROGRESS);
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("CI_INFRA");
        assertThat(r.fixForward()).isZero();
        assertThat(r.evidence()).contains("infrastructure error", "not the agent's failure",
                "AFK_CI_INFRA_GRACE_MINUTES 10", "runner lost");
        assertThat(sandbox.t3().turnsFor(thread1())).hasSize(1);
        assertThat(sandbox.slack().messages()).hasSize(1);
        assertThat(sandbox.slack().messages().get(0).toString()).contains("CI_INFRA", "runner lost");
        assertThat(counter("afk.escalations", "reason", "CI_INFRA")).isEqualTo(1.0);
        assertNoContractViolations();
    }

    @Test
    void aRecoveryToGreenWithinTheGraceClosesNormally() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Speed up the build", "40 minutes.", Behaviour.CI_ERRORS);
        startPlane(REPO, Map.of("afk.ci-infra-grace-minutes", "10"));
        plane.poll();
        untilCiErrored();

        // Someone re-runs CI; it passes, and the deploy job follows.
        clock.advance(Duration.ofMinutes(5));
        String sha = record(REPO, 1).orElseThrow().sha();
        sandbox.model().addStatus(REPO, sha, SandboxScript.CI_CONTEXT, "success", "re-run: all 42 tests passed",
                "http://ci.sandbox/" + sha + "/2");
        sandbox.model().addStatus(REPO, sha, "deploy", "success", "deployed to production",
                "http://deploy.sandbox/" + sha);
        roundsUntil(() -> !issue(REPO, 1).open(), 10);

        assertThat(sandbox.t3().turnsFor(thread1())).hasSize(1);
        RunRecord r = record(REPO, 1).orElseThrow();
        assertThat(r.endReason()).isEqualTo("closed");
        assertThat(r.ciInfraSince()).as("the green superseded the error").isNull();
        assertThat(labels(REPO, 1)).doesNotContain(IN_PROGRESS, HUMAN);
        assertThat(sandbox.slack().messages()).isEmpty();
        assertNoContractViolations();
    }
}
