package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.SlackSimulator;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** afk.doorbell.attempts is what bounds the posts of one ring. */
class DoorbellRouteAttemptsTest extends DoorbellRouteBaseTest {

    static SlackSimulator slack;

    @BeforeAll
    static void startSlack() {
        slack = new SlackSimulator(0, Clock.systemUTC(), DoorbellRouteTest.HOOK_PATH).start();
    }

    @AfterAll
    static void stopSlack() {
        slack.close();
    }

    @Override
    String webhookUrl() {
        return slack.webhookUrl();
    }

    @Override
    protected void configure(Properties p) {
        super.configure(p);
        p.put("afk.doorbell.attempts", "5");
        p.put("afk.doorbell.retry-delay-ms", "1");
    }

    @Test
    void theConfiguredNumberOfAttemptsIsMadeAndNoMore() {
        slack.inject(slack.serverError(503, "service_unavailable", -1));

        Boolean rung = template.requestBody("direct:doorbell", DoorbellRouteTest.HANDOFF, Boolean.class);

        assertThat(rung).isFalse();
        assertThat(slack.attempts()).isEqualTo(5);
        assertThat(failures("server")).isEqualTo(1.0);
    }
}
