package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.Behaviour;
import dev.afk.sim.SimFault;
import org.junit.jupiter.api.Test;

class PoisonIssueE2ETest extends E2eSupport {

    @Test
    void anIssueWhoseTrackerCallsAlwaysFailDoesNotStopTheOthersInTheSameTick() {
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/gadgets");
        sandbox.readyIssue("acme/widgets", "Poison", "", Behaviour.SUCCEEDS);
        sandbox.readyIssue("acme/gadgets", "Healthy", "", Behaviour.SUCCEEDS);
        sandbox.trackerSim().inject(SimFault.reply(null, "/api/v1/repos/acme/widgets/issues/1(/.*)?", 500,
                "{\"message\":\"poison\"}", -1));
        startPlane("acme/widgets,acme/gadgets");

        plane.poll();

        assertThat(labels("acme/gadgets", 1)).contains(IN_PROGRESS).doesNotContain(READY);
        assertThat(labels("acme/widgets", 1)).containsExactly(READY);
        assertThat(sandbox.t3().threads()).hasSize(1);
        assertThat(sandbox.t3().threads().get(0).title()).isEqualTo("acme/gadgets#1");

        roundsUntil(() -> !issue("acme/gadgets", 1).open(), 30);
        assertThat(labels("acme/widgets", 1)).containsExactly(READY);
    }
}
