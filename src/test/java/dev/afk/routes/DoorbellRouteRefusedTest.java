package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.AfkApplication;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;
import org.apache.camel.component.micrometer.MicrometerComponent;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A webhook URL on a port nobody listens on: refused, logged, counted, and the route still answers false. */
class DoorbellRouteRefusedTest extends CamelMainTestSupport {

    static final int CLOSED_PORT = closedPort();

    CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.attach();
    }

    @AfterEach
    void detachLogs() {
        if (logs != null) {
            logs.close();
        }
    }

    @Override
    protected Class<?> getMainClass() {
        return AfkApplication.class;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("camel.main.routesIncludePattern", "classpath:routes/doorbell.camel.yaml");
        p.put("camel.management.enabled", "false");
        p.put("afk.slack-webhook-url", "http://127.0.0.1:" + CLOSED_PORT + DoorbellRouteTest.HOOK_PATH);
        return p;
    }

    @Test
    void aRefusedConnectionIsLoggedCountedAndAnsweredWithFalse() {
        Boolean delivered = template.requestBody("direct:doorbell", DoorbellRouteTest.HANDOFF, Boolean.class);

        assertThat(delivered).isFalse();
        assertThat(logs.at(Level.WARN)).anySatisfy(l -> assertThat(l.text()).contains("doorbell failed")
                .contains("issue=acme/widgets#42").contains("reason=CI_EXHAUSTED").contains("kind=transport")
                .contains("ConnectException"));
        assertThat(logs.all()).doesNotContain("h7SecretHookPart");
        Counter transport = context.getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry()
                .find("afk.doorbell.failures").tag("kind", "transport").counter();
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
