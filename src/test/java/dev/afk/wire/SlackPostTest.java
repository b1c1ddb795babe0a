package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afk.wire.SlackPost.Policy;
import dev.afk.wire.SlackPost.Verdict;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The doorbell's retry rule: only what Slack surely did not post is posted again, and never without bound. */
class SlackPostTest {

    static final Policy POLICY = new Policy(3, 500, 5_000);

    @ParameterizedTest(name = "{0} is delivered")
    @ValueSource(ints = {200, 204})
    void a2xxIsDelivered(int status) {
        SlackPost p = SlackPost.replied(1, status, "ok", null, POLICY);

        assertThat(p.delivered()).isTrue();
        assertThat(p.again()).isFalse();
        assertThat(p.toBeSent()).isFalse();
        assertThat(p.posted()).isEqualTo("yes");
    }

    @ParameterizedTest(name = "{0} is posted again, then given up after the last attempt")
    @ValueSource(ints = {500, 503})
    void aServerErrorIsRetriedWithBackoffUntilTheAttemptsAreUsedUp(int status) {
        SlackPost first = SlackPost.replied(1, status, "rollup_error", null, POLICY);
        SlackPost second = SlackPost.replied(2, status, "rollup_error", null, POLICY);
        SlackPost third = SlackPost.replied(3, status, "rollup_error", null, POLICY);

        assertThat(first.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(first.waitMs()).isEqualTo(500);
        assertThat(first.kind()).isEqualTo("server");
        assertThat(first.summary()).isEqualTo("status=" + status + " slackError=rollup_error");
        assertThat(second.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(second.waitMs()).isEqualTo(1_000);
        assertThat(third.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(third.toBeSent()).isFalse();
        assertThat(third.posted()).isEqualTo("no");
    }

    @Test
    void aRateLimitWaitsForRetryAfterButNotLongerThanTheCap() {
        SlackPost shortWait = SlackPost.replied(1, 429, "rate_limited", "2", POLICY);
        SlackPost noHeader = SlackPost.replied(2, 429, "rate_limited", null, POLICY);
        SlackPost tooLong = SlackPost.replied(1, 429, "rate_limited", "30", POLICY);

        assertThat(shortWait.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(shortWait.waitMs()).isEqualTo(2_000);
        assertThat(shortWait.kind()).isEqualTo("rate-limited");
        assertThat(shortWait.summary()).isEqualTo("status=429 slackError=rate_limited retryAfter=2s");
        assertThat(noHeader.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(noHeader.waitMs()).isEqualTo(1_000);
        assertThat(tooLong.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(tooLong.summary()).startsWith("status=429 slackError=rate_limited retryAfter=30s")
                .contains("afk.doorbell.max-wait-ms=5000");
    }

    @ParameterizedTest(name = "{0} is refused for good")
    @ValueSource(ints = {400, 403, 404, 410, 302})
    void aRefusalIsNeverRetried(int status) {
        SlackPost p = SlackPost.replied(1, status, "no_service", null, POLICY);

        assertThat(p.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(p.kind()).isEqualTo("rejected");
        assertThat(p.posted()).isEqualTo("no");
    }

    @ParameterizedTest(name = "a gateway's {0} is not retried: Slack behind it may have posted")
    @ValueSource(ints = {502, 504})
    void aGatewayErrorIsNotRetried(int status) {
        SlackPost p = SlackPost.replied(1, status, "", null, POLICY);

        assertThat(p.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(p.kind()).isEqualTo("server");
        assertThat(p.posted()).isEqualTo("unknown");
    }

    @Test
    void onlyABareSlackErrorCodeOfTheBodyIsLogged() {
        SlackPost p = SlackPost.replied(1, 500, "<html><body>https://hooks.slack.com/x</body></html>", "soon", POLICY);

        assertThat(p.summary()).isEqualTo("status=500");
    }

    @Test
    void aConnectionThatWasNeverMadeIsRetried() {
        SlackPost refused = SlackPost.failed(1, new ConnectException(), POLICY);
        SlackPost connectTimeout = SlackPost.failed(2, new HttpConnectTimeoutException("HTTP connect timed out"),
                POLICY);
        SlackPost lastRefused = SlackPost.failed(3, new ConnectException(), POLICY);

        assertThat(refused.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(refused.kind()).isEqualTo("transport");
        assertThat(refused.summary()).isEqualTo("error=ConnectException");
        assertThat(connectTimeout.verdict()).isEqualTo(Verdict.RETRY);
        assertThat(connectTimeout.waitMs()).isEqualTo(1_000);
        assertThat(lastRefused.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(lastRefused.posted()).isEqualTo("no");
    }

    @Test
    void aFailureAfterTheRequestWasSentIsNeverRetried() {
        for (Throwable t : new Throwable[] {new HttpTimeoutException("request timed out"),
                new IOException("HTTP/1.1 header parser received no bytes"), new EOFException("EOF reached"),
                new SocketException("Connection reset"), new IllegalStateException("x")}) {
            SlackPost p = SlackPost.failed(1, t, POLICY);

            assertThat(p.verdict()).as(t.toString()).isEqualTo(Verdict.FAILED);
            assertThat(p.posted()).as(t.toString()).isEqualTo("unknown");
        }
        assertThat(SlackPost.failed(1, new HttpTimeoutException("request timed out"), POLICY).kind())
                .isEqualTo("transport");
    }

    @Test
    void aUrlTheClientRefusesIsMisconfiguredAndItsTextIsNotLogged() {
        SlackPost p = SlackPost.failed(1, new IllegalArgumentException("unsupported URI hooks.slack.com/sEcReT"),
                POLICY);

        assertThat(p.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(p.kind()).isEqualTo("misconfigured");
        assertThat(p.summary()).doesNotContain("sEcReT");
    }

    @Test
    void theBackoffDoublesUpToTheCap() {
        Policy p = new Policy(6, 500, 1_500);

        assertThat(p.backoff(1)).isEqualTo(500);
        assertThat(p.backoff(2)).isEqualTo(1_000);
        assertThat(p.backoff(3)).isEqualTo(1_500);
        assertThat(p.backoff(5)).isEqualTo(1_500);
        assertThat(new Policy(3, 0, 5_000).backoff(2)).isZero();
    }

    @Test
    void oneAttemptMeansNoRetryAndZeroAttemptsAreRefused() {
        assertThat(SlackPost.replied(1, 500, "", null, new Policy(1, 500, 5_000)).verdict())
                .isEqualTo(Verdict.FAILED);
        assertThatThrownBy(() -> new Policy(0, 500, 5_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void beforeTheFirstAttemptThePostIsToBeSentAtOnce() {
        assertThat(SlackPost.PENDING.toBeSent()).isTrue();
        assertThat(SlackPost.PENDING.attempt()).isZero();
        assertThat(SlackPost.PENDING.waitMs()).isZero();
    }
}
