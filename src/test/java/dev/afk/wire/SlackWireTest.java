package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.adapter.Handoff;
import dev.afk.core.EscalationReason;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.sim.SlackSimulator;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackWireTest {

    static final Handoff HANDOFF = new Handoff(IssueKey.of("acme/widgets", 42),
            "https://git.example/acme/widgets/issues/42", 2, Phase.PUSHED, EscalationReason.CI_EXHAUSTED,
            "ci/build failed: expected <1> & got <2>", "thread-42");

    /** What the doorbell posts for {@code h}, read back. */
    static JsonNode wire(Handoff h) throws Exception {
        return new ObjectMapper().readTree(SlackWire.json(h));
    }

    /**
     * The body camel-slack 4.18 posted for {@link #HANDOFF} (Gson of the Slack SDK's Message), less the SDK's
     * default-false flags (is_intro, unfurlLinks, ...), which an incoming webhook ignores.
     */
    static final String CAMEL_SLACK_BODY = "{\"text\":\"acme/widgets#42 needs a human: CI or deploy still failing after "
            + "the last fix-forward round (attempt 2, reached pushed)\",\"blocks\":[{\"type\":\"header\",\"text\":"
            + "{\"type\":\"plain_text\",\"text\":\"Needs a human: acme/widgets#42\"}},{\"type\":\"section\",\"text\":"
            + "{\"type\":\"mrkdwn\",\"text\":\"*\\u003chttps://git.example/acme/widgets/issues/42|acme/widgets#42"
            + "\\u003e* was handed back to a person: CI or deploy still failing after the last fix-forward round.\"}},"
            + "{\"type\":\"section\",\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"*Repository*\\nacme/widgets\"},"
            + "{\"type\":\"mrkdwn\",\"text\":\"*Attempt*\\n2\"},{\"type\":\"mrkdwn\",\"text\":\"*Phase reached*"
            + "\\npushed\"},{\"type\":\"mrkdwn\",\"text\":\"*Reason*\\nCI_EXHAUSTED\"},{\"type\":\"mrkdwn\",\"text\":"
            + "\"*Thread*\\n`thread-42`\"}]},{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":"
            + "\"*Evidence*\\n```ci/build failed: expected \\u0026lt;1\\u0026gt; \\u0026amp; got \\u0026lt;2\\u0026gt;```\"}}]}";

    static List<String> allTexts(JsonNode message) {
        List<String> texts = new ArrayList<>();
        message.path("blocks").forEach(b -> {
            if (b.has("text")) {
                texts.add(b.path("text").path("text").asText());
            }
            b.path("fields").forEach(f -> texts.add(f.path("text").asText()));
        });
        return texts;
    }

    @Test
    void theMessageCarriesEveryFieldOfTheHandoffAsBlocksPlusAFallbackText() throws Exception {
        JsonNode m = wire(HANDOFF);

        assertThat(m.path("text").asText())
                .isEqualTo("acme/widgets#42 needs a human: CI or deploy still failing after the last fix-forward "
                        + "round (attempt 2, reached pushed)");
        assertThat(m.path("blocks")).hasSize(4);
        assertThat(m.path("blocks").get(0).path("type").asText()).isEqualTo("header");
        assertThat(m.path("blocks").get(0).path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(m.path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo("Needs a human: acme/widgets#42");
        assertThat(allTexts(m)).contains(
                "*<https://git.example/acme/widgets/issues/42|acme/widgets#42>* was handed back to a person: "
                        + "CI or deploy still failing after the last fix-forward round.",
                "*Repository*\nacme/widgets",
                "*Attempt*\n2",
                "*Phase reached*\npushed",
                "*Reason*\nCI_EXHAUSTED",
                "*Thread*\n`thread-42`",
                "*Evidence*\n```ci/build failed: expected &lt;1&gt; &amp; got &lt;2&gt;```");
        assertThat(SlackSimulator.validate(m)).isEmpty();
    }

    @Test
    void evidenceIsEscapedSoItCannotForgeLinksOrMentions() throws Exception {
        Handoff h = new Handoff(HANDOFF.key(), HANDOFF.issueUrl(), 1, Phase.GREEN, EscalationReason.AGENT_FAILED,
                "<!channel> see <https://evil.example|the fix> & ```run this```", "t");

        String evidence = allTexts(wire(h)).stream().filter(t -> t.startsWith("*Evidence*"))
                .findFirst().orElseThrow();

        assertThat(evidence).doesNotContain("<!channel>").doesNotContain("<https://evil")
                .contains("&lt;!channel&gt;").contains("&lt;https://evil.example|the fix&gt; &amp;")
                .contains("'''run this'''");
        int open = evidence.indexOf("```");
        assertThat(evidence.indexOf("```", open + 3)).isEqualTo(evidence.length() - 3); // one block, closed last
    }

    @Test
    void hugeEvidenceIsBoundedSoSlackStillAcceptsTheMessage() throws Exception {
        Handoff h = new Handoff(HANDOFF.key(), HANDOFF.issueUrl(), 3, Phase.CI_GREEN, EscalationReason.CI_EXHAUSTED,
                "<&>".repeat(20_000), "t".repeat(5_000));

        JsonNode m = wire(h);

        assertThat(SlackSimulator.validate(m)).isEmpty();
        String evidence = allTexts(m).stream().filter(t -> t.startsWith("*Evidence*")).findFirst().orElseThrow();
        assertThat(evidence.length()).isLessThanOrEqualTo(3000);
        assertThat(evidence).endsWith("…```").doesNotContain("<").doesNotContain(">");
        assertThat(allTexts(m)).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(3000));
    }

    @Test
    void aLongRepositoryNameKeepsTheHeaderWithinSlacksLimit() throws Exception {
        Handoff h = new Handoff(IssueKey.of("o".repeat(39) + "/" + "r".repeat(100), 123456), null, 1,
                Phase.DISPATCHED, EscalationReason.AGENT_FAILED, "", null);

        JsonNode m = wire(h);

        assertThat(m.path("blocks").get(0).path("text").path("text").asText()).hasSizeLessThanOrEqualTo(150)
                .endsWith("…");
        assertThat(m.path("text").asText()).hasSizeLessThanOrEqualTo(SlackWire.TEXT_MAX_CHARS);
        assertThat(SlackSimulator.validate(m)).isEmpty();
    }

    @Test
    void missingOptionalPartsRenderAsNoneInsteadOfFailing() throws Exception {
        Handoff h = new Handoff(IssueKey.of("acme/widgets", 7), null, 1, null, EscalationReason.AGENT_FAILED, null,
                null);

        JsonNode m = wire(h);

        assertThat(allTexts(m)).contains("*acme/widgets#7* was handed back to a person: the agent's thread "
                        + "errored, stopped, finished without a push, or stalled.",
                "*Phase reached*\nnone", "*Thread*\nnone", "*Evidence*\n_none recorded_");
        assertThat(SlackSimulator.validate(m)).isEmpty();
    }

    @ParameterizedTest(name = "issue URL {0} renders as {1}")
    @CsvSource(delimiterString = " => ", value = {
        "https://git.example/a/b/issues/1 => <https://git.example/a/b/issues/1|acme/widgets#42>",
        "https://git.example/x?a=1&b=2 => <https://git.example/x?a=1&amp;b=2|acme/widgets#42>",
        "https://git.example/x|y>z => <https://git.example/x%7Cy%3Ez|acme/widgets#42>",
        "javascript:alert(1) => acme/widgets#42",
        "'  ' => acme/widgets#42"})
    void theIssueLinkIsOnlyEverAnHttpLinkWithoutSlackSyntaxInside(String url, String expected) {
        Handoff h = new Handoff(HANDOFF.key(), url, 1, Phase.PUSHED, EscalationReason.CI_EXHAUSTED, "", "t");
        assertThat(SlackWire.issueLink(h)).isEqualTo(expected);
    }

    @Test
    void theJsonBodyIsTheMessageAsCamelSlackSerialisedItAndSlackAcceptsIt() throws Exception {
        JsonNode posted = new ObjectMapper().readTree(SlackWire.json(HANDOFF));

        assertThat(posted).isEqualTo(new ObjectMapper().readTree(CAMEL_SLACK_BODY));
        assertThat(posted.fieldNames()).toIterable().containsExactly("text", "blocks");
        assertThat(posted.path("text").asText()).contains("acme/widgets#42 needs a human");
        assertThat(posted.has("channel")).as("the webhook's own channel, as configured in Slack").isFalse();
        assertThat(SlackSimulator.validate(posted)).isEmpty();
    }

    @Test
    void aTransportFailureIsSummarisedWithoutAnyUrl() {
        Exception refused = new ConnectException(
                "Failed to connect to https://hooks.slack.com/services/T1/B2/sEcReT and more");
        Exception timeout = new RuntimeException("wrapped", new SocketTimeoutException("timeout"));

        assertThat(SlackWire.failureKind(refused)).isEqualTo("transport");
        assertThat(SlackWire.failureSummary(refused)).startsWith("error=ConnectException")
                .doesNotContain("sEcReT").doesNotContain("hooks.slack.com").contains("<url>");
        assertThat(SlackWire.failureKind(timeout)).isEqualTo("transport");
        assertThat(SlackWire.failureSummary(timeout)).isEqualTo("error=SocketTimeoutException detail=\"timeout\"");
        assertThat(SlackWire.failureKind(new IllegalStateException("x"))).isEqualTo("other");
    }

    @Test
    void theLogContextNamesIssueAttemptReasonAndThread() {
        assertThat(SlackWire.logContext(HANDOFF))
                .isEqualTo("issue=acme/widgets#42 attempt=2 reason=CI_EXHAUSTED thread=thread-42");
    }

    @ParameterizedTest(name = "bound({0}, {1}) = {2}")
    @CsvSource(delimiterString = " => ", value = {
        "abc => 5 => abc",
        "abcdef => 5 => abcd…",
        "ab&amp;cd => 5 => ab…",
        "ab&amp;cd => 8 => ab&amp;…",
        "abcd&lt; => 5 => abcd…"})
    void boundCutsNeverSplitAnEntity(String s, int max, String expected) {
        assertThat(SlackWire.bound(s, max)).isEqualTo(expected);
    }
}
