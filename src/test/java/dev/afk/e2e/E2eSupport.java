package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Config;
import dev.afk.core.IssueKey;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.TrackerModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end tests run the real application (real YAML routes, real HTTP on loopback) against the sandbox's
 * simulators. Ticks are run by the test through the tick routes and the scripted agent is pumped by hand, so every
 * assertion sees a settled state and nothing sleeps.
 */
abstract class E2eSupport {

    static final String READY = "ready-for-agent";
    static final String IN_PROGRESS = "in-progress";
    static final String HUMAN = "ready-for-human";

    final TestClock clock = new TestClock(Instant.parse("2026-11-24T08:00:00Z"));
    @TempDir
    Path secrets;
    Sandbox sandbox;
    Plane plane;
    /** The cap the check holds the fleet to: the largest AFK_MAX_IN_FLIGHT of the planes this test started. */
    private int maxInFlightSeen = Config.fromMap(Map.of()).maxInFlight();
    private boolean planeStarted;
    private final FleetInvariants invariants = FleetInvariants.forSandbox(maxInFlightSeen);

    String tracker() {
        return "forgejo";
    }

    @BeforeEach
    void startSandbox() {
        sandbox = new Sandbox(clock, tracker(), 0, 0, 0, secrets, "deploy").start();
    }

    /**
     * Stops the plane, then checks the {@link FleetInvariants} over everything the simulators recorded, then stops
     * the simulators. Final, so no test can leave the check out; a test tells it only what it cannot know (Slack
     * was down) through {@link #slackWasDown()}.
     */
    @AfterEach
    final void stopEverything() {
        try {
            if (plane != null) {
                plane.close();
                plane = null;
            }
            invariants.assertHeld(sandbox);
        } finally {
            sandbox.close();
        }
    }

    /** Tells the invariant check that Slack was failing in this test, so a lost doorbell is not a violation. */
    void slackWasDown() {
        invariants.slackWasDown();
    }

    Plane startPlane(String allowlist) {
        return startPlane(allowlist, Map.of());
    }

    Plane startPlane(String allowlist, Map<String, String> extra) {
        Map<String, String> p = new java.util.LinkedHashMap<>(sandbox.afkProperties(allowlist));
        p.putAll(extra);
        plane = Plane.start(p, clock);
        Config config = plane.context().getRegistry().lookupByNameAndType("afkConfig", Config.class);
        maxInFlightSeen = planeStarted ? Math.max(maxInFlightSeen, config.maxInFlight()) : config.maxInFlight();
        planeStarted = true;
        invariants.maxInFlight(maxInFlightSeen);
        return plane;
    }

    void restartPlane(String allowlist) {
        plane.close();
        plane = null;
        startPlane(allowlist);
    }

    /**
     * A run whose agent works on its first turn for ever (never pushes, never finishes): issue 1 of {@code repo},
     * ready with {@link Behaviour#STALLS}, dispatched by a poll and started by a round. The repo (and any roles)
     * are set up by the caller; the stop and relay tests start from here.
     */
    void startStallingRun(String repo) {
        sandbox.readyIssue(repo, "Refactor the widget cache", "Split it.", Behaviour.STALLS);
        startPlane(repo);
        plane.poll();
        round();
        assertThat(sandbox.t3().thread(dev.afk.core.RunIds.threadId(key(repo, 1), 1)).orElseThrow().sessionStatus())
                .as("precondition: running").isEqualTo("running");
    }

    /** One round: the agent makes one step, then a watch tick and a poll tick run. */
    void round() {
        sandbox.script().pump();
        clock.advance(java.time.Duration.ofSeconds(5));
        plane.watch();
        plane.poll();
    }

    void roundsUntil(BooleanSupplier done, int max) {
        for (int i = 0; i < max && !done.getAsBoolean(); i++) {
            round();
        }
        assertThat(done.getAsBoolean()).as("reached within %d rounds", max).isTrue();
    }

    TrackerModel.Issue issue(String repo, int number) {
        return sandbox.model().issue(repo, number).orElseThrow();
    }

    Set<String> labels(String repo, int number) {
        return issue(repo, number).labels();
    }

    List<TrackerModel.Comment> afkComments(String repo, int number) {
        return sandbox.model().comments(repo, number).stream()
                .filter(c -> PhaseChecklist.isAfkComment(c.body())).toList();
    }

    Optional<RunRecord> record(String repo, int number) {
        List<TrackerModel.Comment> cs = afkComments(repo, number);
        return cs.isEmpty() ? Optional.empty() : PhaseChecklist.parse(cs.get(0).body());
    }

    static IssueKey key(String repo, int number) {
        return IssueKey.of(repo, number);
    }

    void assertNoContractViolations() {
        assertThat(sandbox.t3().violations()).as("T3 contract violations").isEmpty();
        assertThat(sandbox.slack().violations()).as("Slack contract violations").isEmpty();
        assertThat(sandbox.trackerSim().violations()).as("tracker contract violations").isEmpty();
    }
}
