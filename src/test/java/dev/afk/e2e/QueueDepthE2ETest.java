package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.Behaviour;
import dev.afk.sim.SimFault;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-repo queue depth (issue 11 item 5), end to end: {@code afk.queue.depth{repo}} exists at 0 for every
 * allowlisted repo from start, counts the ready issues still waiting after each poll tick (not the one dispatched,
 * not one a person took), and a failed listing keeps the repo's last value.
 */
class QueueDepthE2ETest extends E2eSupport {

    private double depth(String repo) {
        MeterRegistry registry = plane.context().getRegistry().findSingleByType(MeterRegistry.class);
        Gauge g = registry.find("afk.queue.depth").tag("repo", repo).gauge();
        assertThat(g).as("afk.queue.depth{repo=%s} is registered", repo).isNotNull();
        return g.value();
    }

    @Test
    void theDepthIsZeroFromStartThenCountsTheWaitingIssuesAndAFailedListingKeepsTheLastValue() {
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/gadgets");
        sandbox.readyIssue("acme/widgets", "First", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/widgets", "Second", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/widgets", "Third", "", Behaviour.STALLS);
        startPlane("acme/widgets,acme/gadgets", Map.of("afk.max-in-flight", "5"));

        assertThat(depth("acme/widgets")).as("before the first poll").isZero();
        assertThat(depth("acme/gadgets")).isZero();

        plane.poll();

        assertThat(labels("acme/widgets", 1)).as("precondition: one run per repo").contains(IN_PROGRESS);
        assertThat(depth("acme/widgets")).as("three ready, one dispatched: two wait").isEqualTo(2.0);
        assertThat(depth("acme/gadgets")).as("a repo with none").isZero();

        sandbox.model().addLabel("acme/widgets", 3, HUMAN, dev.afk.sim.Sandbox.MAINTAINER);
        clock.advance(Duration.ofMinutes(1));
        plane.poll();
        assertThat(depth("acme/widgets")).as("a person took #3: one waits").isEqualTo(1.0);

        sandbox.trackerSim().inject(SimFault.reply("GET", "/api/v1/repos/acme/widgets/issues", 500,
                "{\"message\":\"injected failure\"}", -1));
        sandbox.model().addLabel("acme/widgets", 2, HUMAN, dev.afk.sim.Sandbox.MAINTAINER);
        clock.advance(Duration.ofMinutes(1));
        plane.poll();
        sandbox.trackerSim().clearFaults();
        assertThat(sandbox.trackerSim().requests()).as("precondition: the listing failed")
                .anyMatch(r -> r.path().equals("/api/v1/repos/acme/widgets/issues") && r.status() == 500);

        assertThat(depth("acme/widgets")).as("a failed listing keeps the last value").isEqualTo(1.0);
        assertThat(depth("acme/gadgets")).isZero();

        clock.advance(Duration.ofMinutes(1));
        plane.poll();
        assertThat(depth("acme/widgets")).as("read again: none waits").isZero();
    }
}
