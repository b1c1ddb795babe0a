package dev.afk.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.core.PhaseMarkers;
import dev.afk.wire.T3Wire;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link T3Simulator} meters like the real server (docs/reference/t3-control.md §5): usage activities shaped as in
 * §5.2, only for providers that report usage, none with {@code usedTokens <= 0}, and a detail that keeps the last
 * one per turn and at most 500 activities (§5.4). Every usage activity served is checked against the reference
 * activity schema and AFK's {@code token-usage.schema.json}, over real HTTP.
 */
class T3SimUsageTest {

    static final String TOKEN = "sim-token";
    static final String PROJECT = "p-1";
    static final ObjectMapper JSON = new ObjectMapper();

    final T3SimulatorTest.MovingClock clock = new T3SimulatorTest.MovingClock(Instant.parse("2031-03-04T05:06:07Z"));
    final HttpClient http = HttpClient.newHttpClient();
    T3Simulator t3;
    int commands;

    @BeforeEach
    void start() {
        t3 = new T3Simulator(0, clock, TOKEN).start();
        t3.createProject(PROJECT, "/srv/checkouts/acme-widgets");
    }

    @AfterEach
    void stop() {
        assertThat(t3.violations()).isEmpty();
        t3.close();
    }

    JsonNode send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t3.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    void thread(String threadId, String instanceId) {
        send("POST", "/api/orchestration/dispatch", T3Wire.threadCreate("c-" + (++commands), threadId, PROJECT,
                "acme/widgets#1", instanceId, "some-model", clock.instant()).toString());
    }

    String turn(String threadId, String text) {
        String commandId = "c-" + (++commands);
        send("POST", "/api/orchestration/dispatch", T3Wire.turnStart(commandId, threadId, "m-" + commandId, text,
                clock.instant()).toString());
        t3.startTurn(threadId);
        return t3.thread(threadId).orElseThrow().activeTurnId();
    }

    /** The detail's activities, the detail validated; every usage activity validated too. */
    List<JsonNode> detailActivities(String threadId) {
        JsonNode detail = send("GET", "/api/orchestration/threads/" + threadId, null);
        assertThat(T3SimSchemas.problems("read-model.schema.json", "threadDetailResponse", detail)).isEmpty();
        List<JsonNode> out = new ArrayList<>();
        detail.at("/thread/activities").forEach(out::add);
        return out;
    }

    List<JsonNode> usageIn(String threadId) {
        List<JsonNode> usage = detailActivities(threadId).stream()
                .filter(a -> a.path("kind").asText().equals("context-window.updated")).toList();
        for (JsonNode a : usage) {
            assertThat(T3SimSchemas.problems("token-usage.schema.json", null, a)).as(a.toString()).isEmpty();
            JsonNode p = a.path("payload");
            if (p.has("totalProcessedTokens")) {
                assertThat(p.path("totalProcessedTokens").asLong()).as("present only when greater (§5.3)")
                        .isGreaterThan(p.path("usedTokens").asLong());
            }
        }
        return usage;
    }

    Long wireTokens(String threadId) throws IOException {
        String body = send("GET", "/api/orchestration/threads/" + threadId, null).toString();
        return T3Wire.threadDetail(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                PhaseMarkers::parse).tokens();
    }

