package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.plane.PlaneStatus;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.TrackerModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Holds kept in the tracker (issue 12, docs/ARCHITECTURE.md §3.1), in the Forgejo dialect. */
class HoldsE2ETest extends E2eSupport {

    static final String HOLD = "afk-hold";

    PlaneStatus status() {
        return (PlaneStatus) plane.context().getRegistry().lookupByName("planeStatus");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> skipped() {
        return (Map<String, Object>) ((Map<String, Object>) status().view().get("lastPoll")).get("skipped");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> holdsView() {
        return (List<Map<String, Object>>) status().view().get("holds");
    }

    @Test
    void aPersonsHoldStopsDispatchInItsRepoOnlyAndClosingItResumes() {
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/tools");
        sandbox.readyIssue("acme/widgets", "Add a health endpoint", "", Behaviour.SUCCEEDS);
        sandbox.readyIssue("acme/tools", "Speed up the build", "", Behaviour.SUCCEEDS);
        TrackerModel.Issue hold = sandbox.model().createIssue("acme/widgets", "Freeze: release week", "No merges.",
                Sandbox.MAINTAINER, false, HOLD);
        startPlane("acme/widgets,acme/tools");

        plane.poll();

        assertThat(labels("acme/widgets", 1)).as("held").contains(READY).doesNotContain(IN_PROGRESS);
        assertThat(labels("acme/tools", 1)).as("another repo is not held").contains(IN_PROGRESS);
        assertThat(skipped()).containsEntry("acme/widgets#1", "HELD: held by acme/widgets#" + hold.number());
        assertThat(holdsView()).singleElement().satisfies(h -> {
            assertThat(h).containsEntry("scope", "acme/widgets").containsEntry("kind", "human")
                    .containsEntry("issue", "acme/widgets#" + hold.number()).containsEntry("openedBy", "person")
                    .containsEntry("evidence", "Freeze: release week");
            assertThat(h.get("since").toString()).isNotBlank();
        });
        assertThat(status().dashboard()).contains("Holds", "acme/widgets#" + hold.number(), "Freeze: release week");
        assertThat(labels("acme/widgets", hold.number())).as("AFK never touches a person's hold").containsExactly(HOLD);

        sandbox.model().setOpen("acme/widgets", hold.number(), false, "completed");
        plane.poll();

        assertThat(labels("acme/widgets", 1)).as("closing the hold resumes").contains(IN_PROGRESS);
        assertThat(holdsView()).isEmpty();
        assertNoContractViolations();
    }

    @Test
    void aHoldInTheControlRepoStopsTheWholeFleetWhileRunsInFlightAreStillWatched() {
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/tools");
        sandbox.repo("acme/ops");
        sandbox.readyIssue("acme/widgets", "Add a health endpoint", "", Behaviour.SUCCEEDS);
        startPlane("acme/widgets,acme/tools", Map.of("afk.control-repo", "acme/ops"));
        plane.poll();
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS);

        TrackerModel.Issue hold = sandbox.model().createIssue("acme/ops", "Provider outage", "Pause all.",
                Sandbox.MAINTAINER, false, HOLD);
        sandbox.readyIssue("acme/tools", "Speed up the build", "", Behaviour.SUCCEEDS);
        roundsUntil(() -> !issue("acme/widgets", 1).open(), 30);

        assertThat(labels("acme/tools", 1)).as("the fleet is held").contains(READY).doesNotContain(IN_PROGRESS);
        assertThat(skipped()).containsEntry("acme/tools#1", "HELD: held by acme/ops#" + hold.number());
        assertThat(holdsView()).singleElement().satisfies(h -> assertThat(h).containsEntry("scope", "*")
                .containsEntry("kind", "human"));

        sandbox.model().setOpen("acme/ops", hold.number(), false, "completed");
        plane.poll();
        assertThat(labels("acme/tools", 1)).contains(IN_PROGRESS);
        assertNoContractViolations();
    }

    List<TrackerModel.Issue> afkHolds(String repo) {
        return sandbox.model().issues(repo).stream()
                .filter(i -> i.labels().contains(HOLD) && Sandbox.AFK_LOGIN.equals(i.author())).toList();
    }

    List<String> holdBells() {
        return sandbox.slack().messages().stream().map(m -> m.path("text").asText(""))
                .filter(t -> t.startsWith("AFK hold ")).toList();
    }

    void mainIs(String repo, String state) {
        String head = sandbox.model().defaultHead(repo).orElseThrow();
        sandbox.model().addStatus(repo, head, "ci/build", state, "state " + state, "http://ci.sandbox/main");
    }

    @Test
    void aRedDefaultBranchOpensOneHoldIssueWithOneDoorbellAndAfkClosesItOnceGreenTwice() {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Add a health endpoint", "", Behaviour.SUCCEEDS);
        mainIs("acme/widgets", "failure");
        startPlane("acme/widgets");

        plane.poll();

        assertThat(afkHolds("acme/widgets")).singleElement().satisfies(h -> {
            assertThat(h.open()).isTrue();
            assertThat(h.body()).contains("<!-- afk:hold kind=red-main repo=acme/widgets -->", "ci/build",
                    "two consecutive checks");
        });
        int hold = afkHolds("acme/widgets").get(0).number();
        assertThat(labels("acme/widgets", 1)).as("no dispatch while main is red").doesNotContain(IN_PROGRESS);
        assertThat(holdBells()).singleElement().satisfies(t -> assertThat(t).startsWith(
                "AFK hold acme/widgets#" + hold + ":").contains("ci/build"));

        for (int i = 0; i < 3; i++) {
            clock.advance(java.time.Duration.ofMinutes(2));
            plane.poll(); // checked again after AFK_BREAKER_CHECK_MINUTES: still red, still the one hold
        }
        assertThat(afkHolds("acme/widgets")).hasSize(1);
        assertThat(holdBells()).hasSize(1);
        assertThat(skipped()).containsEntry("acme/widgets#1", "HELD: held by acme/widgets#" + hold);
        assertThat(holdsView()).singleElement().satisfies(h -> assertThat(h).containsEntry("kind", "red-main")
                .containsEntry("openedBy", "afk"));

        mainIs("acme/widgets", "success");
        clock.advance(java.time.Duration.ofMinutes(5));
        plane.poll();
        assertThat(issue("acme/widgets", hold).open()).as("green once is not enough").isTrue();
        assertThat(labels("acme/widgets", 1)).doesNotContain(IN_PROGRESS);

        clock.advance(java.time.Duration.ofMinutes(5));
        plane.poll();
        assertThat(issue("acme/widgets", hold).open()).as("AFK closes its own hold, green twice").isFalse();
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS);
        assertThat(holdBells()).hasSize(1);
        assertNoContractViolations();
    }

