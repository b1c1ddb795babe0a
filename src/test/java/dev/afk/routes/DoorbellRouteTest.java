package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.adapter.Handoff;
import dev.afk.core.EscalationReason;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.sim.SimFault;
import dev.afk.sim.SlackSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real {@code routes/doorbell.camel.yaml} over real HTTP against {@link SlackSimulator}. */
class DoorbellRouteTest extends DoorbellRouteBaseTest {

    /** The secret part of the webhook URL: it must never be logged. */
    static final String HOOK_PATH = "/services/T0AFK/B0DOOR/h7SecretHookPart9f3c";

    static SlackSimulator slack;

    static final Handoff HANDOFF = new Handoff(IssueKey.of("acme/widgets", 42),
            "https://git.example/acme/widgets/issues/42", 2, Phase.PUSHED, EscalationReason.CI_EXHAUSTED,
            "ci/build: failure <script>alert(1)</script> & more", "5f0c1d1e-0000-5000-8000-00000000002a");

    @BeforeAll
    static void startSlack() {
        slack = new SlackSimulator(0, Clock.systemUTC(), HOOK_PATH).start();
    }

    @AfterAll
    static void stopSlack() {
        slack.close();
    }

    @BeforeEach
    void resetSlack() {
        slack.clearFaults();
        slack.clearRequests();
    }

    @Override
    String webhookUrl() {
        return slack.webhookUrl();
    }

    @Override
    protected void configure(Properties p) {
        super.configure(p);
        p.put("afk.doorbell.retry-delay-ms", "10");
        p.put("afk.doorbell.timeout-ms", "1000");
    }

    @Test
    void theHandoffPacketArrivesWithEveryFieldAndTheRouteAnswersTrue() {
        int before = slack.messages().size();

        Boolean delivered = template.requestBody("direct:doorbell", HANDOFF, Boolean.class);

        assertThat(delivered).isTrue();
        assertThat(slack.violations()).isEmpty();
        assertThat(slack.messages()).hasSize(before + 1);
        JsonNode m = slack.messages().get(before);
        assertThat(m.path("text").asText()).contains("acme/widgets#42 needs a human")
                .contains("attempt 2").contains("pushed");
        String blocks = m.path("blocks").toString();
        assertThat(blocks)
                .contains("<https://git.example/acme/widgets/issues/42|acme/widgets#42>")
                .contains("*Repository*\\nacme/widgets")
                .contains("*Attempt*\\n2")
                .contains("*Phase reached*\\npushed")
                .contains("CI_EXHAUSTED")
                .contains("CI or deploy still failing after the last fix-forward round")
                .contains("ci/build: failure &lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
                .contains("5f0c1d1e-0000-5000-8000-00000000002a")
                .doesNotContain("<script>");
        assertThat(m.path("blocks").get(0).path("type").asText()).isEqualTo("header");
        assertThat(failures("server") + failures("rejected") + failures("transport")).isZero();
    }

    static Stream<Arguments> slackFailures() {
        return Stream.of(
                Arguments.of("500 rollup_error, every time", (Function<SlackSimulator, SimFault>) s -> s.rollupError(-1),
                        "server", 3, "status=500 slackError=rollup_error"),
                Arguments.of("404 no_service", (Function<SlackSimulator, SimFault>) s -> s.noService(-1),
                        "rejected", 1, "status=404 slackError=no_service"),
                Arguments.of("429 with a Retry-After over the cap", (Function<SlackSimulator, SimFault>) s ->
                        s.rateLimited(30, -1), "rate-limited", 1, "status=429 slackError=rate_limited retryAfter=30s"));
    }

    @ParameterizedTest(name = "{0} is posted {3} time(s), logged, counted once and answered with false")
    @MethodSource("slackFailures")
    void aSlackErrorReplyIsLoggedCountedAndNeverPropagates(String name, Function<SlackSimulator, SimFault> fault,
            String kind, int attempts, String expectedSummary) {
        slack.inject(fault.apply(slack));

        Boolean delivered = template.requestBody("direct:doorbell", HANDOFF, Boolean.class);

        assertThat(delivered).isFalse();
        assertThat(slack.attempts()).as("posts sent").isEqualTo(attempts);
        assertThat(slack.messages()).isEmpty();
        assertThat(failures(kind)).isEqualTo(1.0);
        assertThat(logs.at(Level.WARN)).anySatisfy(l -> assertThat(l.text())
                .contains("doorbell failed").contains("issue=acme/widgets#42").contains("reason=CI_EXHAUSTED")
                .contains("kind=" + kind).contains("attempts=" + attempts).contains("posted=no")
                .contains(expectedSummary));
        assertThat(logs.all()).doesNotContain(HOOK_PATH).doesNotContain("h7SecretHookPart");
    }

    @Test
    void aSlackThatNeverAnswersTimesOutOnceAndTheRouteStillAnswersFalse() {
        // afk.doorbell.timeout-ms is 1 s here; a post that got no reply may have been posted, so it is not re-sent.
        slack.stallNext(3, Duration.ofSeconds(4));

        long start = System.nanoTime();
        Boolean delivered = template.requestBody("direct:doorbell", HANDOFF, Boolean.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(delivered).isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(slack.attempts()).as("posts sent").isEqualTo(1);
        assertThat(failures("transport")).isEqualTo(1.0);
        assertThat(logs.at(Level.WARN)).anySatisfy(l -> assertThat(l.text())
                .contains("issue=acme/widgets#42").contains("kind=transport").contains("attempts=1")
                .contains("posted=unknown").contains("HttpTimeoutException"));
        assertThat(logs.all()).doesNotContain("h7SecretHookPart");
    }
}
