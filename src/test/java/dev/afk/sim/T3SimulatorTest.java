package dev.afk.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afk.wire.T3Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link T3Simulator} follows the verified contract (docs/reference/t3-orchestration.md §5, §6, §7, §9), over real HTTP. */
class T3SimulatorTest {

    static final String TOKEN = "sim-token";
    static final String PROJECT = "p-1";
    static final Instant NOW = Instant.parse("2026-11-24T07:03:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    T3Simulator t3;
    final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(body, e);
            }
        }
    }

    @BeforeEach
    void start() {
        t3 = new T3Simulator(0, Clock.fixed(NOW, ZoneOffset.UTC), TOKEN).start();
        t3.createProject(PROJECT, "/srv/checkouts/acme-widgets");
    }

    @AfterEach
    void stop() {
        t3.close();
    }

    Response send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t3.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Response dispatch(JsonNode command) {
        return send("POST", "/api/orchestration/dispatch", command.toString(), TOKEN);
    }

    Response get(String path) {
        return send("GET", path, null, TOKEN);
    }

    static ObjectNode create(String commandId, String threadId) {
        return T3Wire.threadCreate(commandId, threadId, PROJECT, "acme/widgets#42", "claudeAgent", "claude-sonnet-5",
                NOW);
    }

    static ObjectNode turn(String commandId, String threadId, String text) {
        return T3Wire.turnStart(commandId, threadId, "m-" + commandId, text, NOW);
    }

    static void assertDispatchFailed(Response r) {
        assertThat(r.status()).isEqualTo(500);
        assertThat(T3SimSchemas.problems("dispatch-reply.schema.json", "dispatchFailed", r.json())).isEmpty();
    }

    // ---- §5 idempotency ----

    @Test
    void theDispatchReplyIsOnlyTheSequenceAndMatchesTheReplySchema() {
        Response r = dispatch(create("c-1", "t-1"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(T3SimSchemas.problems("dispatch-reply.schema.json", null, r.json())).isEmpty();
        assertThat(r.json().fieldNames()).toIterable().containsExactly("sequence");
    }

    @Test
    void theSameCommandIdGetsTheSameSequenceAndNothingHappensTwice() {
        Response created = dispatch(create("c-1", "t-1"));
        Response first = dispatch(turn("c-2", "t-1", "do it"));
        dispatch(create("c-3", "t-other")); // moves the sequence on

        Response again = dispatch(turn("c-2", "t-1", "do it"));
        Response createdAgain = dispatch(create("c-1", "t-1"));

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(createdAgain.json()).isEqualTo(created.json());
        assertThat(t3.turnsFor("t-1")).hasSize(1);
        assertThat(t3.thread("t-1").orElseThrow().userMessages()).hasSize(1);
    }

    /** A server clock the test moves by hand. */
    static final class MovingClock extends Clock {
        final AtomicReference<Instant> now;

        MovingClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aTurnsMessageIsDatedByTheServerAtFirstReceiptAndAReplayLeavesThatTimeAlone() {
        Instant serverStart = Instant.parse("2031-03-04T05:06:07Z");
        Instant clientTime = Instant.parse("2020-01-01T00:00:00Z");
        MovingClock clock = new MovingClock(serverStart);
        t3.close();
        t3 = new T3Simulator(0, clock, TOKEN).start();
        t3.createProject(PROJECT, "/srv/checkouts/acme-widgets");
        dispatch(create("c-1", "t-1"));
        ObjectNode turn = T3Wire.turnStart("c-2", "t-1", "m-1", "do it", clientTime);

        Response first = dispatch(turn);
        clock.now.set(serverStart.plus(Duration.ofHours(1)));
        Response replay = dispatch(T3Wire.turnStart("c-2", "t-1", "m-1", "do it", clientTime.plusSeconds(60)));

        assertThat(replay.json()).isEqualTo(first.json());
        JsonNode messages = get("/api/orchestration/threads/t-1").json().at("/thread/messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("id").asText()).isEqualTo("m-1");
        assertThat(messages.get(0).path("createdAt").asText()).isEqualTo(serverStart.toString());
        assertThat(t3.turnsFor("t-1")).singleElement()
                .satisfies(r -> assertThat(r.requestedAt()).isEqualTo(serverStart));
    }

    @Test
    void aTurnStartWithANewCommandIdIsASecondTurn() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "first"));

        dispatch(turn("c-3", "t-1", "first"));

        assertThat(t3.turnsFor("t-1")).extracting(T3Simulator.TurnRequest::commandId).containsExactly("c-2", "c-3");
    }

    @Test
    void aRejectedCommandResentWithTheSameCommandIdIsRejectedAgainEvenIfItWouldNowSucceed() {
        Response rejected = dispatch(turn("c-1", "t-late", "too early"));
        dispatch(create("c-2", "t-late"));

        Response again = dispatch(turn("c-1", "t-late", "too early"));

        assertDispatchFailed(rejected);
        assertDispatchFailed(again);
        assertThat(t3.turnsFor("t-late")).isEmpty();
    }

    @Test
    void theSameCommandIdOnAnotherAggregateIsADispatchFailure() {
        dispatch(create("c-1", "t-1"));

        assertDispatchFailed(dispatch(create("c-1", "t-2")));
        assertThat(t3.thread("t-2")).isEmpty();
    }

    @Test
    void threadCreateAgainWithANewCommandIdIsADispatchFailure() {
        dispatch(create("c-1", "t-1"));

        assertDispatchFailed(dispatch(create("c-9", "t-1")));
        assertThat(t3.threads()).hasSize(1);
    }

    @Test
    void aTurnOnAnUnknownThreadIsADispatchFailureEvenWithBootstrapCreateThread() {
        ObjectNode cmd = turn("c-1", "t-nowhere", "hello");
        ObjectNode createThread = cmd.putObject("bootstrap").putObject("createThread");
        createThread.put("projectId", PROJECT).put("title", "x").put("runtimeMode", "full-access")
                .put("interactionMode", "default").put("createdAt", NOW.toString()).putNull("branch");
        createThread.putNull("worktreePath");
        createThread.putObject("modelSelection").put("instanceId", "claudeAgent").put("model", "m");

        assertDispatchFailed(dispatch(cmd));
        assertThat(t3.threads()).isEmpty();
        assertThat(t3.violations()).isEmpty();
    }

    @Test
    void aThreadInAnUnknownProjectIsADispatchFailure() {
        ObjectNode cmd = T3Wire.threadCreate("c-1", "t-1", "no-such-project", "x#1", "claudeAgent", "m", NOW);

        assertDispatchFailed(dispatch(cmd));
    }

    @Test
    void projectCreateRegistersAProjectOnceAndRejectsADuplicate() {
        assertThat(dispatch(T3Wire.projectCreate("c-1", "p-2", "other", "/srv/other", NOW)).status()).isEqualTo(200);
        assertDispatchFailed(dispatch(T3Wire.projectCreate("c-2", "p-2", "other", "/srv/other", NOW)));
        assertThat(t3.projects()).extracting(T3Simulator.Project::id).containsExactly(PROJECT, "p-2");
    }

    // ---- §6 errors ----

    static Stream<Arguments> schemaFailures() {
        List<Arguments> cases = new ArrayList<>();
        ObjectNode wrongDiscriminator = create("c", "t");
        wrongDiscriminator.set("command", wrongDiscriminator.remove("type"));
        cases.add(Arguments.of("discriminator named command", wrongDiscriminator.toString()));
        ObjectNode noModel = create("c", "t");
        ((ObjectNode) noModel.get("modelSelection")).remove("model");
        cases.add(Arguments.of("modelSelection without model", noModel.toString()));
        ObjectNode noBranch = create("c", "t");
        noBranch.remove("branch");
        cases.add(Arguments.of("thread.create without branch", noBranch.toString()));
        ObjectNode noCreatedAt = create("c", "t");
        noCreatedAt.remove("createdAt");
        cases.add(Arguments.of("without createdAt", noCreatedAt.toString()));
        ObjectNode noModes = turn("c", "t", "x");
        noModes.remove("runtimeMode");
        cases.add(Arguments.of("turn.start without runtimeMode", noModes.toString()));
        ObjectNode blankId = create("  ", "t");
        cases.add(Arguments.of("blank commandId", blankId.toString()));
        cases.add(Arguments.of("not JSON", "{type: thread.create"));
        ObjectNode interruptNoCreatedAt = T3Wire.turnInterrupt("c", "t", null, NOW);
        interruptNoCreatedAt.remove("createdAt");
        cases.add(Arguments.of("interrupt without createdAt", interruptNoCreatedAt.toString()));
        cases.add(Arguments.of("interrupt with a blank turnId", T3Wire.turnInterrupt("c", "t", " ", NOW).toString()));
        ObjectNode stopNoCreatedAt = T3Wire.sessionStop("c", "t", NOW);
        stopNoCreatedAt.remove("createdAt");
        cases.add(Arguments.of("session.stop without createdAt", stopNoCreatedAt.toString()));
        cases.add(Arguments.of("session.stop with onlyIfSettled \"yes\"",
                T3Wire.sessionStop("c", "t", NOW).put("onlyIfSettled", "yes").toString()));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: 400 with an empty body, recorded as a violation")
    @MethodSource("schemaFailures")
    void aBodyThatFailsTheSchemaGets400WithAnEmptyBodyAndIsAViolation(String name, String body) {
        Response r = send("POST", "/api/orchestration/dispatch", body, TOKEN);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEmpty();
        assertThat(t3.violations()).hasSize(1);
        assertThat(t3.threads()).isEmpty();
    }

    @Test
    void noCredentialIs401MissingCredential() {
        Response r = send("GET", "/api/orchestration/shell", null, null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("reason").asText()).isEqualTo("missing_credential");
        assertThat(T3SimSchemas.problems("dispatch-reply.schema.json", "authInvalid", r.json())).isEmpty();
    }

    @Test
    void aWrongTokenIs401InvalidCredentialAndChangesNothing() {
        Response r = send("POST", "/api/orchestration/dispatch", create("c-1", "t-1").toString(), "stolen");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("reason").asText()).isEqualTo("invalid_credential");
        assertThat(r.json().path("code").asText()).isEqualTo("auth_invalid");
        assertThat(t3.threads()).isEmpty();
    }

    @Test
    void anUnknownThreadIs404ThreadNotFound() {
        Response r = get("/api/orchestration/threads/nope");

        assertThat(r.status()).isEqualTo(404);
        assertThat(T3SimSchemas.problems("dispatch-reply.schema.json", "notFound", r.json())).isEmpty();
        assertThat(t3.violations()).isEmpty(); // asking is allowed; the thread just is not there
    }

    @Test
    void aRouteT3DoesNotHaveIsAViolation() {
        assertThat(get("/api/orchestration/threads").status()).isEqualTo(404);
        assertThat(send("POST", "/api/orchestration/shell", "{}", TOKEN).status()).isEqualTo(404);
        assertThat(t3.violations()).hasSize(2);
    }

    // ---- §7 read models, §9 lifecycle ----

    @Test
    void rightAfterTurnStartTheSessionAndLatestTurnAreStillNull() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go"));

        JsonNode thread = get("/api/orchestration/shell").json().at("/threads/0");

        assertThat(thread.get("session").isNull()).isTrue();
        assertThat(thread.get("latestTurn").isNull()).isTrue();
        assertThat(thread.get("latestUserMessageAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void aTurnRunsThenCompletesWithItsAssistantMessage() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go"));
        t3.startTurn("t-1");
        JsonNode running = get("/api/orchestration/threads/t-1").json().get("thread");
        String turnId = t3.turnsFor("t-1").get(0).turnId();
        String messageId = t3.addAssistantMessage("t-1", "done\nAFK-PHASE: green");
        t3.completeTurn("t-1");

        JsonNode done = get("/api/orchestration/threads/t-1").json().get("thread");

        assertThat(running.at("/session/status").asText()).isEqualTo("running");
        assertThat(running.at("/session/activeTurnId").asText()).isEqualTo(turnId);
        assertThat(running.at("/latestTurn/state").asText()).isEqualTo("running");
        assertThat(running.at("/latestTurn/completedAt").isNull()).isTrue();
        assertThat(done.at("/session/status").asText()).isEqualTo("ready");
        assertThat(done.at("/session/activeTurnId").isNull()).isTrue();
        assertThat(done.at("/latestTurn/state").asText()).isEqualTo("completed");
        assertThat(done.at("/latestTurn/assistantMessageId").asText()).isEqualTo(messageId);
        assertThat(done.at("/messages/1/role").asText()).isEqualTo("assistant");
        assertThat(done.at("/messages/1/turnId").asText()).isEqualTo(turnId);
    }

    @Test
    void aProviderThatFailsBeforeAnyTurnLeavesStoppedWithLastErrorAndNoLatestTurn() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go"));
        t3.stopBeforeTurn("t-1", "Claude runtime stream failed.");

        JsonNode thread = get("/api/orchestration/threads/t-1").json().get("thread");

        assertThat(thread.at("/session/status").asText()).isEqualTo("stopped");
        assertThat(thread.at("/session/lastError").asText()).isEqualTo("Claude runtime stream failed.");
        assertThat(thread.get("latestTurn").isNull()).isTrue();
        assertThat(thread.get("activities")).extracting(a -> a.path("kind").asText())
                .containsExactly("provider.turn.start.failed", "runtime.error");
        assertThat(thread.at("/activities/0/payload/detail").asText()).isEqualTo("Claude runtime stream failed.");
    }

    @Test
    void aFailedTurnSetsSessionErrorAndTurnError() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go"));
        t3.startTurn("t-1");
        t3.failTurn("t-1", "Mock prompt failure");

        JsonNode thread = get("/api/orchestration/shell").json().at("/threads/0");

        assertThat(thread.at("/session/status").asText()).isEqualTo("error");
        assertThat(thread.at("/session/lastError").asText()).isEqualTo("Mock prompt failure");
        assertThat(thread.at("/latestTurn/state").asText()).isEqualTo("error");
        assertThat(thread.at("/latestTurn/completedAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void anInterruptOfARunningTurnSettlesItAsReadyAndCompleted() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go"));
        t3.startTurn("t-1");

        Response r = dispatch(T3Wire.turnInterrupt("c-3", "t-1", null, NOW));

        assertThat(r.status()).isEqualTo(200);
        assertThat(t3.thread("t-1").orElseThrow().sessionStatus()).isEqualTo("ready");
        assertThat(t3.thread("t-1").orElseThrow().latestTurnState()).isEqualTo("completed");
    }

    @Test
    void deletedThreadsStayInTheSnapshotWithDeletedAtAndLeaveTheShell() {
        dispatch(create("c-1", "t-1"));
        dispatch(create("c-2", "t-2"));
        t3.deleteThread("t-2");

        JsonNode shell = get("/api/orchestration/shell").json();
        JsonNode snapshot = get("/api/orchestration/snapshot").json();

        assertThat(shell.get("threads")).extracting(t -> t.path("id").asText()).containsExactly("t-1");
        assertThat(snapshot.get("threads")).extracting(t -> t.path("id").asText()).containsExactly("t-1", "t-2");
        assertThat(snapshot.at("/threads/1/deletedAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void everyReadModelMatchesItsSchema() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go"));
        t3.startTurn("t-1");
        t3.addAssistantMessage("t-1", "AFK-PHASE: tests-red");
        t3.addActivity("t-1", "info", "turn.plan.updated", "Plan updated");
        t3.failTurn("t-1", "boom");
        dispatch(create("c-3", "t-2"));

        assertThat(T3SimSchemas.problems("read-model.schema.json", null, get("/api/orchestration/snapshot").json()))
                .isEmpty();
        assertThat(T3SimSchemas.problems("read-model.schema.json", "shellSnapshot",
                get("/api/orchestration/shell").json())).isEmpty();
        assertThat(T3SimSchemas.problems("read-model.schema.json", "threadDetailResponse",
                get("/api/orchestration/threads/t-1").json())).isEmpty();
        assertThat(T3SimSchemas.problems("read-model.schema.json", "threadDetailResponse",
                get("/api/orchestration/threads/t-2").json())).isEmpty();
    }

    @Test
    void anEmptyServerServesAnEmptySnapshot() {
        T3Simulator empty = new T3Simulator(0, Clock.fixed(NOW, ZoneOffset.UTC), TOKEN).start();
        try {
            t3.close();
            t3 = empty;
            JsonNode snapshot = get("/api/orchestration/snapshot").json();
            assertThat(snapshot.get("snapshotSequence").asLong()).isZero();
            assertThat(snapshot.get("threads")).isEmpty();
            assertThat(snapshot.get("projects")).isEmpty();
        } finally {
            empty.close();
        }
    }

    @Test
    void theTurnHookSeesEveryAcceptedNewTurnOnceAndCanDriveTheThread() {
        List<T3Simulator.TurnStarted> seen = new ArrayList<>();
        t3.onTurnStarted(seen::add);
        t3.onTurnStarted(turn -> {
            t3.startTurn(turn.threadId());
            t3.addAssistantMessage(turn.threadId(), "AFK-PHASE: tests-red");
        });
        dispatch(create("c-1", "t-1"));

        dispatch(turn("c-2", "t-1", "the prompt"));
        dispatch(turn("c-2", "t-1", "the prompt")); // a replay is not a new turn
        dispatch(turn("c-9", "t-unknown", "rejected")); // neither is a rejected one

        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.threadId()).isEqualTo("t-1");
            assertThat(s.title()).isEqualTo("acme/widgets#42");
            assertThat(s.text()).isEqualTo("the prompt");
            assertThat(s.turnId()).isEqualTo(t3.turnsFor("t-1").get(0).turnId());
            assertThat(s.requestedAt()).isEqualTo(NOW);
        });
        assertThat(t3.thread("t-1").orElseThrow().sessionStatus()).isEqualTo("running");
    }

    @Test
    void setSessionAndSetLatestTurnStateShapeTheThreadDirectly() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go"));

        t3.setLatestTurnState("t-1", "interrupted");
        t3.setSession("t-1", "interrupted", null);

        T3Simulator.ThreadSnapshot t = t3.thread("t-1").orElseThrow();
        assertThat(t.latestTurnState()).isEqualTo("interrupted");
        assertThat(t.latestTurnId()).isEqualTo(t3.turnsFor("t-1").get(0).turnId());
        assertThat(t.sessionStatus()).isEqualTo("interrupted");
        assertThat(t.lastError()).isNull();
    }

    @Test
    void injectedFaultsComeBeforeTheContract() {
        t3.inject(SimFault.reply("GET", "/api/orchestration/shell", 503, "", 1));

        assertThat(get("/api/orchestration/shell").status()).isEqualTo(503);
        assertThat(get("/api/orchestration/shell").status()).isEqualTo(200);
    }

    // ---- docs/reference/t3-control.md: interrupt and session stop ----

    /** Thread {@code id} with its first turn running. */
    String running(String id) {
        dispatch(create("create-" + id, id));
        dispatch(turn("turn-" + id, id, "go"));
        t3.startTurn(id);
        return t3.turnsFor(id).get(0).turnId();
    }

    JsonNode detail(String id) {
        JsonNode root = get("/api/orchestration/threads/" + id).json();
        assertThat(T3SimSchemas.problems("read-model.schema.json", "threadDetailResponse", root)).isEmpty();
        return root.get("thread");
    }

    Response interrupt(String commandId, String threadId) {
        return dispatch(T3Wire.turnInterrupt(commandId, threadId, null, NOW));
    }

    Response stop(String commandId, String threadId) {
        return dispatch(T3Wire.sessionStop(commandId, threadId, NOW));
    }

    static List<String> kinds(JsonNode thread) {
        List<String> kinds = new ArrayList<>();
        thread.get("activities").forEach(a -> kinds.add(a.path("kind").asText()));
        return kinds;
    }

    @Test
    void anInterruptedTurnLooksCompletedWithThePlaceholderAndNoAssistantMessage() {
        String turnId = running("t-1");

        assertThat(interrupt("c-9", "t-1").status()).isEqualTo(200);

        JsonNode thread = detail("t-1");
        assertThat(thread.at("/session/status").asText()).isEqualTo("ready");
        assertThat(thread.at("/session/activeTurnId").isNull()).isTrue();
        assertThat(thread.at("/session/lastError").isNull()).isTrue();
        assertThat(thread.at("/latestTurn/state").asText()).isEqualTo("completed");
        assertThat(thread.at("/latestTurn/completedAt").asText()).isEqualTo(NOW.toString());
        assertThat(thread.at("/latestTurn/assistantMessageId").asText()).isEqualTo("assistant:" + turnId);
        assertThat(thread.get("messages")).extracting(m -> m.path("role").asText()).containsExactly("user");
        assertThat(kinds(thread)).containsExactly("checkpoint.captured", "checkpoint.captured");
        assertThat(t3.controlsFor("t-1")).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("thread.turn.interrupt");
            assertThat(c.commandId()).isEqualTo("c-9");
            assertThat(c.turnId()).isNull();
        });
    }

    @Test
    void aReSentInterruptIsAnsweredFromItsReceiptAndRecordedOnce() {
        running("t-1");
        Response first = interrupt("c-9", "t-1");
        dispatch(create("c-other", "t-2"));

        Response again = interrupt("c-9", "t-1");

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(t3.controlsFor("t-1")).hasSize(1);
    }

    @Test
    void anInterruptWithoutASessionAddsTheErrorToneActivityAndChangesNothingElse() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go")); // requested, never picked up: session null

        assertThat(interrupt("c-3", "t-1").status()).isEqualTo(200);

        JsonNode thread = detail("t-1");
        assertThat(thread.get("session").isNull()).isTrue();
        assertThat(thread.get("activities")).singleElement().satisfies(a -> {
            assertThat(a.path("tone").asText()).isEqualTo("error");
            assertThat(a.path("kind").asText()).isEqualTo("provider.turn.interrupt.failed");
            assertThat(a.path("summary").asText()).isEqualTo("Provider turn interrupt failed");
            assertThat(a.at("/payload/detail").asText())
                    .isEqualTo("No active provider session is bound to this thread.");
            assertThat(a.get("turnId").isNull()).isTrue();
        });
    }

    @Test
    void anInterruptOfAStoppedSessionAddsTheErrorToneActivityToo() {
        running("t-1");
        stop("c-stop", "t-1");

        interrupt("c-int", "t-1");

        assertThat(kinds(detail("t-1"))).endsWith("provider.turn.interrupt.failed");
    }

    @Test
    void anInterruptOfAnIdleThreadShowsNothingUnlessItsTurnIdRelabelsTheFinishedTurn() {
        String turnId = running("t-1");
        t3.completeTurn("t-1");
        JsonNode before = detail("t-1");

        interrupt("c-3", "t-1");
        JsonNode after = detail("t-1");
        dispatch(T3Wire.turnInterrupt("c-4", "t-1", turnId, NOW));

        assertThat(after).isEqualTo(before);
        assertThat(detail("t-1").at("/latestTurn/state").asText()).isEqualTo("interrupted");
    }

    @Test
    void aStopOrInterruptOfAnUnknownThreadIsRefusedAndOfADeletedOneDoesNothing() {
        assertDispatchFailed(interrupt("c-1", "t-nowhere"));
        assertDispatchFailed(stop("c-2", "t-nowhere"));
        running("t-1");
        t3.deleteThread("t-1");

        assertThat(interrupt("c-3", "t-1").status()).isEqualTo(200);
        assertThat(stop("c-4", "t-1").status()).isEqualTo(200);

        assertThat(t3.thread("t-1").orElseThrow().sessionStatus()).isEqualTo("running");
        assertThat(t3.thread("t-1").orElseThrow().latestTurnState()).isEqualTo("running");
    }

    @Test
    void aSessionStopLeavesTheSessionStoppedAndTheTurnCompletedWithThePlaceholder() {
        String turnId = running("t-1");

        assertThat(stop("c-9", "t-1").status()).isEqualTo(200);

        JsonNode thread = detail("t-1");
        assertThat(thread.at("/session/status").asText()).isEqualTo("stopped");
        assertThat(thread.at("/session/lastError").isNull()).isTrue();
        assertThat(thread.at("/latestTurn/state").asText()).isEqualTo("completed");
        assertThat(thread.at("/latestTurn/assistantMessageId").asText()).isEqualTo("assistant:" + turnId);
        assertThat(t3.controlsFor("t-1")).extracting(T3Simulator.ControlCommand::type)
                .containsExactly("thread.session.stop");
    }

    @Test
    void onlyIfSettledIsRefusedAndAnotherStopOfAStoppedSessionGetsANewSequence() {
        running("t-1");
        ObjectNode onlyIfSettled = T3Wire.sessionStop("c-1", "t-1", NOW).put("onlyIfSettled", true);

        assertDispatchFailed(dispatch(onlyIfSettled));
        assertThat(t3.thread("t-1").orElseThrow().sessionStatus()).isEqualTo("running");

        Response first = stop("c-2", "t-1");
        Response again = stop("c-2", "t-1");
        Response second = stop("c-3", "t-1");

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(second.json().get("sequence").asLong()).isGreaterThan(first.json().get("sequence").asLong());
        assertThat(t3.controlsFor("t-1")).extracting(T3Simulator.ControlCommand::commandId)
                .containsExactly("c-2", "c-3");
    }

    @Test
    void aStopOfASessionlessThreadCreatesAProviderlessStoppedSessionAndTheQueuedTurnNeverRuns() {
        dispatch(create("c-1", "t-1"));
        dispatch(turn("c-2", "t-1", "go"));

        stop("c-3", "t-1");

        JsonNode session = detail("t-1").get("session");
        assertThat(session.path("status").asText()).isEqualTo("stopped");
        assertThat(session.get("providerName").isNull()).isTrue();
        assertThat(session.has("providerInstanceId")).isFalse();
        assertThat(session.get("lastError").isNull()).isTrue();
        String turnId = t3.turnsFor("t-1").get(0).turnId();
        assertThat(detail("t-1").at("/latestTurn/state").asText()).isEqualTo("completed");
        assertThat(detail("t-1").at("/latestTurn/assistantMessageId").asText()).isEqualTo("assistant:" + turnId);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t3.startTurn("t-1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInterruptCanStayRunningForSomeReads() {
        running("t-1");
        t3.settleInterruptsAfterReads("t-1", 2);

        interrupt("c-9", "t-1");

        assertThat(detail("t-1").at("/session/status").asText()).isEqualTo("running");
        assertThat(get("/api/orchestration/shell").json().at("/threads/0/session/status").asText())
                .isEqualTo("running");
        JsonNode third = detail("t-1");
        assertThat(third.at("/session/status").asText()).isEqualTo("ready");
        assertThat(third.at("/latestTurn/state").asText()).isEqualTo("completed");
    }

    @Test
    void anInterruptCanStayRunningForAClockDurationAndIsDatedWhenItWouldHaveSettled() {
        MovingClock clock = new MovingClock(NOW);
        t3.close();
        t3 = new T3Simulator(0, clock, TOKEN).start();
        t3.createProject(PROJECT, "/srv/checkouts/acme-widgets");
        running("t-1");
        t3.settleInterruptsAfter("t-1", Duration.ofSeconds(3));

        interrupt("c-9", "t-1");
        clock.now.set(NOW.plusMillis(2999));
        JsonNode early = detail("t-1");
        clock.now.set(NOW.plusSeconds(10));
        JsonNode late = detail("t-1");

        assertThat(early.at("/session/status").asText()).isEqualTo("running");
        assertThat(early.at("/latestTurn/state").asText()).isEqualTo("running");
        assertThat(late.at("/session/status").asText()).isEqualTo("ready");
        assertThat(late.at("/latestTurn/completedAt").asText()).isEqualTo(NOW.plusSeconds(3).toString());
    }

    @Test
    void aHeldInterruptOnlyCancelsThePromptInFlightAndTheNextOneSettles() {
        String turnId = running("t-1");
        t3.holdInterrupts("t-1", 1);
        JsonNode before = detail("t-1");

        interrupt("c-1", "t-1");
        JsonNode afterFirst = detail("t-1");
        interrupt("c-2", "t-1");

        assertThat(afterFirst.at("/session/status").asText()).isEqualTo("running");
        assertThat(afterFirst.at("/session/activeTurnId").asText()).isEqualTo(turnId);
        assertThat(afterFirst.at("/session/updatedAt")).isEqualTo(before.at("/session/updatedAt"));
        assertThat(detail("t-1").at("/session/status").asText()).isEqualTo("ready");
    }

    @Test
    void anInterruptThatNeverSettlesEndsOnlyWithASessionStop() {
        running("t-1");
        t3.interruptsNeverSettle("t-1");

        interrupt("c-1", "t-1");
        interrupt("c-2", "t-1");
        interrupt("c-3", "t-1");
        assertThat(detail("t-1").at("/session/status").asText()).isEqualTo("running");

        stop("c-4", "t-1");
        JsonNode thread = detail("t-1");
        assertThat(thread.at("/session/status").asText()).isEqualTo("stopped");
        assertThat(thread.at("/latestTurn/state").asText()).isEqualTo("completed");
    }

    @Test
    void aReportThatBeatTheInterruptIsTheTurnsAssistantMessage() {
        String turnId = running("t-1");
        t3.reportOnInterrupt("t-1", "AFK-PHASE: pushed 3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a");

        interrupt("c-1", "t-1");

        JsonNode thread = detail("t-1");
        JsonNode reply = thread.at("/messages/1");
        assertThat(reply.path("role").asText()).isEqualTo("assistant");
        assertThat(reply.path("turnId").asText()).isEqualTo(turnId);
        assertThat(reply.path("text").asText()).startsWith("AFK-PHASE: pushed");
        assertThat(thread.at("/latestTurn/state").asText()).isEqualTo("completed");
        assertThat(thread.at("/latestTurn/assistantMessageId").asText()).isEqualTo(reply.path("id").asText());
    }
}
