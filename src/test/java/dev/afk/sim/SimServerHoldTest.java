package dev.afk.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SimServer#hold}: the first matching request waits, unanswered and unrecorded, until the test releases it. */
class SimServerHoldTest {

    private static final class Echo extends SimServer {
        Echo() {
            super(0);
        }

        @Override
        protected Reply handle(String method, String path, Map<String, String> query, Map<String, String> headers,
                String body) {
            return Reply.json(200, "{\"path\":\"" + path + "\"}");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpRequest request(SimServer s, String method, String path) {
        return HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    @Test
    void theFirstMatchingRequestWaitsForTheReleaseAndOthersPass() throws Exception {
        try (Echo s = new Echo()) {
            s.start();
            SimServer.Hold hold = s.hold("POST", "/repos/.*/comments");

            CompletableFuture<HttpResponse<String>> held = http.sendAsync(request(s, "POST",
                    "/repos/acme/widgets/issues/1/comments"), HttpResponse.BodyHandlers.ofString());
            assertThat(hold.awaitHeld(Duration.ofSeconds(5))).isTrue();

            assertThat(http.send(request(s, "GET", "/repos/acme/widgets/issues/1/comments"),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("another method passes").isEqualTo(200);
            assertThat(http.send(request(s, "POST", "/repos/acme/widgets/issues/2/comments"),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("a later match passes").isEqualTo(200);
            assertThat(held).as("still held").isNotDone();
            assertThat(s.requests()).extracting(SimRequest::path).containsExactly(
                    "/repos/acme/widgets/issues/1/comments", "/repos/acme/widgets/issues/2/comments");
            assertThat(s.requests().get(0).method()).isEqualTo("GET");

            hold.release();

            HttpResponse<String> r = held.get(5, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("/repos/acme/widgets/issues/1/comments");
            assertThat(s.requests()).hasSize(3);
        }
    }

    @Test
    void aHoldNobodyReachedIsNotHeldAndClosingReleasesAHeldRequest() throws Exception {
        Echo s = new Echo();
        s.start();
        SimServer.Hold unreached = s.hold(null, "/never");
        assertThat(unreached.awaitHeld(Duration.ofMillis(1))).isFalse();

        SimServer.Hold hold = s.hold(null, "/held");
        CompletableFuture<HttpResponse<String>> held = http.sendAsync(request(s, "GET", "/held"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hold.awaitHeld(Duration.ofSeconds(5))).isTrue();
        s.close();
        // Released by close: the request ends (answered or cut off by the stopping server), it does not hang.
        assertThat(held.handle((res, err) -> true).get(5, TimeUnit.SECONDS)).isTrue();
    }
}
