package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.T3Accepted;
import dev.afk.core.RunIds;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import dev.afk.sim.T3Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every class of T3 failure leaves the adapter routes as the right {@link AdapterFailure} kind (docs/ARCHITECTURE.md §9),
 * and only transient ones are retried — each over real HTTP against {@link T3Simulator}.
 * Test properties: 2 retries, 5 ms base delay, 400 ms response timeout.
 */
class T3RoutesErrorsTest extends T3RoutesBaseTest {

    static final String DISPATCH = "/api/orchestration/dispatch";
    static final String SHELL = "/api/orchestration/shell";
    static final String DISPATCH_FAILED = "{\"_tag\":\"EnvironmentInternalError\",\"code\":\"internal_error\","
            + "\"reason\":\"orchestration_dispatch_failed\",\"traceId\":\"9f\"}";

    long calls(String method, String path) {
        return t3.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    AdapterFailure fleetFailure() {
        return failureOf(() -> template.requestBody("direct:t3-fleet", null, Map.class));
    }

    double failures(Kind kind) {
        return counted("afk.adapter.failures", "system", "t3", "kind", kind.name());
    }

    @Test
    void a400SchemaRefusalIsBadRequestAndNotRetried() {
        t3.inject(SimFault.reply("POST", DISPATCH, 400, "", -1));

        AdapterFailure f = failureOf(() -> template.requestBody("direct:t3-dispatch",
                new DispatchRequest(issue("acme/widgets", 100), 1), T3Accepted.class));

        assertThat(f.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(f.status()).isEqualTo(400);
        assertThat(calls("POST", DISPATCH)).isEqualTo(1);
        assertThat(failures(Kind.BAD_REQUEST)).isEqualTo(1.0);
    }

    @Test
    void a401IsAuthNamingTheTokenVariableAndNotRetried() throws IOException {
        Files.writeString(tokenFile, "expired-token");
        try {
            AdapterFailure f = fleetFailure();

            assertThat(f.kind()).isEqualTo(Kind.AUTH);
            assertThat(f.status()).isEqualTo(401);
            assertThat(f.getMessage()).contains("AFK_T3_TOKEN_FILE").doesNotContain("expired-token");
            assertThat(calls("GET", SHELL)).isEqualTo(1);
        } finally {
            Files.writeString(tokenFile, TOKEN);
        }
    }

    @Test
    void a403MissingScopeIsAuthNamingTheTokenVariable() {
        t3.inject(SimFault.reply("POST", DISPATCH, 403, "{\"_tag\":\"EnvironmentScopeRequiredError\","
                + "\"code\":\"insufficient_scope\",\"requiredScope\":\"orchestration:operate\"}", -1));

        AdapterFailure f = failureOf(() -> template.requestBody("direct:t3-dispatch",
                new DispatchRequest(issue("acme/widgets", 101), 1), T3Accepted.class));

        assertThat(f.kind()).isEqualTo(Kind.AUTH);
        assertThat(f.status()).isEqualTo(403);
        assertThat(f.getMessage()).contains("AFK_T3_TOKEN_FILE");
        assertThat(calls("POST", DISPATCH)).isEqualTo(1);
    }

    @Test
    void aMissingTokenFileIsAuthNamingTheVariable() throws IOException {
        Files.delete(tokenFile);
        try {
            AdapterFailure f = fleetFailure();

            assertThat(f.kind()).isEqualTo(Kind.AUTH);
            assertThat(f.getMessage()).contains("AFK_T3_TOKEN_FILE");
            assertThat(t3.requests()).isEmpty();
        } finally {
            Files.writeString(tokenFile, TOKEN);
        }
    }

    @Test
    void anUnknownThreadIsNotFound() {
        AdapterFailure f = failureOf(() -> template.requestBody("direct:t3-thread", "no-such-thread", Object.class));

        assertThat(f.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(f.status()).isEqualTo(404);
        assertThat(calls("GET", "/api/orchestration/threads/no-such-thread")).isEqualTo(1);
    }

    @Test
    void a429WithALongRetryAfterFailsFastAsRateLimitedCarryingTheWait() {
        t3.inject(SimFault.reply("GET", SHELL, 429, "", -1).withHeaders(Map.of("Retry-After", "120")));

        AdapterFailure f = fleetFailure();

        assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(calls("GET", SHELL)).isEqualTo(1);
        assertThat(failures(Kind.RATE_LIMITED)).isEqualTo(1.0);
    }

    @Test
    void a429WithAShortRetryAfterIsRetriedAfterThatWait() {
        t3.inject(SimFault.reply("GET", SHELL, 429, "", 1).withHeaders(Map.of("Retry-After", "1")));

        long start = System.nanoTime();
        Map<?, ?> fleet = template.requestBody("direct:t3-fleet", null, Map.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(fleet).isNotNull();
        assertThat(calls("GET", SHELL)).isEqualTo(2);
        // The configured backoff is 5 ms: waiting about a second means the server's Retry-After was honoured.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void a500DispatchFailedIsRejectedAndNeverRetried() {
        t3.inject(SimFault.reply("POST", DISPATCH, 500, DISPATCH_FAILED, -1));

        AdapterFailure f = failureOf(() -> template.requestBody("direct:t3-dispatch",
                new DispatchRequest(issue("acme/widgets", 102), 1), T3Accepted.class));

        assertThat(f.kind()).isEqualTo(Kind.REJECTED);
        assertThat(calls("POST", DISPATCH)).isEqualTo(1);
        assertThat(failures(Kind.REJECTED)).isEqualTo(1.0);
    }

    @Test
    void a503IsRetriedWithTheSameCommandAndThenSucceeds() {
        t3.inject(SimFault.reply("POST", DISPATCH, 503, "upstream busy", 2));
        DispatchRequest request = new DispatchRequest(issue("acme/widgets", 103), 1);

        String threadId = template.requestBody("direct:t3-dispatch", request, T3Accepted.class).threadId();

        assertThat(threadId).isEqualTo(RunIds.threadId(request.issue().key(), 1));
        assertThat(t3.requests()).extracting(SimRequest::status).containsExactly(503, 503, 200, 200, 200);
        // The retries re-sent the very same thread.create body, not the error reply of the failed attempt.
        assertThat(t3.requests().get(0).body()).isEqualTo(t3.requests().get(2).body());
        assertThat(t3.turnsFor(threadId)).hasSize(1);
    }

    @Test
    void a503ThatPersistsIsServerAfterTheBoundedRetries() {
        t3.inject(SimFault.reply("GET", SHELL, 503, "", -1));

        AdapterFailure f = fleetFailure();

        assertThat(f.kind()).isEqualTo(Kind.SERVER);
        assertThat(calls("GET", SHELL)).isEqualTo(3); // 1 + afk.http.retries=2
        assertThat(failures(Kind.SERVER)).isEqualTo(1.0);
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsTimeoutAfterTheBoundedRetries() {
        t3.inject(SimFault.delay("GET", SHELL, Duration.ofMillis(1500), 3));

        long start = System.nanoTime();
        AdapterFailure f = fleetFailure();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(f.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(took).isLessThan(Duration.ofMillis(1500 * 3));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls("GET", SHELL) == 3);
    }

    @Test
    void malformedJsonIsMalformedAndNotRetried() {
        t3.inject(SimFault.reply("GET", SHELL, 200, "<html>proxy error</html>", -1)
                .withHeaders(Map.of("Content-Type", "application/json")));

        AdapterFailure f = fleetFailure();

        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(calls("GET", SHELL)).isEqualTo(1);
    }

    @Test
    void truncatedJsonIsMalformed() {
        t3.inject(SimFault.reply("GET", SHELL, 200,
                "{\"snapshotSequence\":3,\"projects\":[],\"threads\":[{\"id\":\"t-1\",\"session\":{\"status\":\"run", -1));

        assertThat(fleetFailure().kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void aDispatchReplyWithoutASequenceIsMalformedAndTheTurnIsNotSent() {
        t3.inject(SimFault.reply("POST", DISPATCH, 200, "{\"threadId\":\"x\"}", 1));

        AdapterFailure f = failureOf(() -> template.requestBody("direct:t3-dispatch",
                new DispatchRequest(issue("acme/widgets", 104), 1), T3Accepted.class));

        assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(calls("POST", DISPATCH)).isEqualTo(1);
    }
}
