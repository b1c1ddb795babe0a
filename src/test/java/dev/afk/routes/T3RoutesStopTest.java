package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.StopRequest;
import dev.afk.adapter.T3Accepted;
import dev.afk.adapter.T3Sent;
import dev.afk.adapter.T3StopState;
import dev.afk.adapter.T3StopState.TurnEnd;
import dev.afk.core.Phase;
import dev.afk.core.RunIds;
import dev.afk.core.ThreadView;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import dev.afk.sim.T3SimSchemas;
import dev.afk.sim.T3Simulator.ControlCommand;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/**
 * The stop contracts of {@code routes/t3.camel.yaml} ({@code direct:t3-interrupt}, {@code direct:t3-session-stop},
 * {@code direct:t3-stop-state}) over real HTTP against {@link dev.afk.sim.T3Simulator}, which validates every
 * command against the reference schema and plays the awkward providers of docs/reference/t3-control.md. Nothing here waits on
 * time: the simulator's settles are moved by reads and by the hand-moved {@link #t3Clock}.
 */
class T3RoutesStopTest extends T3RoutesBaseTest {

    static final String DISPATCH = "/api/orchestration/dispatch";
    static final String SHA = "3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";
    static final String ERROR_HANDLER_LOGGER = "org.apache.camel.processor.errorhandler";

    /** Attempt 1 of issue {@code number}, dispatched; its turn has not started yet (session null, §9). */
    String dispatched(int number) {
        return template.requestBody("direct:t3-dispatch", new DispatchRequest(issue("acme/widgets", number), 1),
                T3Accepted.class).threadId();
    }

    /** Attempt 1 of issue {@code number} with its turn running; the requests so far are forgotten. */
    String running(int number) {
        String threadId = dispatched(number);
        t3.startTurn(threadId);
        t3.clearRequests();
        return threadId;
    }

    T3Sent interrupt(String threadId, int round) {
        return template.requestBody("direct:t3-interrupt", new StopRequest(threadId, round), T3Sent.class);
    }

    T3Sent stop(String threadId, int round) {
        return template.requestBody("direct:t3-session-stop", new StopRequest(threadId, round), T3Sent.class);
    }

    T3StopState state(String threadId) {
        return template.requestBody("direct:t3-stop-state", threadId, T3StopState.class);
    }

    /** The stop commands AFK sent, as parsed bodies. */
    static List<JsonNode> sent(String type) {
        return T3RoutesTest.dispatched(t3).stream().filter(b -> b.path("type").asText().equals(type)).toList();
    }

    long calls(String method, String path) {
        return t3.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    double failures(Kind kind) {
        return counted("afk.adapter.failures", "system", "t3", "kind", kind.name());
    }

    double allFailures() {
        return meters().find("afk.adapter.failures").counters().stream().mapToDouble(Counter::count).sum();
    }

    // ---- the commands ----

    @Test
    void anInterruptIsTheSchemaValidCommandWithTheDerivedIdAndNoTurnId() {
        String threadId = running(500);

        T3Sent sent = interrupt(threadId, 1);

        assertThat(sent.threadId()).isEqualTo(threadId);
        assertThat(sent.sequence()).isPositive();
        assertThat(sent("thread.turn.interrupt")).singleElement().satisfies(body -> {
            assertThat(T3SimSchemas.commandProblems(body)).isEmpty();
            assertThat(body.path("commandId").asText()).isEqualTo(RunIds.interruptCommandId(threadId, 1));
            assertThat(body.path("threadId").asText()).isEqualTo(threadId);
            assertThat(body.has("turnId")).as("turnId chooses nothing (§3.5): left out").isFalse();
            assertThat(body.path("createdAt").isTextual()).isTrue();
        });
        assertThat(t3.controlsFor(threadId)).extracting(ControlCommand::commandId)
                .containsExactly(RunIds.interruptCommandId(threadId, 1));
        assertThat(t3.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly("POST " + DISPATCH);
    }

    @Test
    void aReSentInterruptIsTheSameCommandAnsweredWithTheSameSequenceAndRecordedOnce() {
        String threadId = running(501);
        T3Sent first = interrupt(threadId, 1);
        t3Clock.advance(Duration.ofMinutes(5));
        dispatched(502); // T3's sequence moves on meanwhile

        T3Sent again = interrupt(threadId, 1);

        assertThat(again).isEqualTo(first);
        assertThat(t3.controlsFor(threadId)).hasSize(1);
        List<JsonNode> bodies = sent("thread.turn.interrupt");
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1).path("commandId")).isEqualTo(bodies.get(0).path("commandId"));
        assertThat(t3.requests()).extracting(SimRequest::status).containsOnly(200);
    }

