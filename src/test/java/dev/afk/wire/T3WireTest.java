package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afk.adapter.T3StopState;
import dev.afk.adapter.T3StopState.TurnEnd;
import dev.afk.core.Phase;
import dev.afk.core.PhaseMarkers;
import dev.afk.core.PhaseReport;
import dev.afk.core.ThreadView;
import dev.afk.sim.T3SimSchemas;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link T3Wire} against the reference examples and schemas (docs/reference/t3-orchestration.md §4–§7). */
class T3WireTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode example(String name) throws IOException {
        try (InputStream in = T3WireTest.class.getResourceAsStream("/t3-examples/" + name)) {
            return JSON.readTree(in);
        }
    }

    static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Every key of the reference example is in the built body, with the same JSON type (values may differ). */
    static void assertSameShape(JsonNode built, JsonNode example, String path) {
        assertThat(built.getNodeType()).as(path).isEqualTo(example.getNodeType());
        if (example.isObject()) {
            List<String> exampleKeys = new ArrayList<>();
            example.fieldNames().forEachRemaining(exampleKeys::add);
            List<String> builtKeys = new ArrayList<>();
            built.fieldNames().forEachRemaining(builtKeys::add);
            assertThat(builtKeys).as(path).containsExactlyInAnyOrderElementsOf(exampleKeys);
            for (Iterator<Map.Entry<String, JsonNode>> it = example.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertSameShape(built.get(e.getKey()), e.getValue(), path + "." + e.getKey());
            }
        }
    }

    @Test
    void threadCreateHasTheReferenceShapeAndValidatesAgainstTheCommandSchema() throws IOException {
        JsonNode example = example("thread-create.json");

        ObjectNode built = T3Wire.threadCreate("3e6a91d0-7c24-4b5f-8e13-c0d9a2f47b68",
                "0b7f3c52-5d1e-4a8e-9c61-2f4e8a7d9b13", "26c49278-a6e3-42d4-888d-2623071474ff", "acme/widgets#42",
                "claudeAgent", "claude-sonnet-5", Instant.parse("2026-11-24T07:03:07Z"));

        assertThat(T3SimSchemas.commandProblems(built)).isEmpty();
        assertSameShape(built, example, "thread.create");
        // Same values as the reference example, except createdAt's textual form.
        built.put("createdAt", example.get("createdAt").asText());
        assertThat(built).isEqualTo(example);
        assertThat(built.get("branch").isNull()).isTrue();
        assertThat(built.get("worktreePath").isNull()).isTrue();
    }

    @Test
    void turnStartHasTheReferenceShapeAndValidatesAgainstTheCommandSchema() throws IOException {
        JsonNode example = example("thread-turn-start.json");

        ObjectNode built = T3Wire.turnStart("c41f8b27-9a63-4d0e-b5c8-6e2d17a90f34",
                "0b7f3c52-5d1e-4a8e-9c61-2f4e8a7d9b13", "5a93e0c6-2b71-4f8d-a4e5-98c1d3b6f027",
                example.at("/message/text").asText(), Instant.parse("2026-11-24T07:03:12Z"));

        assertThat(T3SimSchemas.commandProblems(built)).isEmpty();
        assertSameShape(built, example, "thread.turn.start");
        built.put("createdAt", example.get("createdAt").asText());
        assertThat(built).isEqualTo(example);
    }

    @Test
    void projectCreateAndInterruptValidateAgainstTheCommandSchema() throws IOException {
        ObjectNode project = T3Wire.projectCreate("c1", "p1", "acme-widgets", "/srv/checkouts/acme-widgets",
                Instant.EPOCH);
        assertThat(T3SimSchemas.commandProblems(project)).isEmpty();
        assertThat(T3SimSchemas.commandProblems(example("project-create.json"))).isEmpty();
        assertThat(T3SimSchemas.commandProblems(T3Wire.turnInterrupt("c2", "t1", null, Instant.EPOCH))).isEmpty();
        assertThat(T3SimSchemas.commandProblems(T3Wire.turnInterrupt("c3", "t1", "turn-1", Instant.EPOCH))).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatANaiveClientSends() {
        // §11: the discriminator is "type", and the model is required.
        ObjectNode wrongDiscriminator = T3Wire.threadCreate("c", "t", "p", "x#1", "claudeAgent", "m", Instant.EPOCH);
        wrongDiscriminator.set("command", wrongDiscriminator.remove("type"));
        assertThat(T3SimSchemas.commandProblems(wrongDiscriminator)).isNotEmpty();

        ObjectNode noModel = T3Wire.threadCreate("c", "t", "p", "x#1", "claudeAgent", "m", Instant.EPOCH);
        ((ObjectNode) noModel.get("modelSelection")).remove("model");
        assertThat(T3SimSchemas.commandProblems(noModel)).isNotEmpty();

        ObjectNode noModes = T3Wire.turnStart("c", "t", "m", "text", Instant.EPOCH);
        noModes.remove("interactionMode");
        assertThat(T3SimSchemas.commandProblems(noModes)).isNotEmpty();
    }

    @Test
    void theDispatchReplyIsOnlyASequence() throws IOException {
        assertThat(T3Wire.sequence("{\"sequence\":4}")).isEqualTo(4L);
        assertThatThrownBy(() -> T3Wire.sequence("{\"threadId\":\"x\"}")).isInstanceOf(T3WireException.class);
        assertThatThrownBy(() -> T3Wire.sequence("{\"sequence\":\"4\"}")).isInstanceOf(T3WireException.class);
        assertThatThrownBy(() -> T3Wire.sequence("{\"sequence\":")).isInstanceOf(IOException.class);
    }

    @Test
    void theSnapshotExampleGivesOneViewPerThreadWithItsSessionAndLatestTurn() throws IOException {
        Map<String, ThreadView> fleet;
        try (InputStream in = T3WireTest.class.getResourceAsStream("/t3-examples/snapshot-two-threads.json")) {
            fleet = T3Wire.fleet(in);
        }

        assertThat(fleet).containsOnlyKeys("71a9483f-fa7a-4229-be5b-eea1331a6ca4",
                "f46f2de4-5794-4825-807c-13e1f70bd79e");
        ThreadView failed = fleet.get("71a9483f-fa7a-4229-be5b-eea1331a6ca4");
        assertThat(failed.sessionStatus()).isEqualTo("error");
        assertThat(failed.lastError()).isEqualTo("Mock prompt failure");
        assertThat(failed.latestTurnState()).isEqualTo("error");
        assertThat(failed.latestTurnId()).isEqualTo("f496f8cd-a3da-4e65-9d81-ff262ccfeba5");
        assertThat(failed.latestTurnRequestedAt()).isEqualTo(Instant.parse("2026-11-24T07:05:04.663Z"));
        assertThat(failed.updatedAt()).isEqualTo(Instant.parse("2026-11-24T07:05:04.663Z"));
        ThreadView running = fleet.get("f46f2de4-5794-4825-807c-13e1f70bd79e");
        assertThat(running.sessionStatus()).isEqualTo("running");
        assertThat(running.lastError()).isNull();
        assertThat(running.latestTurnState()).isEqualTo("running");
        assertThat(running.reports()).isEmpty();
        assertThat(running.errors()).isEmpty();
    }

    @Test
    void deletedThreadsOfTheSnapshotAreLeftOut() throws IOException {
        ObjectNode snapshot = (ObjectNode) example("snapshot-two-threads.json");
        ((ObjectNode) snapshot.get("threads").get(0)).put("deletedAt", "2026-11-24T08:00:00.000Z");

        Map<String, ThreadView> fleet = T3Wire.fleet(stream(snapshot.toString()));

        assertThat(fleet).containsOnlyKeys("f46f2de4-5794-4825-807c-13e1f70bd79e");
    }

    @Test
    void aThreadWithNoSessionAndNoTurnYetIsListedWithNulls() throws IOException {
        String shell = """
                {"snapshotSequence":2,"projects":[],"updatedAt":"2026-11-24T07:03:07.000Z","threads":[
                 {"id":"t-1","projectId":"p","title":"acme/widgets#42","session":null,"latestTurn":null,
                  "updatedAt":"2026-11-24T07:03:07.000Z","hasPendingApprovals":false,"planProgress":null}]}""";

        ThreadView view = T3Wire.fleet(stream(shell)).get("t-1");

        assertThat(view.sessionStatus()).isNull();
        assertThat(view.latestTurnState()).isNull();
        assertThat(view.latestTurnRequestedAt()).isNull();
        assertThat(view.lastError()).isNull();
    }

    @Test
    void anEmptyServerHasAnEmptyFleet() throws IOException {
        assertThat(T3Wire.fleet(stream("{\"snapshotSequence\":0,\"projects\":[],\"threads\":[],"
                + "\"updatedAt\":\"1970-01-01T00:00:00.000Z\"}"))).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] <{0}>")
    @ValueSource(strings = {
        "", "[]", "{\"projects\":[]}", "{\"threads\":{}}", "{\"threads\":[{\"id\":\"a\"}]}",
        "{\"threads\":[{\"id\":\"a\",\"updatedAt\":\"yesterday\"}]}",
        "{\"threads\":[{\"id\":\"a\",\"updatedAt\":\"2026-11-24T07:03:07Z\"", "{\"threads\":[]} {}",
        "{\"threads\":[{\"id\":7,\"updatedAt\":\"2026-11-24T07:03:07Z\"}]}"})
    void aFleetDocumentThatIsNotTheContractIsRefused(String body) {
        assertThatThrownBy(() -> T3Wire.fleet(stream(body)))
                .isInstanceOfAny(IOException.class, T3WireException.class);
    }

    @Test
    void theDetailExampleGivesItsHealthAndNoErrors() throws IOException {
        ThreadView view;
        try (InputStream in = T3WireTest.class.getResourceAsStream("/t3-examples/thread-detail.json")) {
            view = T3Wire.threadDetail(in, PhaseMarkers::parse);
        }

        assertThat(view.threadId()).isEqualTo("dc9cfda6-7a77-4aa3-9921-c1f9cb3434f7");
        assertThat(view.sessionStatus()).isEqualTo("ready");
        assertThat(view.latestTurnState()).isEqualTo("completed");
        assertThat(view.reports()).isEmpty(); // the mock agent wrote no AFK-PHASE marker
        assertThat(view.errors()).isEmpty();  // only info-tone activities
    }

    @Test
    void phaseReportsComeFromEveryAssistantMessageInOrderDatedByTheMessage() throws IOException {
        ObjectNode detail = (ObjectNode) example("thread-detail.json");
        var messages = (com.fasterxml.jackson.databind.node.ArrayNode) detail.at("/thread/messages");
        ((ObjectNode) messages.get(0)).put("text", "AFK-PHASE: green (a user cannot report phases)");
        messages.addObject().put("id", "a2").put("role", "assistant").put("streaming", false)
                .put("text", "AFK-PHASE: tests-red\nAFK-PHASE: green").put("turnId", "t")
                .put("createdAt", "2026-11-24T07:10:00Z").put("updatedAt", "2026-11-24T07:10:00Z");
        messages.addObject().put("id", "a3").put("role", "assistant").put("streaming", false)
                .put("text", "AFK-PHASE: pushed 3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a").put("turnId", "t")
                .put("createdAt", "2026-11-24T07:20:00Z").put("updatedAt", "2026-11-24T07:20:00Z");

        List<PhaseReport> reports = T3Wire.threadDetail(stream(detail.toString()), PhaseMarkers::parse).reports();

        assertThat(reports).containsExactly(
                new PhaseReport(Phase.TESTS_RED, null, Instant.parse("2026-11-24T07:10:00Z")),
                new PhaseReport(Phase.GREEN, null, Instant.parse("2026-11-24T07:10:00Z")),
                new PhaseReport(Phase.PUSHED, "3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a",
                        Instant.parse("2026-11-24T07:20:00Z")));
    }

    @Test
    void aMessageStillStreamingCountsOnlyItsCompleteLines() throws IOException {
        ObjectNode detail = (ObjectNode) example("thread-detail.json");
        var messages = (com.fasterxml.jackson.databind.node.ArrayNode) detail.at("/thread/messages");
        messages.addObject().put("id", "a2").put("role", "assistant").put("streaming", true)
                .put("text", "AFK-PHASE: green\nAFK-PHASE: pushed 3f2a9c1e5b").put("turnId", "t")
                .put("createdAt", "2026-11-24T07:10:00Z").put("updatedAt", "2026-11-24T07:10:00Z");

        List<PhaseReport> reports = T3Wire.threadDetail(stream(detail.toString()), PhaseMarkers::parse).reports();

        assertThat(reports).extracting(PhaseReport::phase).containsExactly(Phase.GREEN);
    }

    @Test
    void errorsAreTheLastErrorThenEveryErrorToneActivity() throws IOException {
        ObjectNode detail = (ObjectNode) example("thread-detail.json");
        ObjectNode thread = (ObjectNode) detail.get("thread");
        ((ObjectNode) thread.get("session")).put("status", "stopped").put("lastError", "Claude runtime stream failed.");
        thread.putNull("latestTurn");
        var activities = (com.fasterxml.jackson.databind.node.ArrayNode) thread.get("activities");
        ObjectNode startFailed = activities.addObject().put("id", "e1").put("tone", "error")
                .put("kind", "provider.turn.start.failed").put("summary", "Provider turn start failed")
                .put("createdAt", "2026-11-24T07:04:46Z");
        startFailed.putObject("payload").put("detail", "claude: command not found");
        startFailed.putNull("turnId");
        ObjectNode runtime = activities.addObject().put("id", "e2").put("tone", "error").put("kind", "runtime.error")
                .put("summary", "Runtime error").put("createdAt", "2026-11-24T07:04:46Z");
        runtime.putObject("payload").put("message", "Claude runtime stream failed.");
        runtime.putNull("turnId");
        assertThat(T3SimSchemas.problems("read-model.schema.json", "threadDetailResponse", detail)).isEmpty();

        ThreadView view = T3Wire.threadDetail(stream(detail.toString()), PhaseMarkers::parse);

        assertThat(view.sessionStatus()).isEqualTo("stopped");
        assertThat(view.latestTurnState()).isNull();
        assertThat(view.errors()).containsExactly("Claude runtime stream failed.",
                "Provider turn start failed: claude: command not found",
                "Runtime error: Claude runtime stream failed.");
    }

    @Test
    void aDetailWithoutAThreadIsRefused() {
        assertThatThrownBy(() -> T3Wire.threadDetail(stream("{\"snapshotSequence\":1}"), PhaseMarkers::parse))
                .isInstanceOf(T3WireException.class);
        assertThatThrownBy(() -> T3Wire.threadDetail(stream("{\"thread\":{\"id\":\"x\""), PhaseMarkers::parse))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theTimeOfATurnIsTheCreatedAtT3RecordedForItsUserMessage() throws IOException {
        String detail = example("thread-detail.json").toString();

        assertThat(T3Wire.messageCreatedAt(stream(detail), "d1bcfb8b-33cd-4642-97c2-b53bd4eacad8"))
                .contains(Instant.parse("2026-11-24T07:04:19.808Z"));
        assertThat(T3Wire.messageCreatedAt(stream(detail), "no-such-message")).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"snapshotSequence\":1}",
        "{\"thread\":{\"id\":\"x\"}}",
        "{\"thread\":{\"id\":\"x\",\"messages\":[{\"id\":\"m-1\",\"createdAt\":\"yesterday\"}]}}",
        "{\"thread\":{\"id\":\"x\",\"messages\":[{\"id\":\"m-1\",\"createdAt\":null}]}}",
        "{\"thread\":{\"id\":\"x\",\"messages\":[{\"id\":\"m-1\""
    })
    void aDetailThatCannotDateTheMessageIsRefused(String body) {
        assertThatThrownBy(() -> T3Wire.messageCreatedAt(stream(body), "m-1"))
                .isInstanceOfAny(IOException.class, T3WireException.class);
    }

    @Test
    void theThreadPathEncodesTheIdAsOneSegment() {
        assertThat(T3Wire.threadPath("0b7f3c52-5d1e-4a8e-9c61-2f4e8a7d9b13"))
                .isEqualTo("/api/orchestration/threads/0b7f3c52-5d1e-4a8e-9c61-2f4e8a7d9b13");
        assertThat(T3Wire.threadPath("a/b c")).isEqualTo("/api/orchestration/threads/a%2Fb%20c");
    }

    // ---- stopping: thread.turn.interrupt, thread.session.stop and the stop state (docs/reference/t3-control.md) ----

    static final String INTERRUPTED_THREAD = "a2576c16-1e11-4f9e-b63c-c12979626baa";
    static final String INTERRUPTED_TURN = "a4c92aae-dcfc-4caa-a84a-20d05256df9d";

    @Test
    void theInterruptIsTheReferenceBodyWithoutTurnIdAndValidates() throws IOException {
        ObjectNode example = (ObjectNode) example("thread-turn-interrupt.json");

        ObjectNode built = T3Wire.turnInterrupt(example.get("commandId").asText(), INTERRUPTED_THREAD, null,
                Instant.parse("2026-12-02T20:45:31.173Z"));

        assertThat(T3SimSchemas.commandProblems(built)).isEmpty();
        assertThat(built.has("turnId")).as("turnId is left out, never null (§2, §3.5)").isFalse();
        example.remove("turnId");
        assertThat(built).isEqualTo(example);
    }

    @Test
    void theSessionStopIsTheReferenceBodyWithoutOnlyIfSettledAndValidates() throws IOException {
        JsonNode example = example("thread-session-stop.json");

        ObjectNode built = T3Wire.sessionStop(example.get("commandId").asText(), INTERRUPTED_THREAD,
                Instant.parse("2026-12-02T20:45:33.365Z"));

        assertThat(T3SimSchemas.commandProblems(built)).isEmpty();
        assertThat(T3SimSchemas.commandProblems(example)).isEmpty();
        assertThat(built).isEqualTo(example);
    }

    @Test
    void theSchemaRefusesTheStopBodiesT3Answers400() {
        // §2: createdAt is required on both; a blank turnId and a non-boolean onlyIfSettled get 400.
        ObjectNode noCreatedAt = T3Wire.turnInterrupt("c", "t", null, Instant.EPOCH);
        noCreatedAt.remove("createdAt");
        assertThat(T3SimSchemas.commandProblems(noCreatedAt)).isNotEmpty();
        assertThat(T3SimSchemas.commandProblems(T3Wire.turnInterrupt("c", "t", " ", Instant.EPOCH))).isNotEmpty();
        ObjectNode stopNoCreatedAt = T3Wire.sessionStop("c", "t", Instant.EPOCH);
        stopNoCreatedAt.remove("createdAt");
        assertThat(T3SimSchemas.commandProblems(stopNoCreatedAt)).isNotEmpty();
        ObjectNode yes = T3Wire.sessionStop("c", "t", Instant.EPOCH);
        yes.put("onlyIfSettled", "yes");
        assertThat(T3SimSchemas.commandProblems(yes)).isNotEmpty();
    }

    static T3StopState stopState(JsonNode detail) throws IOException {
        return T3Wire.stopState(stream(detail.toString()));
    }

    /** The verbatim reply of an interrupted running turn, as its {@code thread} object to edit. */
    static ObjectNode interruptedThread() throws IOException {
        return (ObjectNode) example("thread-detail-interrupted.json").get("thread");
    }

    static ObjectNode detailOf(ObjectNode thread) {
        ObjectNode root = JSON.createObjectNode();
        root.put("snapshotSequence", 1);
        root.set("thread", thread);
        return root;
    }

    /** One thread of the snapshot example as a detail (the snapshot's arrays are empty, as §7 says). */
    static ObjectNode snapshotThreadAsDetail(String threadId) throws IOException {
        for (JsonNode t : example("snapshot-two-threads.json").get("threads")) {
            if (t.path("id").asText().equals(threadId)) {
                return detailOf((ObjectNode) t);
            }
        }
        throw new AssertionError("no thread " + threadId + " in the snapshot example");
    }

    static ObjectNode interruptFailedActivity() {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", "4f0c1d2e-0000-4000-8000-000000000001");
        a.put("tone", "error");
        a.put("kind", "provider.turn.interrupt.failed");
        a.put("summary", "Provider turn interrupt failed");
        a.putObject("payload").put("detail", "No active provider session is bound to this thread.");
        a.putNull("turnId");
        a.put("createdAt", "2026-12-02T20:46:00.000Z");
        return a;
    }

    /** The watcher's reading of the verbatim interrupted reply: stopped, not "finished without a push" (issue 9). */
    @Test
    void theWatchersViewOfTheInterruptedExampleIsStoppedAndItsInterruptFailureIsNoAgentError() throws IOException {
        ThreadView view = T3Wire.threadDetail(stream(example("thread-detail-interrupted.json").toString()),
                PhaseMarkers::parse);
        assertThat(view.latestTurnAnswered()).as("no assistant message of the latest turn").isFalse();
        assertThat(view.health(Instant.MIN)).isEqualTo(dev.afk.core.ThreadHealth.STOPPED);

        ObjectNode thread = interruptedThread();
        thread.withArray("activities").add(interruptFailedActivity());
        ThreadView withFailure = T3Wire.threadDetail(stream(detailOf(thread).toString()), PhaseMarkers::parse);
        assertThat(withFailure.errors()).as("AFK's own interrupt of a session-less thread").isEmpty();

        ObjectNode answered = interruptedThread();
        ObjectNode reply = answered.withArray("messages").addObject();
        reply.put("id", "assistant-1");
        reply.put("role", "assistant");
        reply.put("text", "Done.");
        reply.put("turnId", INTERRUPTED_TURN);
        reply.put("streaming", false);
        reply.put("createdAt", "2026-12-02T20:45:31.000Z");
        ThreadView finished = T3Wire.threadDetail(stream(detailOf(answered).toString()), PhaseMarkers::parse);
        assertThat(finished.latestTurnAnswered()).isTrue();
        assertThat(finished.health(Instant.MIN)).isEqualTo(dev.afk.core.ThreadHealth.FINISHED);
    }

    @Test
    void theInterruptedExampleIsSettledAndStoppedNotFinished() throws IOException {
        T3StopState state = stopState(example("thread-detail-interrupted.json"));

        assertThat(state.threadId()).isEqualTo(INTERRUPTED_THREAD);
        assertThat(state.sessionStatus()).isEqualTo("ready");
        assertThat(state.settled()).isTrue();
        assertThat(state.sessionStopped()).isFalse();
        // completed, lastError null, assistantMessageId "assistant:<turnId>" and no assistant message (§0.1, §3.2).
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.STOPPED);
        assertThat(state.latestTurnId()).isEqualTo(INTERRUPTED_TURN);
        assertThat(state.settledAt()).isEqualTo(Instant.parse("2026-12-02T20:45:31.186Z"));
        assertThat(state.interruptFoundNoSession()).isFalse();
        assertThat(state.lastError()).isNull();
        assertThat(state.agentErrors()).isEmpty();
    }

    @Test
    void aTurnTheAgentCompletedWithItsReplyIsFinished() throws IOException {
        T3StopState state = stopState(example("thread-detail.json"));

        assertThat(state.settled()).isTrue();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.FINISHED);
        assertThat(state.settledAt()).isEqualTo(Instant.parse("2026-11-24T07:04:45.256Z"));
    }

    @Test
    void theFirstViewOfAnInterruptWithTurnIdIsStoppedAsInterrupted() throws IOException {
        // §3.2 at +0.19 s: session ready, latest turn "interrupted", completedAt = the interrupt's time, no checkpoint.
        ObjectNode thread = interruptedThread();
        ((ObjectNode) thread.get("latestTurn")).put("state", "interrupted").put("completedAt", "2026-12-02T20:45:31.159Z")
                .putNull("assistantMessageId");
        thread.putArray("activities");

        T3StopState state = stopState(detailOf(thread));

        assertThat(state.settled()).isTrue();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.STOPPED);
        assertThat(state.settledAt()).isEqualTo(Instant.parse("2026-12-02T20:45:31.159Z"));
    }

    @Test
    void anInterruptWithoutTurnIdBeforeCheckpointCaptureIsStopped() throws IOException {
        // §3.2 without turnId: straight to completed with assistantMessageId null; the placeholder comes later.
        ObjectNode thread = interruptedThread();
        ((ObjectNode) thread.get("latestTurn")).putNull("assistantMessageId");

        assertThat(stopState(detailOf(thread)).latestTurn()).isEqualTo(TurnEnd.STOPPED);
    }

    @Test
    void onlyAnAssistantMessageOfTheLatestTurnMakesItFinished() throws IOException {
        ObjectNode thread = interruptedThread();
        ObjectNode older = ((ArrayNode) thread.get("messages")).addObject();
        older.put("id", "assistant:older").put("role", "assistant").put("text", "AFK-PHASE: green")
                .put("turnId", "an-older-turn").put("streaming", false)
                .put("createdAt", "2026-12-02T20:40:00.000Z").put("updatedAt", "2026-12-02T20:40:00.000Z");

        assertThat(stopState(detailOf(thread)).latestTurn()).isEqualTo(TurnEnd.STOPPED);

        older.put("turnId", INTERRUPTED_TURN);
        assertThat(stopState(detailOf(thread)).latestTurn()).isEqualTo(TurnEnd.FINISHED);
    }

    @Test
    void aRunningTurnIsNotSettledAndHasNoSettleTime() throws IOException {
        T3StopState state = stopState(snapshotThreadAsDetail("f46f2de4-5794-4825-807c-13e1f70bd79e"));

        assertThat(state.sessionStatus()).isEqualTo("running");
        assertThat(state.settled()).isFalse();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.RUNNING);
        assertThat(state.settledAt()).isNull();
    }

    @Test
    void aFailedTurnIsSettledAndFailedWithTheAgentsError() throws IOException {
        T3StopState state = stopState(snapshotThreadAsDetail("71a9483f-fa7a-4229-be5b-eea1331a6ca4"));

        assertThat(state.settled()).isTrue();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.FAILED);
        assertThat(state.lastError()).isEqualTo("Mock prompt failure");
        assertThat(state.agentErrors()).containsExactly("Mock prompt failure");
        assertThat(state.settledAt()).isEqualTo(Instant.parse("2026-11-24T07:05:04.663Z"));
    }

    @Test
    void aSessionThatIsStillRunningOrStartingIsNotSettledWhateverTheTurnSays() throws IOException {
        ObjectNode thread = interruptedThread();
        for (String status : List.of("running", "starting")) {
            ((ObjectNode) thread.get("session")).put("status", status);

            T3StopState state = stopState(detailOf(thread));

            assertThat(state.settled()).as(status).isFalse();
            assertThat(state.settledAt()).as(status).isNull();
        }
        ((ObjectNode) thread.get("session")).put("status", "ready");
        ((ObjectNode) thread.get("latestTurn")).put("state", "running").putNull("completedAt");
        assertThat(stopState(detailOf(thread)).settled()).as("ready session, running turn").isFalse();
    }

    @Test
    void aThreadWithoutASessionIsNotSettledAndAnInterruptThereIsNotAnAgentFailure() throws IOException {
        ObjectNode thread = interruptedThread();
        thread.putNull("session");
        thread.putNull("latestTurn");
        thread.putArray("checkpoints");
        thread.putArray("activities").add(interruptFailedActivity());

        T3StopState state = stopState(detailOf(thread));

        assertThat(state.sessionStatus()).isNull();
        assertThat(state.settled()).isFalse();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.NONE);
        assertThat(state.latestTurnId()).isNull();
        assertThat(state.interruptFoundNoSession()).isTrue();
        assertThat(state.agentErrors()).isEmpty();
    }

    @Test
    void aStopOfASessionlessThreadLeavesASettledStoppedSessionDatedByItsUpdate() throws IOException {
        // §7.2: the stop creates {"status":"stopped","providerName":null,...} without providerInstanceId.
        ObjectNode thread = interruptedThread();
        thread.putNull("latestTurn");
        thread.putArray("activities").add(interruptFailedActivity());
        ObjectNode session = (ObjectNode) thread.get("session");
        session.put("status", "stopped").putNull("providerName").put("updatedAt", "2026-12-02T20:46:01.000Z");
        session.remove("providerInstanceId");
        assertThat(T3SimSchemas.problems("read-model.schema.json", "threadDetailResponse", detailOf(thread)))
                .isEmpty();

        T3StopState state = stopState(detailOf(thread));

        assertThat(state.settled()).isTrue();
        assertThat(state.sessionStopped()).isTrue();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.NONE);
        assertThat(state.settledAt()).isEqualTo(Instant.parse("2026-12-02T20:46:01.000Z"));
        assertThat(state.interruptFoundNoSession()).isTrue();
        assertThat(state.agentErrors()).isEmpty();
    }

    @Test
    void aStoppedRunningTurnIsStoppedWithAStoppedSession() throws IOException {
        // §7.2: session stopped, lastError null, turn completed with the placeholder.
        ObjectNode thread = interruptedThread();
        ((ObjectNode) thread.get("session")).put("status", "stopped");

        T3StopState state = stopState(detailOf(thread));

        assertThat(state.settled()).isTrue();
        assertThat(state.sessionStopped()).isTrue();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.STOPPED);
    }

    @Test
    void theAgentsErrorsAreKeptApartFromTheInterruptThatFoundNoSession() throws IOException {
        // §9 step 7: the provider failed before any turn, then AFK's interrupt found no session.
        ObjectNode thread = interruptedThread();
        thread.putNull("latestTurn");
        ((ObjectNode) thread.get("session")).put("status", "stopped").put("lastError", "Claude runtime stream failed.");
        ArrayNode activities = thread.putArray("activities");
        ObjectNode startFailed = activities.addObject();
        startFailed.put("id", "a-1").put("tone", "error").put("kind", "provider.turn.start.failed")
                .put("summary", "Provider turn start failed").putNull("turnId")
                .put("createdAt", "2026-12-02T20:45:29.000Z");
        startFailed.putObject("payload").put("detail", "Claude runtime stream failed.");
        activities.add(interruptFailedActivity());

        T3StopState state = stopState(detailOf(thread));

        assertThat(state.settled()).isTrue();
        assertThat(state.interruptFoundNoSession()).isTrue();
        assertThat(state.agentErrors()).containsExactly("Claude runtime stream failed.",
                "Provider turn start failed: Claude runtime stream failed.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"snapshotSequence\":1}",
        "{\"thread\":{\"id\":\"x\",\"session\":null,\"latestTurn\":null}}",
        "{\"thread\":{\"id\":\"x\",\"messages\":[],\"session\":{\"status\":\"paused\"}}}",
        "{\"thread\":{\"id\":\"x\",\"messages\":[],\"session\":null,\"latestTurn\":{\"turnId\":\"t\",\"state\":\"done\"}}}",
        "{\"thread\":{\"id\":\"x\",\"messages\":[],\"session\":null,\"latestTurn\":{\"state\":\"completed\"}}}",
        "{\"thread\":{\"id\":\"x\",\"messages\":[],\"session\":{\"status\":\"ready\",\"updatedAt\":\"soon\"}}}",
        "{\"thread\":{\"id\":\"x\",\"messages\":["
    })
    void aDetailThatCannotBeJudgedIsRefused(String body) {
        assertThatThrownBy(() -> T3Wire.stopState(stream(body)))
                .isInstanceOfAny(IOException.class, T3WireException.class);
    }
}
