package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * A webhook URL on a port nobody listens on: nothing was sent, so it is tried again up to afk.doorbell.attempts (3)
 * times, then logged, counted once, and the route still answers false.
 */
class DoorbellRouteRefusedTest extends DoorbellRouteBaseTest {

    static final int CLOSED_PORT = closedPort();

    @Override
    String webhookUrl() {
        return "http://127.0.0.1:" + CLOSED_PORT + DoorbellRouteTest.HOOK_PATH;
    }

    @Override
    protected void configure(java.util.Properties p) {
        super.configure(p);
        p.put("afk.doorbell.retry-delay-ms", "1");
    }

    @Test
    void aRefusedConnectionIsTriedThreeTimesLoggedCountedAndAnsweredWithFalse() {
        Boolean delivered = template.requestBody("direct:doorbell", DoorbellRouteTest.HANDOFF, Boolean.class);

        assertThat(delivered).isFalse();
        assertThat(logs.at(Level.WARN)).anySatisfy(l -> assertThat(l.text()).contains("doorbell failed")
                .contains("issue=acme/widgets#42").contains("reason=CI_EXHAUSTED").contains("kind=transport")
                .contains("attempts=3").contains("posted=no").contains("ConnectException"));
        assertThat(logs.at(Level.INFO)).filteredOn(l -> l.text().contains("posting again")).hasSize(2);
        assertThat(logs.all()).doesNotContain("h7SecretHookPart");
        Counter transport = meters().find("afk.doorbell.failures").tag("kind", "transport").counter();
        assertThat(transport).isNotNull();
        assertThat(transport.count()).isEqualTo(1.0);
    }

    /** A port that was free a moment ago and is closed now. */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
