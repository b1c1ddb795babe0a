package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.afk.adapter.Handoff;
import dev.afk.core.EscalationReason;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.sim.SlackSimulator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class SlackWirePropertyTest {

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    @Property(tries = 1000)
    void escapingLeavesNoMrkdwnControlCharacterAndLosesNothing(@ForAll String s) {
        String escaped = SlackWire.escape(s);
        assertThat(escaped).doesNotContain("<").doesNotContain(">");
        assertThat(escaped.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")).doesNotContain("&");
        assertThat(unescape(escaped)).isEqualTo(s);
    }

    @Property(tries = 1000)
    void boundingEscapedTextKeepsTheLimitAPrefixAndEveryEntityWhole(@ForAll @StringLength(max = 400) String s,
            @ForAll @IntRange(min = 2, max = 300) int max) {
        String escaped = SlackWire.escape(s);
        String bounded = SlackWire.bound(escaped, max);
        assertThat(bounded.length()).isLessThanOrEqualTo(Math.max(max, 0));
        if (escaped.length() <= max) {
            assertThat(bounded).isEqualTo(escaped);
        } else {
            String kept = bounded.substring(0, bounded.length() - 1);
            assertThat(bounded).endsWith("…");
            assertThat(escaped).startsWith(kept);
            // every '&' kept still starts a whole entity
            assertThat(kept.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")).doesNotContain("&");
            assertThat(kept.isEmpty() || !Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isTrue();
        }
    }

    @Property(tries = 1000)
    void anyHandoffBecomesAMessageSlackAccepts(@ForAll @StringLength(max = 6000) String evidence,
            @ForAll @StringLength(max = 400) String threadId, @ForAll @StringLength(max = 300) String url,
            @ForAll @IntRange(min = 1, max = 99) int attempt, @ForAll Phase phase,
            @ForAll EscalationReason reason) throws Exception {
        Handoff h = new Handoff(IssueKey.of("acme/widgets", 42), url, attempt, phase, reason, evidence, threadId);

        JsonNode m = SlackWireTest.wire(h);

        assertThat(SlackSimulator.validate(m)).isEmpty();
        assertThat(m.path("text").asText()).contains("acme/widgets#42");
    }
}
