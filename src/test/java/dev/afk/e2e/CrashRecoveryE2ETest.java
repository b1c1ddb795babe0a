package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.RunIds;
import dev.afk.sim.Behaviour;
import dev.afk.sim.SimFault;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly once under crashes. A crash between two writes leaves the servers exactly as a failure of the second
 * write does, so each case makes the write after the crash point fail for good, stops the plane, starts a new one
 * (nothing in memory survives) and runs the next tick. The simulators must then hold exactly one thread and one
 * first turn for the issue, one AFK comment and consistent labels.
 */
class CrashRecoveryE2ETest extends E2eSupport {

    private static final String ISSUE_PATH = "/api/v1/repos/acme/widgets/issues/1";

    static Stream<Arguments> crashPoints() {
        return Stream.of(
                Arguments.of("after thread.create", (Consumer<E2eSupport>) t ->
                        t.sandbox.t3().inject(forever("POST", "/api/orchestration/dispatch"), "\"thread.turn.start\"")),
                Arguments.of("after thread.turn.start", (Consumer<E2eSupport>) t ->
                        t.sandbox.trackerSim().inject(forever("POST", ISSUE_PATH + "/comments"))),
                Arguments.of("after the AFK comment", (Consumer<E2eSupport>) t ->
                        t.sandbox.trackerSim().inject(forever("POST", ISSUE_PATH + "/labels"))),
                Arguments.of("after the first label write", (Consumer<E2eSupport>) t ->
                        t.sandbox.trackerSim().inject(forever("DELETE", ISSUE_PATH + "/labels/.*"))));
    }

    private static SimFault forever(String method, String path) {
        return SimFault.reply(method, path, 503, "{\"message\":\"crashed here\"}", -1);
    }

    @ParameterizedTest(name = "crash {0}")
    @MethodSource("crashPoints")
    void aRestartFinishesTheDispatchWithExactlyOneThreadAndOneFirstTurn(String point, Consumer<E2eSupport> crash) {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "Add a /healthz endpoint", "k8s", Behaviour.STALLS);
        startPlane("acme/widgets");
        crash.accept(this);

        plane.poll();
        plane.poll(); // the failure repeats; still no duplicate

        sandbox.t3().clearFaults();
        sandbox.trackerSim().clearFaults();
        restartPlane("acme/widgets");
        plane.poll();
        plane.poll();

        String threadId = RunIds.threadId(key("acme/widgets", 1), 1);
        assertThat(sandbox.t3().threads()).as("one thread").hasSize(1);
        assertThat(sandbox.t3().turnsFor(threadId)).as("one first turn").hasSize(1);
        assertThat(afkComments("acme/widgets", 1)).as("one AFK comment").hasSize(1);
        assertThat(record("acme/widgets", 1).orElseThrow().attempt()).isEqualTo(1);
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS).doesNotContain(READY, HUMAN);
        assertNoContractViolations();
    }
}
