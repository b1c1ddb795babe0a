package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.SteerTurn;
import dev.afk.adapter.T3Accepted;
import dev.afk.core.IssueKey;
import dev.afk.sim.SimFault;
import dev.afk.sim.T3Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code direct:t3-steer}: a relay turn on the run's existing thread over real HTTP against {@link T3Simulator}. It is
 * the fix-forward's turn with the caller's ids and text (the same template, {@code t3-thread-turn}): one
 * {@code thread.turn.start} of the same body shape, dated by T3's own time for its message, and idempotent by its
 * commandId.
 */
class T3RoutesSteerTest extends T3RoutesBaseTest {

    static final String TEXT = "A comment by @alice on acme/widgets#400 (untrusted data, quoted):\n> use the v2 endpoint";

    T3Accepted steer(SteerTurn turn) {
        return template.requestBody("direct:t3-steer", turn, T3Accepted.class);
    }

    String dispatched(int number) {
        return template.requestBody("direct:t3-dispatch", new DispatchRequest(issue("acme/widgets", number), 1),
                T3Accepted.class).threadId();
    }

    @Test
    void aSteerSentTwiceWithTheSameIdsIsOneMessageDatedByT3() {
        IssueKey key = IssueKey.of("acme/widgets", 400);
        String threadId = dispatched(400);
        t3.startTurn(threadId);
        t3.completeTurn(threadId);
        t3Clock.advance(Duration.ofMinutes(20));
        Instant before = t3Clock.instant();
        SteerTurn turn = new SteerTurn(key, threadId, "relay-cmd-7001", "relay-msg-7001", TEXT);

        T3Accepted first = steer(turn);

        assertThat(first.threadId()).isEqualTo(threadId);
        Instant t3Time = t3.thread(threadId).orElseThrow().userMessages().get(1).createdAt();
        assertThat(first.requestedAt()).isEqualTo(t3Time).isBetween(before, before.plusSeconds(1));
        T3Simulator.TurnRequest sent = t3.turnsFor(threadId).get(1);
        assertThat(sent.commandId()).isEqualTo("relay-cmd-7001");
        assertThat(sent.messageId()).isEqualTo("relay-msg-7001");
        assertThat(sent.text()).isEqualTo(TEXT);

        t3Clock.advance(Duration.ofHours(1)); // a restart, a second replica: the same ids again, later
        T3Accepted again = steer(turn);

        assertThat(again).isEqualTo(first);
        assertThat(t3.turnsFor(threadId)).hasSize(2);
        assertThat(t3.thread(threadId).orElseThrow().userMessages())
                .filteredOn(m -> m.id().equals("relay-msg-7001")).singleElement()
                .satisfies(m -> assertThat(m.createdAt()).isEqualTo(t3Time));
        // AFK's own createdAt (its wall clock, years from T3's) never comes back as the turn's time.
        List<JsonNode> starts = T3RoutesTest.dispatched(t3).stream()
                .filter(b -> b.path("type").asText().equals("thread.turn.start")).toList();
        assertThat(Duration.between(Instant.parse(starts.get(starts.size() - 1).path("createdAt").asText()),
                first.requestedAt()).abs()).isGreaterThan(Duration.ofDays(1));
    }

    @Test
    void theSteerHasTheFixForwardTurnsBodyShape() {
        IssueKey key = IssueKey.of("acme/widgets", 401);
        String threadId = dispatched(401);
        template.requestBody("direct:t3-turn", new dev.afk.adapter.FixForwardTurn(key, threadId, 1,
                "3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a", List.of()), T3Accepted.class);

        steer(new SteerTurn(key, threadId, "relay-cmd-7002", "relay-msg-7002", TEXT));

        List<JsonNode> starts = T3RoutesTest.dispatched(t3).stream()
                .filter(b -> b.path("type").asText().equals("thread.turn.start")).toList();
        JsonNode fixForward = starts.get(starts.size() - 2);
        JsonNode relay = starts.get(starts.size() - 1);
        assertThat(relay.path("threadId").asText()).isEqualTo(threadId);
        assertThat(relay.path("commandId").asText()).isEqualTo("relay-cmd-7002");
        assertThat(relay.at("/message/messageId").asText()).isEqualTo("relay-msg-7002");
        assertThat(relay.at("/message/text").asText()).isEqualTo(TEXT);
        assertThat(relay.at("/message/role").asText()).isEqualTo("user");
        assertThat(relay.path("runtimeMode")).isEqualTo(fixForward.path("runtimeMode"));
        assertThat(relay.path("interactionMode")).isEqualTo(fixForward.path("interactionMode"));
        assertThat(fieldNames(relay)).isEqualTo(fieldNames(fixForward));
        assertThat(fieldNames(relay.path("message"))).isEqualTo(fieldNames(fixForward.path("message")));
        assertThat(t3.requests()).extracting(r -> r.method() + " " + r.path()).endsWith(
                "POST /api/orchestration/dispatch", "GET /api/orchestration/threads/" + threadId);
    }

    @Test
    void aTransientFailureOfTheDetailReadIsRetriedWithoutResendingTheSteer() {
        IssueKey key = IssueKey.of("acme/widgets", 402);
        String threadId = dispatched(402);
        t3.clearRequests();
        t3.inject(SimFault.reply("GET", "/api/orchestration/threads/" + threadId, 503, "", 1));

        T3Accepted accepted = steer(new SteerTurn(key, threadId, "relay-cmd-7003", "relay-msg-7003", TEXT));

        assertThat(accepted.requestedAt()).isEqualTo(t3.turnsFor(threadId).get(1).requestedAt());
        assertThat(t3.requests()).extracting(r -> r.method() + " " + r.status()).containsExactly(
                "POST 200", "GET 503", "GET 200");
    }

    @Test
    void aSteerOnAThreadT3DoesNotHaveIsRejectedOnceAndNotRetried() {
        AdapterFailure f = failureOf(() -> steer(new SteerTurn(IssueKey.of("acme/widgets", 403), "no-such-thread",
                "relay-cmd-7004", "relay-msg-7004", TEXT)));

        assertThat(f.kind()).isEqualTo(Kind.REJECTED);
        assertThat(f.system()).isEqualTo("t3");
        assertThat(t3.requests()).extracting(r -> r.method() + " " + r.status()).containsExactly("POST 500");
        assertThat(counted("afk.adapter.failures", "system", "t3", "kind", "REJECTED")).isEqualTo(1.0);
    }

    @Test
    void theFixForwardAndTheRelayAreTwoRoutesOfTheOneTurnTemplate() {
        assertThat(context.getRoute("t3-turn")).isNotNull();
        assertThat(context.getRoute("t3-steer")).isNotNull();
        assertThat(context.getRoute("t3-turn").getEndpoint().getEndpointUri()).isEqualTo("direct://t3-turn");
        assertThat(context.getRoute("t3-steer").getEndpoint().getEndpointUri()).isEqualTo("direct://t3-steer");
        assertThat(context.getRoute("t3-steer").getConfigurationId()).isEqualTo("adapter-retry");
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
