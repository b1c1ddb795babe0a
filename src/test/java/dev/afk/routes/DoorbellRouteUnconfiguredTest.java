package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.MessageHistory;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With AFK_SLACK_WEBHOOK_URL empty the plane still starts, and the doorbell answers false without any I/O. */
class DoorbellRouteUnconfiguredTest extends DoorbellRouteBaseTest {

    final List<String> sentTo = new CopyOnWriteArrayList<>();
    final List<String> stepsRun = new CopyOnWriteArrayList<>();

    @Override
    String webhookUrl() {
        return "";
    }

    @Override
    protected void configure(Properties p) {
        super.configure(p);
        p.put("camel.main.messageHistory", "true");
    }

    @BeforeEach
    void recordSendsAndSteps() throws Exception {
        // Records every endpoint an exchange is sent to, and every step a finished ring went through: the post
        // step (a bean call, no endpoint) would show up in the second list even if it failed.
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof ExchangeSendingEvent sending) {
                    sentTo.add(sending.getEndpoint().getEndpointUri());
                }
                if (event instanceof ExchangeCompletedEvent done) {
                    List<?> history = done.getExchange().getProperty(Exchange.MESSAGE_HISTORY, List.class);
                    if (history != null) {
                        history.forEach(h -> stepsRun.add(((MessageHistory) h).getNode().getId()));
                    }
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
        assertThat(stepsRun).contains("doorbell-not-configured").doesNotContain("doorbell-post-slack",
                "doorbell-attempts", "doorbell-build-message");
        assertThat(logs.at(Level.WARN)).filteredOn(l -> l.text().contains("no doorbell is configured"))
                .singleElement().satisfies(l -> assertThat(l.text()).contains("issue=acme/widgets#42"));
        assertThat(logs.at(Level.INFO)).anySatisfy(l -> assertThat(l.text())
                .contains("doorbell not rung").contains("issue=acme/widgets#42"));
        Counter unconfigured = meters().find("afk.doorbell.failures").tag("kind", "unconfigured").counter();
        assertThat(unconfigured).isNotNull();
        assertThat(unconfigured.count()).isEqualTo(2.0);
    }
}
