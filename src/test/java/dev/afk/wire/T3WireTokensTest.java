package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afk.core.PhaseMarkers;
import dev.afk.core.ThreadView;
import dev.afk.sim.T3SimSchemas;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The thread detail's token figure ({@link ThreadView#tokens()}): the largest {@code totalProcessedTokens}, else
 * {@code usedTokens}, over the {@code context-window.updated} activities (docs/reference/t3-control.md §5.2–§5.4),
 * read from the verbatim reference detail with usage activities added in T3's shape.
 */
class T3WireTokensTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The payload of the reference's example (upstream's Codex test values, docs/reference/t3-control.md §5.2). */
    static final String REFERENCE_PAYLOAD = "{\"usedTokens\":1075,\"totalProcessedTokens\":10200,\"maxTokens\":128000,"
            + "\"inputTokens\":1000,\"cachedInputTokens\":500,\"outputTokens\":50,\"reasoningOutputTokens\":25,"
            + "\"lastUsedTokens\":1075,\"compactsAutomatically\":true}";

    static ObjectNode referenceDetail() throws IOException {
        try (InputStream in = T3WireTokensTest.class.getResourceAsStream("/t3-examples/thread-detail.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    static ObjectNode usage(String id, String turnId, String payload) throws IOException {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id);
        a.put("tone", "info");
        a.put("kind", "context-window.updated");
        a.put("summary", "Context window updated");
        a.set("payload", JSON.readTree(payload));
        a.put("turnId", turnId);
        a.put("createdAt", "2026-11-24T07:04:30.000Z");
        return a;
    }

    static ArrayNode activities(ObjectNode detail) {
        return detail.withObject("/thread").withArray("activities");
    }

    static ThreadView read(ObjectNode detail) throws IOException {
        assertThat(T3SimSchemas.problems("read-model.schema.json", "threadDetailResponse", detail)).isEmpty();
        for (JsonNode a : activities(detail)) {
            if (a.path("kind").asText().equals("context-window.updated")) {
                assertThat(T3SimSchemas.problems("token-usage.schema.json", null, a)).as(a.toString()).isEmpty();
            }
        }
        InputStream in = new ByteArrayInputStream(detail.toString().getBytes(StandardCharsets.UTF_8));
        ThreadView view = T3Wire.threadDetail(in, PhaseMarkers::parse);
        assertThat(T3Wire.tokens(activities(detail))).isEqualTo(view.tokens());
        return view;
    }

    @Test
    void theVerbatimCursorDetailReportsNoTokensNotZero() throws IOException {
        ObjectNode detail = referenceDetail();
        assertThat(activities(detail)).isNotEmpty(); // it has activities, none of them usage (§5.1)

        assertThat(read(detail).tokens()).isNull();
    }

    @Test
    void theReferenceExamplePayloadCountsItsTotalProcessedTokens() throws IOException {
        ObjectNode detail = referenceDetail();
        String turn = detail.at("/thread/latestTurn/turnId").asText();
        activities(detail).add(usage("evt-1", turn, REFERENCE_PAYLOAD));

        ThreadView view = read(detail);

        assertThat(view.tokens()).isEqualTo(10_200L);
        // Everything else the detail says is read as before.
        assertThat(view.latestTurnId()).isEqualTo(turn);
        assertThat(view.latestTurnAnswered()).isTrue();
    }

    @Test
    void withoutTotalProcessedTokensTheUsedTokensCount() throws IOException {
        ObjectNode detail = referenceDetail();
        activities(detail).add(usage("evt-1", "turn-1", "{\"usedTokens\":900,\"maxTokens\":200000}"));

        assertThat(read(detail).tokens()).isEqualTo(900L);
    }

    @Test
    void theLargestCumulativeCountOverTheTurnsWinsWhateverTheOrder() throws IOException {
        ObjectNode detail = referenceDetail();
        // One activity per turn (the detail keeps each turn's last, §5.4); the fill goes down after a compaction.
        activities(detail).add(usage("evt-1", "turn-1", "{\"usedTokens\":4000}"));
        activities(detail).add(usage("evt-3", "turn-3", "{\"usedTokens\":3000,\"totalProcessedTokens\":12000}"));
        activities(detail).add(usage("evt-2", "turn-2", "{\"usedTokens\":9000,\"totalProcessedTokens\":9500}"));
        activities(detail).add(usage("evt-0", null, "{\"usedTokens\":11000}")); // outside a turn

        assertThat(read(detail).tokens()).isEqualTo(12_000L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no usedTokens                 | {\"maxTokens\":200000}",
            "usedTokens is text            | {\"usedTokens\":\"900\"}",
            "totalProcessedTokens fraction | {\"usedTokens\":900,\"totalProcessedTokens\":1.5}",
            "negative                      | {\"usedTokens\":-3}",
            "payload not an object         | \"900\""})
    void aReportWithoutACountIsSkipped(String why, String payload) throws IOException {
        ObjectNode detail = referenceDetail();
        activities(detail).add(usage("evt-1", "turn-1", payload));
        InputStream in = new ByteArrayInputStream(detail.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(T3Wire.threadDetail(in, PhaseMarkers::parse).tokens()).as(why).isNull();

        activities(detail).add(usage("evt-2", "turn-2", "{\"usedTokens\":70}"));
        assertThat(T3Wire.tokens(activities(detail))).as(why + ", beside a good report").isEqualTo(70L);
    }

    @Test
    void anotherActivityKindWithTheSameFieldsIsNoUsage() throws IOException {
        ObjectNode detail = referenceDetail();
        ObjectNode other = usage("evt-1", "turn-1", REFERENCE_PAYLOAD);
        other.put("kind", "turn.plan.updated");
        activities(detail).add(other);

        assertThat(read(detail).tokens()).isNull();
    }

    @Test
    void theFleetReadCarriesNoTokens() throws IOException {
        try (InputStream in = T3WireTokensTest.class.getResourceAsStream("/t3-examples/snapshot-two-threads.json")) {
            assertThat(T3Wire.fleet(in).values()).isNotEmpty().allSatisfy(v -> assertThat(v.tokens()).isNull());
        }
    }
}
