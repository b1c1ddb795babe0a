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
}
