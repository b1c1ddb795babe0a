package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.SlackSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The doorbell's retry rule over real HTTP: what Slack surely did not post is posted again, a bounded number of
 * times (afk.doorbell.attempts, default 3, left at its default here); what it may have posted never is.
 */
class DoorbellRouteRetryTest extends DoorbellRouteBaseTest {

    static SlackSimulator slack;

    @BeforeAll
    static void startSlack() {
        slack = new SlackSimulator(0, Clock.systemUTC(), DoorbellRouteTest.HOOK_PATH).start();
    }

    @AfterAll
    static void stopSlack() {
        slack.close();
    }

    @BeforeEach
    void resetSlack() {
        slack.clearFaults();
        slack.clearRequests();
        slack.clearPosts();
    }

    @Override
    String webhookUrl() {
        return slack.webhookUrl();
    }

    @Override
    protected void configure(Properties p) {
        super.configure(p);
        p.put("afk.doorbell.retry-delay-ms", "10");
    }

    Boolean ring() {
        return template.requestBody("direct:doorbell", DoorbellRouteTest.HANDOFF, Boolean.class);
    }

    @Test
    void aLostReplyIsNotPostedAgainSoOneRingIsOneMessage() {
        // An earlier ring leaves its connection in the client's pool: a client that re-sends a POST after a lost
        // reply (OkHttp inside camel-slack) does it on exactly this kind of connection.
        assertThat(ring()).isTrue();
        int before = slack.messages().size();
        slack.dropReplyNext(1);
        slack.clearRequests();

        Boolean rung = ring();

        assertThat(slack.messages()).as("messages posted by this ring").hasSize(before + 1);
        assertThat(slack.attempts()).as("posts sent").isEqualTo(1);
        assertThat(rung).as("not confirmed, so not rung for sure").isFalse();
        assertThat(failures("transport")).isEqualTo(1.0);
        assertThat(logs.at(Level.WARN)).anySatisfy(l -> assertThat(l.text()).contains("doorbell failed")
                .contains("issue=acme/widgets#42").contains("attempts=1").contains("posted=unknown"));
    }

    @Test
    void aConnectionClosedBeforeAnyReplyIsNotPostedAgain() {
        // From the client's side this is a lost reply too: the request went out and nothing came back.
        assertThat(ring()).isTrue(); // a pooled connection again
        slack.hangUpNext(1);
        slack.clearRequests();
        slack.clearPosts();

        assertThat(ring()).isFalse();

        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void oneServerErrorThenOkRingsOnceAndAnswersTrue() {
        slack.inject(slack.rollupError(1));

        Boolean rung = ring();

        assertThat(rung).isTrue();
        assertThat(slack.messages()).as("exactly one message").hasSize(1);
        assertThat(slack.attempts()).isEqualTo(2);
        assertThat(failures("server")).as("a ring that rang is no failure").isZero();
        assertThat(logs.at(Level.INFO)).anySatisfy(l -> assertThat(l.text()).contains("posting again in 10 ms")
                .contains("attempt=1").contains("kind=server").contains("status=500 slackError=rollup_error"));
        assertThat(logs.at(Level.INFO)).anySatisfy(l -> assertThat(l.text()).contains("doorbell rung")
                .contains("attempts=2"));
        assertThat(logs.all()).doesNotContain("h7SecretHookPart");
    }

    @Test
    void aRateLimitIsWaitedOutForItsRetryAfterThenPostedOnce() {
        slack.inject(slack.serverError(503, "service_unavailable", 1));
        slack.inject(slack.rateLimited(1, 1));

        long start = System.nanoTime();
        Boolean rung = ring();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(rung).isTrue();
        assertThat(slack.attempts()).isEqualTo(3);
        assertThat(slack.messages()).hasSize(1);
        assertThat(took).as("Retry-After: 1 was honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aServerThatKeepsFailingIsPostedThreeTimesThenAnsweredFalseWithoutThrowing() {
        slack.inject(slack.rollupError(-1));

        Boolean rung = ring();

        assertThat(rung).isFalse();
        assertThat(slack.attempts()).as("bounded by afk.doorbell.attempts").isEqualTo(3);
        assertThat(slack.messages()).isEmpty();
        assertThat(failures("server")).as("counted once per ring, not per attempt").isEqualTo(1.0);
        assertThat(logs.at(Level.WARN)).filteredOn(l -> l.text().contains("doorbell failed")).singleElement()
                .satisfies(l -> assertThat(l.text()).contains("attempts=3").contains("posted=no")
                        .contains("status=500 slackError=rollup_error"));
    }

    @ParameterizedTest(name = "a gateway's {0} is not posted again: Slack behind it may have posted")
    @ValueSource(ints = {502, 504})
    void aGatewayErrorIsNotPostedAgain(int status) {
        slack.inject(slack.serverError(status, "", -1));

        assertThat(ring()).isFalse();

        assertThat(slack.attempts()).isEqualTo(1);
        assertThat(logs.at(Level.WARN)).anySatisfy(l -> assertThat(l.text()).contains("kind=server")
                .contains("status=" + status).contains("posted=unknown"));
    }
}
