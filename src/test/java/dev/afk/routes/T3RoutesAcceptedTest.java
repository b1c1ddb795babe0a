package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.FixForwardTurn;
import dev.afk.adapter.T3Accepted;
import dev.afk.core.IssueKey;
import dev.afk.core.RunIds;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import dev.afk.sim.T3Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code direct:t3-dispatch} and {@code direct:t3-turn} answer with {@link T3Accepted}: the time of the turn is the
 * one T3 recorded (the {@code createdAt} of the turn's user message), read back from the thread detail, never AFK's
 * clock and never the clock of a retry. T3's clock ({@link #t3Clock}) is years away from AFK's, and moved by hand.
 */
class T3RoutesAcceptedTest extends T3RoutesBaseTest {

    static final String SHA = "3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";

    T3Accepted dispatch(DispatchRequest request) {
        return template.requestBody("direct:t3-dispatch", request, T3Accepted.class);
    }

    T3Accepted fixForward(IssueKey key, String threadId, int round) {
        return template.requestBody("direct:t3-turn", new FixForwardTurn(key, threadId, round, SHA, List.of()),
                T3Accepted.class);
    }

    /** The createdAt the simulated T3 holds for one message of the thread. */
    static Instant recorded(String threadId, String messageId) {
        return t3.thread(threadId).orElseThrow().userMessages().stream().filter(m -> m.id().equals(messageId))
                .findFirst().orElseThrow().createdAt();
    }

    /** The createdAt AFK itself put into the last thread.turn.start it sent. */
    static Instant sentCreatedAt() {
        List<JsonNode> turns = T3RoutesTest.dispatched(t3).stream()
                .filter(b -> b.path("type").asText().equals("thread.turn.start")).toList();
        return Instant.parse(turns.get(turns.size() - 1).path("createdAt").asText());
    }

    double failures(Kind kind) {
        return counted("afk.adapter.failures", "system", "t3", "kind", kind.name());
    }

    @Test
    void aDispatchIsDatedByTheTimeT3RecordedForTheTurnsMessageNotByAfksClock() {
        DispatchRequest request = new DispatchRequest(issue("acme/widgets", 300), 1);
        String threadId = RunIds.threadId(request.issue().key(), 1);

        T3Accepted accepted = dispatch(request);

        assertThat(accepted.threadId()).isEqualTo(threadId);
        assertThat(accepted.requestedAt()).isEqualTo(recorded(threadId, RunIds.turnMessageId(threadId)))
                .isEqualTo(t3.turnsFor(threadId).get(0).requestedAt());
        // AFK's own createdAt was replaced by T3 (it is years off T3's clock): it must not come back.
        assertThat(Duration.between(accepted.requestedAt(), sentCreatedAt()).abs()).isGreaterThan(Duration.ofDays(1));
        assertThat(t3.requests()).extracting(r -> r.method() + " " + r.path()).endsWith(
                "GET /api/orchestration/threads/" + threadId);
    }

    @Test
    void aReSentDispatchGetsTheOriginalTimeNotTheRetrysClock() {
        DispatchRequest request = new DispatchRequest(issue("acme/widgets", 301), 1);
        T3Accepted first = dispatch(request);
        t3Clock.advance(Duration.ofHours(1));
        Instant retryTime = t3Clock.instant();

        T3Accepted again = dispatch(request);

        assertThat(again).isEqualTo(first);
        assertThat(again.requestedAt()).isBefore(retryTime.minus(Duration.ofMinutes(59)));
        assertThat(t3.turnsFor(first.threadId())).hasSize(1);
        assertThat(t3.requests()).extracting(SimRequest::status).containsOnly(200);
    }

    @Test
    void aFixForwardTurnIsDatedByItsOwnMessageAndAReSentRoundKeepsTheOriginalTime() {
        IssueKey key = IssueKey.of("acme/widgets", 302);
        T3Accepted dispatched = dispatch(new DispatchRequest(issue("acme/widgets", 302), 1));
        String threadId = dispatched.threadId();
        t3Clock.advance(Duration.ofMinutes(30));

        T3Accepted round1 = fixForward(key, threadId, 1);

        assertThat(round1.threadId()).isEqualTo(threadId);
        assertThat(round1.requestedAt()).isEqualTo(recorded(threadId, RunIds.fixForwardMessageId(threadId, 1)))
                .isEqualTo(t3.turnsFor(threadId).get(1).requestedAt())
                .isAfterOrEqualTo(dispatched.requestedAt().plus(Duration.ofMinutes(30)));
        assertThat(Duration.between(round1.requestedAt(), sentCreatedAt()).abs()).isGreaterThan(Duration.ofDays(1));

        t3Clock.advance(Duration.ofHours(2));
        T3Accepted resent = fixForward(key, threadId, 1);

        assertThat(resent).isEqualTo(round1);
        assertThat(t3.turnsFor(threadId)).hasSize(2);
    }

    @Test
    void aDetailWithoutTheTurnsMessageIsMalformedCountedOnceAndTheNextTryGetsTheOriginalTime() {
        DispatchRequest request = new DispatchRequest(issue("acme/widgets", 303), 1);
        String threadId = RunIds.threadId(request.issue().key(), 1);
        String detailPath = "/api/orchestration/threads/" + threadId;
        t3.inject(SimFault.reply("GET", detailPath, 200, "{\"snapshotSequence\":9,\"thread\":{\"id\":\"" + threadId
                + "\",\"messages\":[],\"updatedAt\":\"2031-03-04T05:06:07Z\"}}", -1));

        AdapterFailure f = failureOf(() -> dispatch(request));

        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(f.getMessage()).contains(RunIds.turnMessageId(threadId));
        assertThat(failures(Kind.MALFORMED)).isEqualTo(1.0);
        assertThat(t3.requests()).filteredOn(r -> r.path().equals(detailPath)).hasSize(1); // not retried in-call
        Instant recordedAt = recorded(threadId, RunIds.turnMessageId(threadId));

        t3.clearFaults();
        t3Clock.advance(Duration.ofHours(1)); // the next tick
        T3Accepted accepted = dispatch(request);

        assertThat(accepted.requestedAt()).isEqualTo(recordedAt);
        assertThat(t3.turnsFor(threadId)).hasSize(1);
    }

    @Test
    void aFixForwardDetailWithoutTheRoundsMessageIsMalformed() {
        IssueKey key = IssueKey.of("acme/widgets", 304);
        String threadId = dispatch(new DispatchRequest(issue("acme/widgets", 304), 1)).threadId();
        // A detail that holds the first turn's message but not this round's.
        T3Simulator.Message first = t3.thread(threadId).orElseThrow().userMessages().get(0);
        t3.inject(SimFault.reply("GET", "/api/orchestration/threads/" + threadId, 200,
                "{\"snapshotSequence\":9,\"thread\":{\"id\":\"" + threadId + "\",\"messages\":[{\"id\":\""
                        + first.id() + "\",\"role\":\"user\",\"text\":\"x\",\"turnId\":null,\"streaming\":false,"
                        + "\"createdAt\":\"" + first.createdAt() + "\",\"updatedAt\":\"" + first.createdAt()
                        + "\"}],\"updatedAt\":\"2031-03-04T05:06:07Z\"}}", -1));

        AdapterFailure f = failureOf(() -> fixForward(key, threadId, 1));

        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(failures(Kind.MALFORMED)).isEqualTo(1.0);
        assertThat(t3.turnsFor(threadId)).hasSize(2); // T3 did take the turn; only its time was unreadable
    }

    @Test
    void aTransientFailureOfTheDetailReadIsRetriedWithoutResendingTheTurn() {
        DispatchRequest request = new DispatchRequest(issue("acme/widgets", 305), 1);
        String threadId = RunIds.threadId(request.issue().key(), 1);
        t3.inject(SimFault.reply("GET", "/api/orchestration/threads/" + threadId, 503, "", 1));

        T3Accepted accepted = dispatch(request);

        assertThat(accepted.requestedAt()).isEqualTo(recorded(threadId, RunIds.turnMessageId(threadId)));
        assertThat(t3.requests()).extracting(r -> r.method() + " " + r.status()).containsExactly(
                "POST 200", "POST 200", "GET 503", "GET 200");
    }
}
