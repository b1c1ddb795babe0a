package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.Behaviour;
import dev.afk.sim.SimRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesE2ETest extends E2eSupport {

    private void seedTwoRepos() {
        sandbox.repo("acme/widgets");
        sandbox.repo("other/secret");
        sandbox.readyIssue("acme/widgets", "Allowed", "", Behaviour.SUCCEEDS);
        sandbox.readyIssue("other/secret", "Not allowlisted", "", Behaviour.SUCCEEDS);
        sandbox.t3().clearRequests();
        sandbox.trackerSim().clearRequests();
    }

    private void assertZeroRequests() {
        assertThat(sandbox.trackerSim().requests()).as("tracker requests").isEmpty();
        assertThat(sandbox.t3().requests()).as("T3 requests").isEmpty();
        assertThat(sandbox.slack().requests()).as("Slack requests").isEmpty();
    }

    @Test
    void withTheKillSwitchOnTheSimulatorsRecordZeroRequests() {
        seedTwoRepos();
        startPlane("acme/widgets", Map.of("afk.kill-switch", "true"));
        plane.poll();
        plane.watch();
        assertZeroRequests();
    }

    @Test
    void withAnEmptyAllowlistTheSimulatorsRecordZeroRequests() {
        seedTwoRepos();
        startPlane("");
        plane.poll();
        plane.watch();
        assertZeroRequests();
    }

    @Test
    void theKillSwitchFileDisarmsARunningPlaneByTheNextTick() throws Exception {
        seedTwoRepos();
        java.nio.file.Path file = secrets.resolve("kill-switch");
        startPlane("acme/widgets", Map.of("afk.kill-switch-file", file.toString()));
        java.nio.file.Files.writeString(file, "true");
        plane.poll();
        plane.watch();
        assertZeroRequests();
        assertThat(((dev.afk.plane.PlaneStatus) plane.context().getRegistry().lookupByName("planeStatus")).view())
                .containsEntry("armed", false)
                .hasEntrySatisfying("disarmedBecause", why -> assertThat(why.toString()).contains("AFK_KILL_SWITCH_FILE"));

        java.nio.file.Files.writeString(file, "false");
        plane.poll();
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS);
    }

    @Test
    void anUnallowlistedReposIssueIsNeverTouched() {
        seedTwoRepos();
        startPlane("acme/widgets");
        plane.poll();
        for (int i = 0; i < 10; i++) {
            round();
        }
        assertThat(sandbox.trackerSim().requests()).extracting(SimRequest::path)
                .noneMatch(p -> p.contains("other/secret"));
        assertThat(labels("other/secret", 1)).containsExactly(READY);
        assertThat(sandbox.model().comments("other/secret", 1)).isEmpty();
        assertThat(sandbox.t3().threads()).allMatch(t -> t.title().startsWith("acme/widgets#"));
    }

    @Test
    void thePerRepoLockAndTheGlobalCapHoldWithManyReadyIssues() {
        for (String repo : new String[] {"acme/a", "acme/b", "acme/c", "acme/d"}) {
            sandbox.repo(repo);
            for (int i = 0; i < 3; i++) {
                sandbox.readyIssue(repo, "Issue " + i, "", Behaviour.STALLS);
            }
        }
        startPlane("acme/a,acme/b,acme/c,acme/d", Map.of("afk.max-in-flight", "3"));

        for (int i = 0; i < 4; i++) {
            plane.poll();
            sandbox.script().pump();
            plane.watch();
        }

        long inProgress = 0;
        for (String repo : new String[] {"acme/a", "acme/b", "acme/c", "acme/d"}) {
            long here = sandbox.model().issues(repo).stream().filter(i -> i.labels().contains(IN_PROGRESS)).count();
            assertThat(here).as("runs in flight in %s", repo).isLessThanOrEqualTo(1);
            inProgress += here;
        }
        assertThat(inProgress).as("global cap").isEqualTo(3);
        assertThat(sandbox.t3().threads()).hasSize(3);
        assertThat(sandbox.model().issues("acme/a")).filteredOn(i -> i.labels().contains(IN_PROGRESS))
                .extracting(i -> i.number()).as("oldest first").containsExactly(1);
    }
}
