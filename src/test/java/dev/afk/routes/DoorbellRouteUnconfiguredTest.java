package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** With AFK_SLACK_WEBHOOK_URL empty the plane still starts, and the doorbell answers false without any I/O. */
class DoorbellRouteUnconfiguredTest extends DoorbellRouteBaseTest {

    final List<String> sentTo = new CopyOnWriteArrayList<>();

    @Override
    String webhookUrl() {
        return "";
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
        Counter unconfigured = meters().find("afk.doorbell.failures").tag("kind", "unconfigured").counter();
        assertThat(unconfigured).isNotNull();
        assertThat(unconfigured.count()).isEqualTo(2.0);
    }
}