    @Test
    void aRestartDuringATripStillLeavesExactlyOneHoldIssue() {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Add a health endpoint", "", Behaviour.SUCCEEDS);
        mainIs("acme/widgets", "failure");
        startPlane("acme/widgets");
        plane.poll();
        assertThat(afkHolds("acme/widgets")).hasSize(1);

        restartPlane("acme/widgets");
        plane.poll();
        restartPlane("acme/widgets");
        plane.poll();

        assertThat(afkHolds("acme/widgets")).as("found again by its marker").hasSize(1);
        assertThat(holdBells()).hasSize(1);
        assertThat(labels("acme/widgets", 1)).doesNotContain(IN_PROGRESS);
        assertNoContractViolations();
    }

    @Test
    void threeEscalationsWithTheSameReasonHoldTheRepo() {
        sandbox.repo("acme/widgets");
        for (int i = 1; i <= 3; i++) {
            sandbox.readyIssue("acme/widgets", "Refactor part " + i, "", Behaviour.ERRORS);
        }
        startPlane("acme/widgets");
        plane.poll();
        roundsUntil(() -> java.util.stream.IntStream.rangeClosed(1, 3)
                .allMatch(n -> labels("acme/widgets", n).contains(HUMAN)), 90);
        int fourth = sandbox.readyIssue("acme/widgets", "Refactor part 4", "", Behaviour.SUCCEEDS).number();
        plane.poll();
        plane.poll();

        assertThat(afkHolds("acme/widgets")).singleElement().satisfies(h -> assertThat(h.body())
                .contains("<!-- afk:hold kind=escalations repo=acme/widgets reason=AGENT_FAILED -->",
                        "acme/widgets#1", "acme/widgets#2", "acme/widgets#3"));
        int hold = afkHolds("acme/widgets").get(0).number();
        assertThat(labels("acme/widgets", fourth)).as("held").contains(READY).doesNotContain(IN_PROGRESS);
        assertThat(holdBells()).singleElement().satisfies(t -> assertThat(t).startsWith(
                "AFK hold acme/widgets#" + hold + ":"));
        assertThat(sandbox.slack().messages()).as("three hand-offs and one hold doorbell").hasSize(4);

        sandbox.model().setOpen("acme/widgets", hold, false, "completed");
        plane.poll();
        plane.poll();
        assertThat(labels("acme/widgets", fourth)).as("a person closed the hold: dispatch resumes").contains(IN_PROGRESS);
        assertThat(afkHolds("acme/widgets")).as("the escalations counted do not trip again").hasSize(1);
        assertNoContractViolations();
    }
}
