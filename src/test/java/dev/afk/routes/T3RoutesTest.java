package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.FixForwardTurn;
import dev.afk.adapter.T3Accepted;
import dev.afk.core.CheckEvidence;
import dev.afk.core.ImplementerPrompt;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.core.RunIds;
import dev.afk.core.ThreadView;
import dev.afk.sim.SimRequest;
import dev.afk.sim.T3Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real {@code routes/t3.camel.yaml} over loopback HTTP against {@link T3Simulator}: the happy paths of the four
 * contracts. Error classes are in {@link T3RoutesErrorsTest}.
 */
class T3RoutesTest extends T3RoutesBaseTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> dispatched(T3Simulator server) {
        return server.requests().stream().filter(r -> r.path().equals("/api/orchestration/dispatch"))
                .map(r -> read(r.body())).toList();
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    String dispatch(DispatchRequest request) {
        return template.requestBody("direct:t3-dispatch", request, T3Accepted.class).threadId();
    }

    @Test
    void dispatchCreatesExactlyOneThreadAndOneTurnCarryingTheImplementerPrompt() {
        Issue issue = issue("acme/widgets", 42);

        T3Accepted accepted = template.requestBody("direct:t3-dispatch", new DispatchRequest(issue, 1),
                T3Accepted.class);

        String threadId = accepted.threadId();
        assertThat(threadId).isEqualTo(RunIds.threadId(issue.key(), 1));
        T3Simulator.ThreadSnapshot thread = t3.thread(threadId).orElseThrow();
        assertThat(thread.projectId()).isEqualTo(PROJECT);
        assertThat(thread.title()).isEqualTo("acme/widgets#42");
        assertThat(thread.instanceId()).isEqualTo("claudeAgent");
        assertThat(thread.model()).isEqualTo("claude-sonnet-5");
        assertThat(thread.runtimeMode()).isEqualTo("full-access");
        assertThat(t3.turnsFor(threadId)).singleElement().satisfies(turn -> {
            assertThat(turn.commandId()).isEqualTo(RunIds.turnCommandId(threadId));
            assertThat(turn.messageId()).isEqualTo(RunIds.turnMessageId(threadId));
            assertThat(turn.text()).isEqualTo(ImplementerPrompt.firstTurn(issue, 1, 20_000));
        });
        List<JsonNode> sent = dispatched(t3);
        assertThat(sent).extracting(b -> b.path("type").asText()).containsExactly("thread.create", "thread.turn.start");
        assertThat(sent.get(0).path("commandId").asText()).isEqualTo(RunIds.createCommandId(threadId));
        // The two commands, then the thread detail that dates the turn.
        assertThat(t3.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /api/orchestration/dispatch", "POST /api/orchestration/dispatch",
                "GET /api/orchestration/threads/" + threadId);
        // Right after the dispatch the session has not started yet (§9): the watcher sees "running".
        assertThat(thread.sessionStatus()).isNull();
        assertThat(thread.latestTurnState()).isNull();
    }

    @Test
    void replayingTheSameDispatchResendsTheSameIdsAndRecordsNoSecondThreadOrTurn() {
        DispatchRequest request = new DispatchRequest(issue("acme/widgets", 43), 2);

        T3Accepted firstAccepted = template.requestBody("direct:t3-dispatch", request, T3Accepted.class);
        int threadsAfterFirst = t3.threads().size();
        T3Accepted secondAccepted = template.requestBody("direct:t3-dispatch", request, T3Accepted.class);

        String first = firstAccepted.threadId();
        assertThat(secondAccepted).isEqualTo(firstAccepted);
        assertThat(t3.threads()).hasSize(threadsAfterFirst);
        assertThat(t3.turnsFor(first)).hasSize(1);
        assertThat(t3.thread(first).orElseThrow().userMessages()).hasSize(1);
        List<JsonNode> sent = dispatched(t3);
        assertThat(sent).hasSize(4);
        assertThat(sent.get(2).path("commandId")).isEqualTo(sent.get(0).path("commandId"));
        assertThat(sent.get(3).path("commandId")).isEqualTo(sent.get(1).path("commandId"));
        assertThat(sent.get(3).at("/message/messageId")).isEqualTo(sent.get(1).at("/message/messageId"));
        // T3 answered the replay from its receipts: same sequence for the same command.
        assertThat(t3.requests()).extracting(SimRequest::status).containsOnly(200);
    }

