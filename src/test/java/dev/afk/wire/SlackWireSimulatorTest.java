package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.afk.sim.SlackSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Slack simulator answers like an incoming webhook, and accepts exactly what SlackWire produces. */
class SlackWireSimulatorTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    final HttpClient http = HttpClient.newHttpClient();
    SlackSimulator slack;

    @BeforeEach
    void start() {
        slack = new SlackSimulator(0, Clock.fixed(NOW, ZoneOffset.UTC)).start();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(slack.baseUrl() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSlackWireMessageIsAnsweredOkAndRecorded() throws Exception {
        String json = SlackWire.json(SlackWireTest.HANDOFF);

        HttpResponse<String> r = post("/hook", "application/json; charset=utf-8", json);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
        assertThat(slack.violations()).isEmpty();
        assertThat(slack.posts()).singleElement().satisfies(p -> {
            assertThat(p.at()).isEqualTo(NOW);
            assertThat(p.message().path("text").asText()).contains("acme/widgets#42");
        });
        assertThat(slack.webhookUrl()).isEqualTo(slack.baseUrl() + "/hook");
    }

    @ParameterizedTest(name = "{0} → 400 {1}")
    @CsvSource(delimiterString = " => ", value = {
        "not json => invalid_payload",
        "[] => invalid_payload",
        "{\"blocks\":[{\"type\":\"divider\"}]} => invalid_payload",
        "{\"text\":\"  \",\"blocks\":[{\"type\":\"divider\"}]} => invalid_payload",
        "{\"text\":\"hi\"} => invalid_blocks",
        "{\"text\":\"hi\",\"blocks\":{}} => invalid_blocks",
        "{\"text\":\"hi\",\"blocks\":[\"section\"]} => invalid_blocks",
        "{\"text\":\"hi\",\"blocks\":[{\"text\":{\"type\":\"mrkdwn\",\"text\":\"x\"}}]} => invalid_blocks",
        "{\"text\":\"hi\",\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"x\"}}]} => invalid_blocks",
        "{\"text\":\"hi\",\"blocks\":[{\"type\":\"section\"}]} => invalid_blocks"})
    void anInvalidPayloadIsRefusedAndRecordedAsAViolation(String body, String code) throws Exception {
        HttpResponse<String> r = post("/hook", "application/json", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(code);
        assertThat(slack.violations()).isNotEmpty();
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void aHeaderLongerThanSlacksLimitIsRefused() throws Exception {
        String body = "{\"text\":\"hi\",\"blocks\":[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\""
                + "x".repeat(151) + "\"}}]}";
        assertThat(post("/hook", "application/json", body).statusCode()).isEqualTo(400);
        assertThat(slack.violations()).anySatisfy(v -> assertThat(v).contains("longer than 150"));
    }

    @Test
    void aFormEncodedBodyOrAnUnknownPathIsRefused() throws Exception {
        assertThat(post("/hook", "application/x-www-form-urlencoded", "payload=x").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post("/services/other", "application/json", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("no_service");
    }

    @Test
    void injectedFaultsAnswerWithSlacksPlainTextErrors() throws Exception {
        slack.inject(slack.rollupError(1));
        slack.inject(slack.noService(1));
        slack.inject(slack.rateLimited(7, 1));
        String json = SlackWire.json(SlackWireTest.HANDOFF);

        HttpResponse<String> first = post("/hook", "application/json", json);
        HttpResponse<String> second = post("/hook", "application/json", json);
        HttpResponse<String> third = post("/hook", "application/json", json);
        HttpResponse<String> fourth = post("/hook", "application/json", json);

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(first.body()).isEqualTo("rollup_error");
        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(second.body()).isEqualTo("no_service");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).contains("7");
        assertThat(fourth.statusCode()).isEqualTo(200);
        assertThat(slack.messages()).hasSize(1);
        assertThat(slack.requests()).hasSize(4);
    }

    @Test
    void aHangUpClosesTheConnectionWithoutAReplyAndPostsNothing() throws Exception {
        String json = SlackWire.json(SlackWireTest.HANDOFF);
        slack.hangUpNext(1);

        Throwable first = catchThrowable(() -> post("/hook", "application/json", json));
        HttpResponse<String> second = post("/hook", "application/json", json);

        assertThat(first).isInstanceOf(IOException.class);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(slack.messages()).hasSize(1);
        assertThat(slack.attempts()).isEqualTo(2);
    }

    @Test
    void aDroppedReplyPostsTheMessageButTheClientNeverHearsOk() throws Exception {
        String json = SlackWire.json(SlackWireTest.HANDOFF);
        slack.dropReplyNext(1);

        Throwable lost = catchThrowable(() -> post("/hook", "application/json", json));

        assertThat(lost).isInstanceOf(IOException.class);
        assertThat(slack.messages()).as("posted although no reply came").hasSize(1);
        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(post("/hook", "application/json", json).statusCode()).as("one drop only").isEqualTo(200);
        assertThat(slack.messages()).hasSize(2);
    }

    @Test
    void aStalledPostIsCountedOnArrivalAndNeverAnswered() {
        String json = SlackWire.json(SlackWireTest.HANDOFF);
        slack.stallNext(1, Duration.ofSeconds(5));
        HttpClient impatient = HttpClient.newBuilder().build();

        Throwable timedOut = catchThrowable(() -> impatient.send(HttpRequest.newBuilder(URI.create(slack.webhookUrl()))
                .timeout(Duration.ofMillis(300)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));

        assertThat(timedOut).isInstanceOf(HttpTimeoutException.class);
        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void anyErrorStatusCanBeInjectedAndClearingForgetsEveryFault() throws Exception {
        String json = SlackWire.json(SlackWireTest.HANDOFF);
        slack.inject(slack.serverError(503, "service_unavailable", 1));

        HttpResponse<String> unavailable = post("/hook", "application/json", json);
        slack.hangUpNext(5);
        slack.dropReplyNext(5);
        slack.stallNext(5, Duration.ofSeconds(5));
        slack.inject(slack.rollupError(-1));
        slack.clearFaults();

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).isEqualTo("service_unavailable");
        assertThat(post("/hook", "application/json", json).statusCode()).isEqualTo(200);
        slack.clearRequests();
        slack.clearPosts();
        assertThat(slack.attempts()).isZero();
        assertThat(slack.messages()).isEmpty();
    }
}