    @Test
    void aReportIsShapedAsT3IngestsIt() {
        thread("t-1", "codex");
        String turnId = turn("t-1", "go");

        assertThat(t3.reportUsage("t-1", new T3Simulator.Usage(1075, 10200, 128000, 1000, 500, 50))).isTrue();

        JsonNode a = usageIn("t-1").get(0);
        assertThat(a.path("tone").asText()).isEqualTo("info");
        assertThat(a.path("summary").asText()).isEqualTo("Context window updated");
        assertThat(a.path("turnId").asText()).isEqualTo(turnId);
        assertThat(a.path("createdAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(a.path("id").asText()).isNotBlank();
        JsonNode p = a.path("payload");
        assertThat(p.path("usedTokens").asLong()).isEqualTo(1075);
        assertThat(p.path("totalProcessedTokens").asLong()).isEqualTo(10200);
        assertThat(p.path("maxTokens").asLong()).isEqualTo(128000);
        assertThat(p.path("inputTokens").asLong()).isEqualTo(1000);
        assertThat(p.path("cachedInputTokens").asLong()).isEqualTo(500);
        assertThat(p.path("outputTokens").asLong()).isEqualTo(50);
    }

    @Test
    void totalProcessedTokensIsLeftOutWhenItIsNotGreaterThanUsedTokens() throws IOException {
        thread("t-1", "claudeAgent");
        turn("t-1", "go");

        t3.reportUsage("t-1", T3Simulator.Usage.of(800, 800));

        assertThat(usageIn("t-1")).singleElement().satisfies(a ->
                assertThat(a.path("payload").has("totalProcessedTokens")).isFalse());
        assertThat(wireTokens("t-1")).isEqualTo(800L);
    }

    @Test
    void aReportWithoutUsedTokensIsSkipped() {
        thread("t-1", "codex");
        turn("t-1", "go");

        assertThat(t3.reportUsage("t-1", T3Simulator.Usage.of(0, 5000))).isFalse();

        assertThat(usageIn("t-1")).isEmpty();
        assertThat(t3.thread("t-1").orElseThrow().activities()).isEmpty();
    }

    @Test
    void aCursorThreadReportsNothingWhateverIsScripted() throws IOException {
        thread("t-1", "cursor");
        t3.tokensPerTurn("t-1", 5000);
        turn("t-1", "go");
        t3.addAssistantMessage("t-1", "working");

        assertThat(t3.reportUsage("t-1", T3Simulator.Usage.of(100, 200))).isFalse();
        t3.completeTurn("t-1");

        assertThat(usageIn("t-1")).isEmpty();
        assertThat(t3.tokensReported("t-1")).isZero();
        assertThat(wireTokens("t-1")).as("not reported, not 0").isNull();
    }

    @Test
    void theSwitchesTurnMeteringOnAndOffPerInstanceAndPerThread() {
        t3.meterUsage("cursor", true).meterUsage("codex", false).meterThread("t-3", true);
        thread("t-1", "cursor");
        thread("t-2", "codex");
        thread("t-3", "codex");
        for (String t : List.of("t-1", "t-2", "t-3")) {
            turn(t, "go");
            t3.reportUsage(t, T3Simulator.Usage.of(100, 100));
        }

        assertThat(usageIn("t-1")).hasSize(1);
        assertThat(usageIn("t-2")).isEmpty();
        assertThat(usageIn("t-3")).as("the thread's switch wins").hasSize(1);
    }

    @Test
    void tokensPerTurnReportAtEveryStepAndTheDetailKeepsEachTurnsLast() throws IOException {
        t3.tokensPerTurn("t-1", 4000); // scripted before the thread exists
        thread("t-1", "claudeAgent");
        String turn1 = turn("t-1", "go");
        t3.addAssistantMessage("t-1", "AFK-PHASE: tests-red");
        t3.addAssistantMessage("t-1", "AFK-PHASE: green");
        clock.now.set(clock.instant().plusSeconds(30));
        t3.completeTurn("t-1");
        String turn2 = turn("t-1", "fix CI");
        t3.addAssistantMessage("t-1", "looking");
        clock.now.set(clock.instant().plusSeconds(30));
        t3.completeTurn("t-1");

        // Received: 3 reports for turn 1 (two messages, the settle), 2 for turn 2.
        assertThat(t3.thread("t-1").orElseThrow().activities())
                .filteredOn(a -> a.kind().equals("context-window.updated")).hasSize(5);
        List<JsonNode> shown = usageIn("t-1");
        assertThat(shown).extracting(a -> a.path("turnId").asText()).containsExactly(turn1, turn2);
        assertThat(shown.get(0).path("payload").path("usedTokens").asLong()).isEqualTo(4000);
        assertThat(shown.get(0).path("payload").has("totalProcessedTokens")).isFalse();
        assertThat(shown.get(0).path("createdAt").asText()).as("the turn's last report")
                .isEqualTo(t3.thread("t-1").orElseThrow().messages().stream()
                        .filter(m -> m.role().equals("user")).toList().get(1).createdAt().toString());
        assertThat(shown.get(1).path("payload").path("usedTokens").asLong()).isEqualTo(4000);
        assertThat(shown.get(1).path("payload").path("totalProcessedTokens").asLong()).isEqualTo(8000);
        assertThat(t3.tokensReported("t-1")).isEqualTo(8000);
        assertThat(wireTokens("t-1")).isEqualTo(8000L);
    }

    @Test
    void aFailedOrInterruptedTurnReportsWhatItUsed() throws IOException {
        t3.tokensPerTurn("t-1", 1000);
        thread("t-1", "codex");
        turn("t-1", "go");
        t3.failTurn("t-1", "boom");
        turn("t-1", "again");
        send("POST", "/api/orchestration/dispatch", T3Wire.turnInterrupt("c-stop", "t-1", null, clock.instant())
                .toString());

        assertThat(usageIn("t-1")).hasSize(2);
        assertThat(wireTokens("t-1")).isEqualTo(2000L);
    }

    @Test
    void usageOutsideATurnHasANullTurnIdAndIsKeptOnItsOwn() {
        thread("t-1", "codex");
        turn("t-1", "go");
        t3.reportUsage("t-1", T3Simulator.Usage.of(100, 100));
        t3.completeTurn("t-1");
        t3.reportUsage("t-1", T3Simulator.Usage.of(50, 300));
        t3.reportUsage("t-1", T3Simulator.Usage.of(60, 400));

        assertThat(usageIn("t-1")).extracting(a -> a.path("turnId").isNull()).containsExactly(false, true);
        assertThat(usageIn("t-1").get(1).path("payload").path("totalProcessedTokens").asLong()).isEqualTo(400);
    }

    @Test
    void theDetailServesAtMostTheFiveHundredMostRecentActivities() {
        thread("t-1", "codex");
        turn("t-1", "go");
        for (int i = 0; i < 520; i++) {
            t3.addActivity("t-1", "info", "turn.plan.updated", "Plan " + i);
        }
        t3.reportUsage("t-1", T3Simulator.Usage.of(100, 100));

        List<JsonNode> shown = detailActivities("t-1");

        assertThat(shown).hasSize(500);
        assertThat(shown.get(0).path("summary").asText()).isEqualTo("Plan 21");
        assertThat(shown.get(499).path("kind").asText()).isEqualTo("context-window.updated");
        assertThat(t3.thread("t-1").orElseThrow().activities()).hasSize(521);
    }
}