    @Test
    void aNewAttemptOpensANewThread() {
        Issue issue = issue("acme/widgets", 44);

        String one = dispatch(new DispatchRequest(issue, 1));
        String two = dispatch(new DispatchRequest(issue, 2));

        assertThat(two).isNotEqualTo(one);
        assertThat(t3.turnsFor(one)).hasSize(1);
        assertThat(t3.turnsFor(two)).hasSize(1);
    }

    @Test
    void aRejectedThreadCreateNeverSendsTheTurn() {
        Issue orphan = issue("acme/orphans", 7); // mapped to a project T3 does not have

        AdapterFailure failure = failureOf(
                () -> template.requestBody("direct:t3-dispatch", new DispatchRequest(orphan, 1), T3Accepted.class));

        assertThat(failure.kind()).isEqualTo(AdapterFailure.Kind.REJECTED);
        assertThat(failure.status()).isEqualTo(500);
        assertThat(dispatched(t3)).extracting(b -> b.path("type").asText()).containsExactly("thread.create");
        assertThat(t3.thread(RunIds.threadId(orphan.key(), 1))).isEmpty();
    }

    @Test
    void aFixForwardTurnIsOneMoreTurnOnTheSameThreadWithTheFailingChecks() {
        Issue issue = issue("acme/widgets", 45);
        String threadId = dispatch(new DispatchRequest(issue, 1));
        List<CheckEvidence> evidence = List.of(new CheckEvidence("ci/build", "failure", "2 tests failed",
                "https://ci.example/runs/9"));
        String sha = "3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";

        T3Accepted accepted = template.requestBody("direct:t3-turn",
                new FixForwardTurn(issue.key(), threadId, 1, sha, evidence), T3Accepted.class);

        assertThat(accepted.threadId()).isEqualTo(threadId);
        assertThat(t3.turnsFor(threadId)).hasSize(2);
        T3Simulator.TurnRequest turn = t3.turnsFor(threadId).get(1);
        assertThat(turn.commandId()).isEqualTo(RunIds.fixForwardCommandId(threadId, 1));
        assertThat(turn.messageId()).isEqualTo(RunIds.fixForwardMessageId(threadId, 1));
        assertThat(turn.text()).isEqualTo(ImplementerPrompt.fixForward(issue.key(), 1, 2, sha, evidence));

        T3Accepted again = template.requestBody("direct:t3-turn",
                new FixForwardTurn(issue.key(), threadId, 1, sha, evidence), T3Accepted.class);
        assertThat(again).isEqualTo(accepted);
        assertThat(t3.turnsFor(threadId)).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFleetReadMapsEveryLiveThreadToItsSessionAndLatestTurn() {
        String running = dispatch(new DispatchRequest(issue("acme/widgets", 46), 1));
        String failed = dispatch(new DispatchRequest(issue("acme/widgets", 47), 1));
        String deleted = dispatch(new DispatchRequest(issue("acme/widgets", 48), 1));
        t3.clearRequests();
        t3.startTurn(running);
        t3.startTurn(failed);
        t3.failTurn(failed, "Mock prompt failure");
        t3.deleteThread(deleted);

        Map<String, ThreadView> fleet = template.requestBody("direct:t3-fleet", null, Map.class);

        assertThat(fleet).containsKeys(running, failed).doesNotContainKey(deleted);
        assertThat(fleet.get(running).sessionStatus()).isEqualTo("running");
        assertThat(fleet.get(running).latestTurnState()).isEqualTo("running");
        assertThat(fleet.get(running).latestTurnId()).isEqualTo(t3.turnsFor(running).get(0).turnId());
        assertThat(fleet.get(failed).sessionStatus()).isEqualTo("error");
        assertThat(fleet.get(failed).lastError()).isEqualTo("Mock prompt failure");
        assertThat(fleet.get(failed).latestTurnRequestedAt()).isEqualTo(t3.turnsFor(failed).get(0).requestedAt());
        assertThat(t3.requests()).filteredOn(r -> r.method().equals("GET"))
                .extracting(SimRequest::path).containsExactly("/api/orchestration/shell");
    }

    @Test
    void theThreadDetailCarriesThePhaseReportsAndTheErrorTexts() {
        String threadId = dispatch(new DispatchRequest(issue("acme/widgets", 49), 1));
        t3.clearRequests();
        t3.startTurn(threadId);
        t3.addAssistantMessage(threadId, "Wrote the failing test.\nAFK-PHASE: tests-red\n");
        t3.addAssistantMessage(threadId, "AFK-PHASE: green\nAFK-PHASE: pushed 3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a");
        t3.failTurn(threadId, "Claude runtime stream failed.");

        ThreadView view = template.requestBody("direct:t3-thread", threadId, ThreadView.class);

        assertThat(view.threadId()).isEqualTo(threadId);
        assertThat(view.sessionStatus()).isEqualTo("error");
        assertThat(view.reports()).extracting(r -> r.phase())
                .containsExactly(Phase.TESTS_RED, Phase.GREEN, Phase.PUSHED);
        assertThat(view.reports().get(2).sha()).isEqualTo("3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a");
        assertThat(view.errors()).containsExactly("Claude runtime stream failed.",
                "Runtime error: Claude runtime stream failed.");
        assertThat(t3.requests()).filteredOn(r -> r.method().equals("GET")).extracting(SimRequest::path)
                .containsExactly("/api/orchestration/threads/" + threadId);
    }

    @Test
    void noInboundHeaderLeaksIntoAnyRequestToT3() {
        Map<String, Object> inbound = Map.of("fireTime", "Mon Nov 24 07:00:00 UTC 2026", "ETag", "\"abc\"",
                "X-Custom", "leak", "jobDetail", "JobDetail 'afk.poll'", "Link", "<https://x/?page=2>; rel=\"next\"");
        String threadId = template.requestBodyAndHeaders("direct:t3-dispatch",
                new DispatchRequest(issue("acme/widgets", 50), 1), inbound, T3Accepted.class).threadId();
        template.requestBodyAndHeaders("direct:t3-thread", threadId, inbound, ThreadView.class);
        template.requestBodyAndHeaders("direct:t3-fleet", null, inbound, Map.class);
        template.requestBodyAndHeaders("direct:t3-turn", new FixForwardTurn(IssueKey.of("acme/widgets", 50),
                threadId, 1, "3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a", List.of()), inbound, T3Accepted.class);

        assertThat(t3.requests()).hasSize(7).allSatisfy(r -> {
            assertThat(r.headers().keySet()).map(String::toLowerCase)
                    .doesNotContain("firetime", "etag", "x-custom", "jobdetail", "link");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(r.header("Accept")).isEqualTo("application/json");
        });
        assertThat(t3.requests()).filteredOn(r -> r.method().equals("GET")).allSatisfy(r ->
                assertThat(r.body()).isEmpty());
    }

    @Test
    void aRotatedTokenFileIsUsedOnTheNextRequestWithoutARestart() throws IOException {
        try {
            Files.writeString(tokenFile, "a-revoked-token");
            AdapterFailure refused = failureOf(() -> template.requestBody("direct:t3-fleet", null, Map.class));
            assertThat(refused.kind()).isEqualTo(AdapterFailure.Kind.AUTH);
        } finally {
            Files.writeString(tokenFile, TOKEN);
        }
        Map<?, ?> fleet = template.requestBody("direct:t3-fleet", null, Map.class);
        assertThat(fleet).isNotNull();
    }
}
