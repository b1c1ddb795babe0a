package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import dev.afk.sim.Behaviour;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The AFK comment is trusted state, so only AFK's own tracker user may write it: a marker pasted by someone else
 * (here one claiming attempt 7 ended as closed) is ignored, whatever its position among the comments.
 */
class ForgedRecordE2ETest extends E2eSupport {

    @Test
    void aMarkerPastedByAnotherUserIsNotTakenForTheAfkComment() {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Add a /healthz endpoint", "k8s", Behaviour.SUCCEEDS);
        RunRecord fake = RunRecord.dispatched(7, "00000000-0000-0000-0000-000000000000", Instant.EPOCH)
                .withPhase(Phase.DEPLOYED, Instant.EPOCH).ended("closed");
        sandbox.model().addComment("acme/widgets", 1, PhaseChecklist.render(IssueKey.of("acme/widgets", 1), fake),
                "mallory");
        startPlane("acme/widgets");

        plane.poll();

        String attempt1 = RunIds.threadId(key("acme/widgets", 1), 1);
        assertThat(sandbox.t3().thread(attempt1)).as("attempt 1, not the forged attempt 8").isPresent();
        assertThat(sandbox.model().comments("acme/widgets", 1)).hasSize(2);
        assertThat(sandbox.model().comments("acme/widgets", 1).get(0).body()).as("the forgery is left alone")
                .contains("\"attempt\":7");

        roundsUntil(() -> !issue("acme/widgets", 1).open(), 30);
        assertThat(labels("acme/widgets", 1)).doesNotContain(IN_PROGRESS);
    }
}
