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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits in Forgejo's dialect (docs/reference/trackers.md, "Edit" and the issue {@code PATCH}): a comment's and an
 * issue's body rewritten, their {@code updated_at} moved, the requests checked against the swagger by the simulator
 * and the replies checked against it here ({@link ForgejoSimContract#replyViolations}). The test side scripts the
 * same edits on the model (a person editing a comment or the issue mid-run).
 */
class ForgejoSimEditsTest {

    static final String TOKEN = "sim-token-1";
    static final String REPO = "acme/widgets";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final T3SimulatorTest.MovingClock clock = new T3SimulatorTest.MovingClock(Instant.parse("2026-12-01T10:00:00Z"));
    TrackerModel model;
    ForgejoSimulator forgejo;

    @BeforeEach
    void start() {
        model = new TrackerModel(clock);
        model.createRepo(REPO, "ready-for-agent", "in-progress");
        model.createIssue(REPO, "Widget list", "GET /widgets ignores limit", "alice", false, "in-progress");
        forgejo = new ForgejoSimulator(0, clock, model, TOKEN, "afk-bot").start();
    }

    @AfterEach
    void stop() {
        assertThat(forgejo.violations()).isEmpty();
        forgejo.close();
    }

    record Res(int status, JsonNode json) {}

    Res send(String method, String apiPath, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(forgejo.apiUrl() + apiPath))
                .header("Authorization", "token " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        List<String> problems = ForgejoSimContract.replyViolations(method, "/api/v1" + apiPath.replaceAll("\\?.*", ""),
                r.statusCode(), r.body());
        assertThat(problems).as(method + " " + apiPath + " → " + r.statusCode() + " " + r.body()).isEmpty();
        return new Res(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    void later(Duration d) {
        clock.now.set(clock.instant().plus(d));
    }

    @Test
    void patchingACommentRewritesItsBodyAndMovesItsUpdatedAtOnly() throws Exception {
        TrackerModel.Comment c = model.addComment(REPO, 1, "please use v2", "bob").orElseThrow();
        later(Duration.ofMinutes(5));

        Res edited = send("PATCH", "/repos/" + REPO + "/issues/comments/" + c.id(), "{\"body\":\"please use v3\"}");

        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().path("body").asText()).isEqualTo("please use v3");
        assertThat(edited.json().path("user").path("login").asText()).isEqualTo("bob");
        assertThat(edited.json().path("created_at").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(edited.json().path("updated_at").asText()).isEqualTo("2026-12-01T10:05:00Z");
        JsonNode listed = send("GET", "/repos/" + REPO + "/issues/1/comments", null).json();
        assertThat(listed).singleElement().satisfies(n -> {
            assertThat(n.path("body").asText()).isEqualTo("please use v3");
            assertThat(n.path("updated_at").asText()).isEqualTo("2026-12-01T10:05:00Z");
        });
        assertThat(send("GET", "/repos/" + REPO + "/issues/1", null).json().path("updated_at").asText())
                .isEqualTo("2026-12-01T10:05:00Z");
    }

    @Test
    void aCommentEditedSinceIsListedAgainBySince() throws Exception {
        TrackerModel.Comment c = model.addComment(REPO, 1, "first", "bob").orElseThrow();
        later(Duration.ofMinutes(10));
        model.editComment(REPO, c.id(), "first, edited"); // the test side: a person edits their comment

        JsonNode listed = send("GET", "/repos/" + REPO + "/issues/1/comments?since=2026-12-01T10:05:00Z", null)
                .json();

        assertThat(listed).singleElement().satisfies(n -> assertThat(n.path("body").asText())
                .isEqualTo("first, edited"));
        assertThat(model.changes()).extracting(TrackerModel.Change::kind).endsWith(
                TrackerModel.ChangeKind.COMMENT_ADDED, TrackerModel.ChangeKind.COMMENT_EDITED);
    }

    @Test
    void patchingTheIssueBodyRewritesItAndMovesTheIssuesUpdatedAt() throws Exception {
        later(Duration.ofMinutes(7));

        Res r = send("PATCH", "/repos/" + REPO + "/issues/1", "{\"body\":\"GET /widgets ignores limit and page\"}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("body").asText()).isEqualTo("GET /widgets ignores limit and page");
        assertThat(r.json().path("title").asText()).isEqualTo("Widget list");
        assertThat(r.json().path("state").asText()).isEqualTo("open");
        assertThat(r.json().path("updated_at").asText()).isEqualTo("2026-12-01T10:07:00Z");
        assertThat(model.changes()).last().satisfies(ch -> {
            assertThat(ch.kind()).isEqualTo(TrackerModel.ChangeKind.ISSUE_EDITED);
            assertThat(ch.actor()).isEqualTo("afk-bot");
        });
    }

    @Test
    void theTestSideEditsAnIssueAsAPersonAndTheReadsShowIt() throws Exception {
        later(Duration.ofMinutes(3));
        model.editIssueBody(REPO, 1, "new text", "alice");

        JsonNode issue = send("GET", "/repos/" + REPO + "/issues/1", null).json();

        assertThat(issue.path("body").asText()).isEqualTo("new text");
        assertThat(issue.path("updated_at").asText()).isEqualTo("2026-12-01T10:03:00Z");
        assertThat(model.changes()).last().satisfies(ch -> {
            assertThat(ch.kind()).isEqualTo(TrackerModel.ChangeKind.ISSUE_EDITED);
            assertThat(ch.value()).isEqualTo("new text");
            assertThat(ch.actor()).isEqualTo("alice");
        });
        assertThat(model.editIssueBody(REPO, 99, "x", "alice")).isEmpty();
    }

    @Test
    void aStateOnlyPatchLeavesTheBodyAlone() throws Exception {
        Res r = send("PATCH", "/repos/" + REPO + "/issues/1", "{\"state\":\"closed\"}");

        assertThat(r.json().path("body").asText()).isEqualTo("GET /widgets ignores limit");
        assertThat(model.changes()).extracting(TrackerModel.Change::kind)
                .doesNotContain(TrackerModel.ChangeKind.ISSUE_EDITED);
    }

    @Test
    void theReplyCheckCanFail() {
        assertThat(ForgejoSimContract.replyViolations("PATCH", "/api/v1/repos/acme/widgets/issues/comments/1", 200,
                "{\"id\":\"not a number\",\"body\":7}")).isNotEmpty();
        assertThat(ForgejoSimContract.replyViolations("PATCH", "/api/v1/repos/acme/widgets/issues/1", 418, "{}"))
                .isNotEmpty();
    }
}
