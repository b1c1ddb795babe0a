package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.adapter.HoldBell;
import dev.afk.core.IssueKey;
import org.junit.jupiter.api.Test;

/** A trip's one doorbell (issue 12): it names the hold issue and never reads as a hand-off. */
class SlackWireHoldTest {

    @Test
    void theHoldDoorbellNamesItsHoldIssueAndEscapesTrackerText() throws Exception {
        HoldBell bell = new HoldBell(IssueKey.of("acme/widgets", 7), "https://git.example/acme/widgets/issues/7",
                "acme/widgets", "AFK paused dispatch in acme/widgets: ci/build <failure> & more");
        JsonNode m = new ObjectMapper().readTree(SlackWire.json(bell));
        assertThat(m.path("text").asText()).startsWith("AFK hold acme/widgets#7: ")
                .contains("&lt;failure&gt; &amp; more").doesNotContain("<failure>");
        assertThat(m.toString()).contains("<https://git.example/acme/widgets/issues/7|acme/widgets#7>");
        assertThat(SlackWire.logContext(bell)).isEqualTo("hold=acme/widgets#7 scope=acme/widgets");
    }

    @Test
    void aFleetHoldSaysTheWholeFleetAndANonWebLinkIsNoLink() throws Exception {
        HoldBell bell = new HoldBell(IssueKey.of("acme/ops", 3), "javascript:alert(1)", "*", "AGENT_FAILED tripped");
        JsonNode m = new ObjectMapper().readTree(SlackWire.json(bell));
        assertThat(m.toString()).contains("the whole fleet").doesNotContain("javascript:");
    }
}
