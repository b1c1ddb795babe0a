package dev.afk.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits in GitHub's dialect (docs/reference/trackers.md, "Edit" and the issue {@code PATCH}):
 * {@code PATCH /repos/{o}/{r}/issues/comments/{id}} → 200 with the comment ({@code id, body, html_url, user,
 * created_at, updated_at}), its {@code updated_at} moved; {@code PATCH /repos/{o}/{r}/issues/{n}} with a
 * {@code body} → 200 with the issue, its {@code updated_at} moved. The test side scripts the same edits on the model.
 * The repository carries no GitHub OpenAPI description, so the shapes are the reference's field lists.
 */
class GitHubSimEditsTest {

    static final String TOKEN = "ghp-sim-token";
    static final String REPO = "acme/widgets";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final List<String> COMMENT_FIELDS = List.of("id", "body", "html_url", "user", "created_at", "updated_at");

    final T3SimulatorTest.MovingClock clock = new T3SimulatorTest.MovingClock(Instant.parse("2026-12-01T10:00:00Z"));
    TrackerModel model;
    GitHubSimulator sim;

    @BeforeEach
    void start() {
        model = new TrackerModel(clock);
        model.createRepo(REPO, "ready-for-agent", "in-progress");
        model.createIssue(REPO, "Widget list", "GET /widgets ignores limit", "alice", false, "in-progress");
        sim = new GitHubSimulator(0, clock, model, TOKEN, "afk-bot[bot]").start();
    }

    @AfterEach
    void stop() {
        assertThat(sim.violations()).isEmpty();
        sim.close();
    }

    record Res(int status, JsonNode json) {}

    Res send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        Map.of("Authorization", "Bearer " + TOKEN, "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28", "User-Agent", "afk-control-plane").forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    void later(Duration d) {
        clock.now.set(clock.instant().plus(d));
    }

    static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void patchingACommentRewritesItsBodyAndMovesItsUpdatedAt() throws Exception {
        TrackerModel.Comment c = model.addComment(REPO, 1, "please use v2", "bob").orElseThrow();
        later(Duration.ofMinutes(5));

        Res edited = send("PATCH", "/repos/" + REPO + "/issues/comments/" + c.id(), "{\"body\":\"please use v3\"}");

        assertThat(edited.status()).isEqualTo(200);
        assertThat(fields(edited.json())).containsAll(COMMENT_FIELDS);
        assertThat(edited.json().path("id").asLong()).isEqualTo(c.id());
        assertThat(edited.json().path("body").asText()).isEqualTo("please use v3");
        assertThat(edited.json().path("user").path("login").asText()).isEqualTo("bob");
        assertThat(edited.json().path("html_url").asText()).endsWith("/issues/1#issuecomment-" + c.id());
        assertThat(edited.json().path("created_at").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(edited.json().path("updated_at").asText()).isEqualTo("2026-12-01T10:05:00Z");
        JsonNode listed = send("GET", "/repos/" + REPO + "/issues/1/comments", null).json();
        assertThat(listed).singleElement().satisfies(n -> {
            assertThat(n.path("body").asText()).isEqualTo("please use v3");
            assertThat(n.path("updated_at").asText()).isEqualTo("2026-12-01T10:05:00Z");
        });
        assertThat(send("PATCH", "/repos/" + REPO + "/issues/comments/99999", "{\"body\":\"x\"}").status())
                .isEqualTo(404);
    }

    @Test
    void aBotsEditedCommentIsStillABots() throws Exception {
        model.markBot("ci-bot[bot]");
        TrackerModel.Comment c = model.addComment(REPO, 1, "build failed", "ci-bot[bot]").orElseThrow();

        Res edited = send("PATCH", "/repos/" + REPO + "/issues/comments/" + c.id(), "{\"body\":\"build passed\"}");

        assertThat(edited.json().path("user").path("type").asText()).isEqualTo("Bot");
    }

    @Test
    void aCommentEditedOnTheTestSideIsListedAgainBySince() throws Exception {
        TrackerModel.Comment c = model.addComment(REPO, 1, "first", "bob").orElseThrow();
        later(Duration.ofMinutes(10));
        model.editComment(REPO, c.id(), "first, edited");

        JsonNode listed = send("GET", "/repos/" + REPO + "/issues/1/comments?since=2026-12-01T10:05:00Z", null)
                .json();

        assertThat(listed).singleElement().satisfies(n -> {
            assertThat(n.path("body").asText()).isEqualTo("first, edited");
            assertThat(n.path("created_at").asText()).isEqualTo("2026-12-01T10:00:00Z");
        });
    }

    @Test
    void patchingTheIssueBodyRewritesItAndMovesTheIssuesUpdatedAt() throws Exception {
        later(Duration.ofMinutes(7));

        Res r = send("PATCH", "/repos/" + REPO + "/issues/1", "{\"body\":\"GET /widgets ignores limit and page\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("body").asText()).isEqualTo("GET /widgets ignores limit and page");
        assertThat(r.json().path("title").asText()).isEqualTo("Widget list");
        assertThat(r.json().path("state").asText()).isEqualTo("open");
        assertThat(Instant.parse(r.json().path("updated_at").asText())).isEqualTo("2026-12-01T10:07:00Z");
        assertThat(model.issue(REPO, 1).orElseThrow().body()).isEqualTo("GET /widgets ignores limit and page");
        assertThat(model.changes()).last().satisfies(ch -> {
            assertThat(ch.kind()).isEqualTo(TrackerModel.ChangeKind.ISSUE_EDITED);
            assertThat(ch.actor()).isEqualTo("afk-bot[bot]");
        });
    }

    @Test
    void theTestSideEditsAnIssueAsAPersonAndTheReadsShowIt() throws Exception {
        later(Duration.ofMinutes(3));
        model.editIssue(REPO, 1, "Widget list ignores limit", "new text", "alice");

        JsonNode issue = send("GET", "/repos/" + REPO + "/issues/1", null).json();

        assertThat(issue.path("title").asText()).isEqualTo("Widget list ignores limit");
        assertThat(issue.path("body").asText()).isEqualTo("new text");
        assertThat(Instant.parse(issue.path("updated_at").asText())).isEqualTo("2026-12-01T10:03:00Z");
    }

    @Test
    void aNonTextBodyIsRefusedAndChangesNothing() throws Exception {
        Res r = send("PATCH", "/repos/" + REPO + "/issues/1", "{\"body\":42}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(model.issue(REPO, 1).orElseThrow().body()).isEqualTo("GET /widgets ignores limit");
        assertThat(sim.violations()).hasSize(1);
        sim.clearViolations();
    }
}
