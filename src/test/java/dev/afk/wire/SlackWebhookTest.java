package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.util.http.SlackHttpClient;
import dev.afk.sim.SlackSimulator;
import dev.afk.wire.SlackPost.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SlackWebhook} against the simulated webhook: one request per post, whatever happens to the reply. The
 * first test shows that the simulator's lost reply does catch a client that re-sends: the Slack SDK's default
 * OkHttp client (what camel-slack 4.18 builds, {@code new SlackHttpClient()}) posts the message twice.
 */
class SlackWebhookTest {

    static final String HOOK = "/services/T0AFK/B0DOOR/secretPart";
    static final String JSON = SlackWire.json(SlackWireTest.HANDOFF);

    SlackSimulator slack;
    SlackWebhook webhook;

    @BeforeEach
    void start() {
        slack = new SlackSimulator(0, Clock.systemUTC(), HOOK).start();
        webhook = webhook(slack.webhookUrl());
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    static SlackWebhook webhook(String url) {
        SlackWebhook w = new SlackWebhook();
        w.setWebhookUrl(url);
        w.setTimeoutMs(2_000);
        return w;
    }

    @Test
    void camelSlacksOkHttpClientPostsALostReplyTwice() throws Exception {
        Slack sdk = Slack.getInstance(new SlackConfig(), new SlackHttpClient());
        try {
            sdk.send(slack.webhookUrl(), JSON); // the connection is now pooled, as after any earlier doorbell
            slack.dropReplyNext(1);
            slack.clearRequests();

            catchThrowable(() -> sdk.send(slack.webhookUrl(), JSON));

            assertThat(slack.attempts()).as("OkHttp re-sent the POST on its own").isEqualTo(2);
            assertThat(slack.messages()).as("one ring, two messages").hasSize(3);
        } finally {
            sdk.close();
        }
    }

    @Test
    void aLostReplyIsPostedOnceAndReportedAsMaybePosted() {
        assertThat(webhook.post(JSON, SlackPost.PENDING).delivered()).isTrue(); // pooled connection, as above
        slack.dropReplyNext(1);
        slack.clearRequests();

        SlackPost p = webhook.post(JSON, SlackPost.PENDING);

        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(slack.messages()).hasSize(2);
        assertThat(p.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(p.kind()).isEqualTo("transport");
        assertThat(p.posted()).isEqualTo("unknown");
    }

    @Test
    void aLostReplyOnAFreshConnectionIsPostedOnceToo() {
        slack.dropReplyNext(1);

        SlackPost p = webhook.post(JSON, SlackPost.PENDING);

        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(slack.messages()).hasSize(1);
        assertThat(p.verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void aHangUpIsNotRetriedEither() {
        slack.hangUpNext(1);

        SlackPost p = webhook.post(JSON, SlackPost.PENDING);

        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(slack.messages()).isEmpty();
        assertThat(p.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(p.posted()).isEqualTo("unknown");
    }

    @Test
    void aDeliveredPostSendsTheMessageAsJsonOnce() {
        SlackPost p = webhook.post(JSON, SlackPost.PENDING);

        assertThat(p.delivered()).isTrue();
        assertThat(p.attempt()).isEqualTo(1);
        assertThat(slack.violations()).isEmpty();
        assertThat(slack.requests()).singleElement().satisfies(r -> {
            assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(r.path()).isEqualTo(HOOK);
        });
        assertThat(slack.messages()).singleElement()
                .satisfies(m -> assertThat(m.path("text").asText()).contains("acme/widgets#42"));
    }

    @Test
    void aRateLimitReplyIsReadWithItsRetryAfterAndNumberedFromThePreviousAttempt() {
        slack.inject(slack.rateLimited(2, 1));
        SlackPost previous = new SlackPost(1, Verdict.RETRY, "server", "status=500", 500, "no");

        SlackPost p = webhook.post(JSON, previous);

        assertThat(p.attempt()).isEqualTo(2);
        assertThat(p.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(p.waitMs()).isEqualTo(2_000);
        assertThat(p.summary()).isEqualTo("status=429 slackError=rate_limited retryAfter=2s");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void aRefusedConnectionMayBeRetried() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }

        SlackPost p = webhook("http://127.0.0.1:" + closed + HOOK).post(JSON, SlackPost.PENDING);

        assertThat(p.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(p.kind()).isEqualTo("transport");
        assertThat(p.summary()).startsWith("error=ConnectException").doesNotContain("secretPart");
    }

    @Test
    void aSlackThatDoesNotAnswerInTimeIsNotRetried() {
        slack.stallNext(1, Duration.ofSeconds(5));
        webhook.setTimeoutMs(300);

        SlackPost p = webhook.post(JSON, SlackPost.PENDING);

        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(p.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(p.posted()).isEqualTo("unknown");
        assertThat(p.summary()).startsWith("error=HttpTimeoutException");
    }

    @Test
    void aWebhookUrlTheClientCannotUseIsMisconfiguredAndNeverQuoted() {
        for (String url : new String[] {"hooks.slack.com/services/T1/B2/sEcReT", "ftp://hooks.slack.com/sEcReT",
                "https://hooks.slack.com/services/ sEcReT"}) {
            SlackPost p = webhook(url).post(JSON, SlackPost.PENDING);

            assertThat(p.kind()).as(url).isEqualTo("misconfigured");
            assertThat(p.verdict()).as(url).isEqualTo(Verdict.FAILED);
            assertThat(p.summary()).as(url).doesNotContain("sEcReT");
        }
    }

    @Test
    void anEmptyOrBlankUrlIsUnconfigured() {
        assertThat(webhook("").configured()).isFalse();
        assertThat(webhook("  \n").configured()).isFalse();
        assertThat(webhook(null).configured()).isFalse();
        assertThat(webhook).satisfies(w -> assertThat(w.configured()).isTrue());
    }
}
