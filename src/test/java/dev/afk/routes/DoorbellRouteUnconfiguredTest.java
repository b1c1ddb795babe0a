package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.AfkApplication;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.component.micrometer.MicrometerComponent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With AFK_SLACK_WEBHOOK_URL empty the plane still starts, and the doorbell answers false without any I/O. */
class DoorbellRouteUnconfiguredTest extends CamelMainTestSupport {

    CapturedLogs logs;
    final List<String> sentTo = new CopyOnWriteArrayList<>();

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
        p.put("afk.slack-webhook-url", "");
        return p;
    }

    @Override
    protected void doPostSetup() throws Exception {
        // Records every endpoint an exchange is sent to: a Slack post would show up here even if it failed.
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof ExchangeSendingEvent sending) {
                    sentTo.add(sending.getEndpoint().getEndpointUri());
                }
            }
        });
    }

    @Test
    void anEmptyWebhookUrlMeansNoPostFalseAndOneWarning() {
        Boolean first = template.requestBody("direct:doorbell", DoorbellRouteTest.HANDOFF, Boolean.class);
        Boolean second = template.requestBody("direct:doorbell", DoorbellRouteTest.HANDOFF, Boolean.class);

        assertThat(first).isFalse();
        assertThat(second).isFalse();
        assertThat(sentTo).contains("direct://doorbell").noneMatch(uri -> uri.toLowerCase().contains("slack"));
        assertThat(logs.at(Level.WARN)).filteredOn(l -> l.text().contains("no doorbell is configured"))
                .singleElement().satisfies(l -> assertThat(l.text()).contains("issue=acme/widgets#42"));
        assertThat(logs.at(Level.INFO)).anySatisfy(l -> assertThat(l.text())
                .contains("doorbell not rung").contains("issue=acme/widgets#42"));
        Counter unconfigured = context.getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry()
                .find("afk.doorbell.failures").tag("kind", "unconfigured").counter();
        assertThat(unconfigured).isNotNull();
        assertThat(unconfigured.count()).isEqualTo(2.0);
    }
}