    @Test
    void aSessionStopIsTheSchemaValidCommandWithTheDerivedIdAndNoOnlyIfSettled() {
        String threadId = running(503);

        T3Sent sent = stop(threadId, 1);
        T3Sent again = stop(threadId, 1);

        assertThat(again).isEqualTo(sent);
        assertThat(sent("thread.session.stop")).hasSize(2).allSatisfy(body -> {
            assertThat(T3SimSchemas.commandProblems(body)).isEmpty();
            assertThat(body.path("commandId").asText()).isEqualTo(RunIds.sessionStopCommandId(threadId, 1));
            assertThat(body.has("onlyIfSettled")).as("it would refuse any unsettled thread (§7.2)").isFalse();
        });
        assertThat(t3.controlsFor(threadId)).singleElement()
                .satisfies(c -> assertThat(c.type()).isEqualTo("thread.session.stop"));
        T3StopState state = state(threadId);
        assertThat(state.settled()).isTrue();
        assertThat(state.sessionStopped()).isTrue();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.STOPPED);
    }

    // ---- the stop state of each awkward provider ----

    @Test
    void aPromptInterruptReadsSettledAndStoppedDatedByT3() {
        String threadId = running(504);
        interrupt(threadId, 1);
        Instant received = t3.controlsFor(threadId).get(0).receivedAt();

        T3StopState state = state(threadId);

        assertThat(state.threadId()).isEqualTo(threadId);
        assertThat(state.sessionStatus()).isEqualTo("ready");
        assertThat(state.settled()).isTrue();
        assertThat(state.sessionStopped()).isFalse();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.STOPPED);
        assertThat(state.latestTurnId()).isEqualTo(t3.turnsFor(threadId).get(0).turnId());
        assertThat(state.settledAt()).isEqualTo(received);
        assertThat(state.interruptFoundNoSession()).isFalse();
        assertThat(state.agentErrors()).isEmpty();
        assertThat(t3.requests()).extracting(r -> r.method() + " " + r.path()).endsWith(
                "GET /api/orchestration/threads/" + threadId);
    }

    @Test
    void aTurnTheAgentFinishedReadsFinishedNotStopped() {
        String threadId = running(505);
        t3.addAssistantMessage(threadId, "AFK-PHASE: green");
        t3.completeTurn(threadId);

        T3StopState state = state(threadId);

        assertThat(state.settled()).isTrue();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.FINISHED);
    }

    @Test
    void anInterruptThatSettlesAfterSomeReadsIsRunningUntilThen() {
        String threadId = running(506);
        t3.settleInterruptsAfterReads(threadId, 2);
        interrupt(threadId, 1);

        T3StopState first = state(threadId);
        T3StopState second = state(threadId);
        T3StopState third = state(threadId);

        assertThat(List.of(first, second)).allSatisfy(s -> {
            assertThat(s.sessionStatus()).isEqualTo("running");
            assertThat(s.settled()).isFalse();
            assertThat(s.latestTurn()).isEqualTo(TurnEnd.RUNNING);
            assertThat(s.settledAt()).isNull();
        });
        assertThat(third.settled()).isTrue();
        assertThat(third.latestTurn()).isEqualTo(TurnEnd.STOPPED);
        assertThat(third.settledAt()).isAfter(t3.controlsFor(threadId).get(0).receivedAt());
    }

    @Test
    void anInterruptThatSettlesAfterAWhileIsDatedWhenT3SettledItNotWhenAfkLooked() {
        String threadId = running(507);
        t3.settleInterruptsAfter(threadId, Duration.ofSeconds(3));
        interrupt(threadId, 1);
        Instant received = t3.controlsFor(threadId).get(0).receivedAt();

        T3StopState early = state(threadId);
        t3Clock.advance(Duration.ofMinutes(2));
        T3StopState late = state(threadId);

        assertThat(early.settled()).isFalse();
        assertThat(late.settled()).isTrue();
        assertThat(late.latestTurn()).isEqualTo(TurnEnd.STOPPED);
        assertThat(late.settledAt()).isEqualTo(received.plusSeconds(3));
    }

    @Test
    void aQueuedSteerNeedsASecondRoundWhichIsANewCommand() {
        String threadId = running(508);
        t3.holdInterrupts(threadId, 1);

        T3Sent round1 = interrupt(threadId, 1);
        T3StopState afterRound1 = state(threadId);
        T3Sent round2 = interrupt(threadId, 2);
        T3StopState afterRound2 = state(threadId);

        assertThat(afterRound1.settled()).isFalse();
        assertThat(round2.sequence()).isGreaterThan(round1.sequence());
        assertThat(t3.controlsFor(threadId)).extracting(ControlCommand::commandId).containsExactly(
                RunIds.interruptCommandId(threadId, 1), RunIds.interruptCommandId(threadId, 2));
        assertThat(afterRound2.settled()).isTrue();
        assertThat(afterRound2.latestTurn()).isEqualTo(TurnEnd.STOPPED);
    }

    @Test
    void anInterruptThatNeverSettlesEndsWithTheSessionStop() {
        String threadId = running(509);
        t3.interruptsNeverSettle(threadId);
        interrupt(threadId, 1);
        interrupt(threadId, 2);
        assertThat(state(threadId).settled()).isFalse();

        stop(threadId, 1);
        T3StopState state = state(threadId);

        assertThat(state.settled()).isTrue();
        assertThat(state.sessionStopped()).isTrue();
        assertThat(state.latestTurn()).isEqualTo(TurnEnd.STOPPED);
    }

    @Test
    void aPushedReportThatBeatTheInterruptReadsFinishedAndTheReportIsInTheThread() {
        String threadId = running(510);
        t3.reportOnInterrupt(threadId, "Pushed the fix.\nAFK-PHASE: pushed " + SHA + "\n");

        interrupt(threadId, 1);
        T3StopState state = state(threadId);
        ThreadView view = template.requestBody("direct:t3-thread", threadId, ThreadView.class);

        assertThat(state.settled()).isTrue();
        assertThat(state.latestTurn()).as("the agent replied in that turn").isEqualTo(TurnEnd.FINISHED);
        assertThat(view.reports()).singleElement().satisfies(r -> {
            assertThat(r.phase()).isEqualTo(Phase.PUSHED);
            assertThat(r.sha()).isEqualTo(SHA);
        });
    }

    @Test
    void anInterruptOfASessionlessThreadIsNotAnAgentFailureAndTheStopSettlesIt() {
        String threadId = dispatched(511); // the turn was never picked up: session null

        interrupt(threadId, 1);
        T3StopState afterInterrupt = state(threadId);
        ThreadView watcherView = template.requestBody("direct:t3-thread", threadId, ThreadView.class);
        stop(threadId, 1);
        T3StopState afterStop = state(threadId);

        assertThat(afterInterrupt.sessionStatus()).isNull();
        assertThat(afterInterrupt.settled()).isFalse();
        assertThat(afterInterrupt.interruptFoundNoSession()).isTrue();
        assertThat(afterInterrupt.agentErrors()).isEmpty();
        // Neither the watcher's view nor the stop state reads AFK's own interrupt of a session-less thread as the
        // agent failing (docs/reference/t3-control.md §3.3, §8).
        assertThat(watcherView.errors()).isEmpty();
        assertThat(afterStop.settled()).isTrue();
        assertThat(afterStop.sessionStopped()).isTrue();
        assertThat(afterStop.latestTurn()).as("the queued turn never reached the agent (§7.2)")
                .isEqualTo(TurnEnd.STOPPED);
        assertThat(afterStop.interruptFoundNoSession()).isTrue();
        assertThat(afterStop.agentErrors()).isEmpty();
    }

    // ---- failures ----

    @Test
    void anInterruptOfAnUnknownThreadIsRejectedAndNotRetried() {
        AdapterFailure f = failureOf(() -> interrupt("no-such-thread", 1));

        assertThat(f.kind()).isEqualTo(Kind.REJECTED);
        assertThat(f.operation()).isEqualTo("thread.turn.interrupt");
        assertThat(calls("POST", DISPATCH)).isEqualTo(1);
        assertThat(failures(Kind.REJECTED)).isEqualTo(1.0);
    }

    @Test
    void aTransientFailureIsRetriedWithTheSameCommandAndRecordedOnce() {
        String threadId = running(512);
        t3.inject(SimFault.reply("POST", DISPATCH, 503, "upstream busy", 2), "\"thread.turn.interrupt\"");

        T3Sent sent = interrupt(threadId, 1);

        assertThat(sent.threadId()).isEqualTo(threadId);
        assertThat(t3.requests()).extracting(SimRequest::status).containsExactly(503, 503, 200);
        assertThat(sent("thread.turn.interrupt")).extracting(b -> b.path("commandId").asText()).containsOnly(
                RunIds.interruptCommandId(threadId, 1));
        assertThat(t3.controlsFor(threadId)).hasSize(1);
        assertThat(allFailures()).isZero();
    }

    @Test
    void aPersistentServerFailureOfTheStopIsServerAfterTheBoundedRetriesCountedOnceAndRetriesLogAtDebug() {
        String threadId = running(513);
        t3.inject(SimFault.reply("POST", DISPATCH, 503, "", -1), "\"thread.session.stop\"");
        Level original = LogManager.getLogger(ERROR_HANDLER_LOGGER).getLevel();
        Configurator.setLevel(ERROR_HANDLER_LOGGER, Level.DEBUG);
        AdapterFailure f;
        try (CapturedLogs logs = CapturedLogs.attach()) {
            f = failureOf(() -> stop(threadId, 1));

            assertThat(logs.lines()).as("the retries were logged, at DEBUG").filteredOn(
                    l -> l.text().contains("On delivery attempt")).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.level()).isEqualTo(Level.DEBUG));
            assertThat(logs.lines()).as(logs.all()).filteredOn(l -> l.level().isMoreSpecificThan(Level.WARN))
                    .singleElement().satisfies(l -> {
                        assertThat(l.logger()).isEqualTo("afk.adapter");
                        assertThat(l.text()).contains("thread.session.stop").contains("SERVER")
                                .contains("(after retries)").doesNotContain("\n");
                    });
        } finally {
            Configurator.setLevel(ERROR_HANDLER_LOGGER, original);
        }
        assertThat(f.kind()).isEqualTo(Kind.SERVER);
        assertThat(calls("POST", DISPATCH)).isEqualTo(3); // 1 + afk.http.retries=2
        assertThat(failures(Kind.SERVER)).isEqualTo(1.0);
        assertThat(allFailures()).isEqualTo(1.0);
        assertThat(t3.thread(threadId).orElseThrow().sessionStatus()).isEqualTo("running");
    }

    @Test
    void aSchemaRefusalIsBadRequestAndNotRetried() {
        String threadId = running(514);
        t3.inject(SimFault.reply("POST", DISPATCH, 400, "", -1), "\"thread.turn.interrupt\"");

        AdapterFailure f = failureOf(() -> interrupt(threadId, 1));

        assertThat(f.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(calls("POST", DISPATCH)).isEqualTo(1);
        assertThat(failures(Kind.BAD_REQUEST)).isEqualTo(1.0);
    }

    @Test
    void aStopReplyWithoutASequenceIsMalformedAndNotRetried() {
        String threadId = running(515);
        t3.inject(SimFault.reply("POST", DISPATCH, 200, "{\"threadId\":\"x\"}", -1), "\"thread.session.stop\"");

        AdapterFailure f = failureOf(() -> stop(threadId, 1));

        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(f.operation()).isEqualTo("thread.session.stop");
        assertThat(calls("POST", DISPATCH)).isEqualTo(1);
        assertThat(failures(Kind.MALFORMED)).isEqualTo(1.0);
    }

    @Test
    void theStopStateOfAnUnknownThreadIsNotFound() {
        AdapterFailure f = failureOf(() -> state("no-such-thread"));

        assertThat(f.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(f.operation()).isEqualTo("stop-state");
        assertThat(calls("GET", "/api/orchestration/threads/no-such-thread")).isEqualTo(1);
        assertThat(failures(Kind.NOT_FOUND)).isEqualTo(1.0);
    }

    @Test
    void aDetailThatCannotBeJudgedIsOneQuietMalformedFailure() {
        String threadId = running(516);
        t3.inject(SimFault.reply("GET", "/api/orchestration/threads/.*", 200, "{\"snapshotSequence\":1,\"thread\":"
                + "{\"id\":\"" + threadId + "\",\"messages\":[],\"session\":{\"status\":\"paused\"}}}", -1));

        AdapterFailure f;
        try (CapturedLogs logs = CapturedLogs.attach()) {
            f = failureOf(() -> state(threadId));

            assertThat(logs.lines()).as(logs.all()).filteredOn(l -> l.level().isMoreSpecificThan(Level.WARN))
                    .singleElement().satisfies(l -> {
                        assertThat(l.logger()).isEqualTo("afk.adapter");
                        assertThat(l.text()).contains("MALFORMED").contains("paused").doesNotContain("\n");
                    });
            assertThat(logs.all()).doesNotContain("RuntimeBeanExpressionException", "\tat ");
        }
        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(calls("GET", "/api/orchestration/threads/" + threadId)).isEqualTo(1);
        assertThat(allFailures()).isEqualTo(1.0);
    }

    @Test
    void noInboundHeaderLeaksIntoTheStopRequests() {
        String threadId = running(517);
        Map<String, Object> inbound = Map.of("fireTime", "Mon Nov 24 07:00:00 UTC 2026", "ETag", "\"abc\"",
                "X-Custom", "leak");

        template.requestBodyAndHeaders("direct:t3-interrupt", StopRequest.first(threadId), inbound, T3Sent.class);
        template.requestBodyAndHeaders("direct:t3-session-stop", StopRequest.first(threadId), inbound, T3Sent.class);
        template.requestBodyAndHeaders("direct:t3-stop-state", threadId, inbound, T3StopState.class);

        assertThat(t3.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.headers().keySet()).map(String::toLowerCase).doesNotContain("firetime", "etag", "x-custom");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        });
    }
}
