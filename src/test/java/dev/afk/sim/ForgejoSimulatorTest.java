package dev.afk.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ForgejoSimulator} keeps Forgejo's quirks (docs/reference/trackers.md) and records requests that break the swagger. */
class ForgejoSimulatorTest {

    static final String TOKEN = "sim-token-1";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TrackerModel model;
    static ForgejoSimulator forgejo;
    static int repoCounter;

    String repo;

    @BeforeAll
    static void start() {
        model = new TrackerModel(Clock.systemUTC());
        forgejo = new ForgejoSimulator(0, Clock.systemUTC(), model, TOKEN, "afk-bot").start();
    }

    @AfterAll
    static void stop() {
        forgejo.close();
    }

    @BeforeEach
    void freshRepo() {
        repo = "acme/sim" + (++repoCounter);
        model.createRepo(repo, "ready-for-agent", "in-progress", "bug");
        forgejo.clearViolations();
        forgejo.clearRequests();
    }

    record Res(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Res send(String method, String pathAndQuery, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(forgejo.apiUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.body(), r);
    }

    Res send(String method, String pathAndQuery, String body) throws Exception {
        return send(method, pathAndQuery, body, "token " + TOKEN);
    }

    static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }


    @AfterEach
    void noUnexpectedViolations(org.junit.jupiter.api.TestInfo info) {
        if (!info.getTags().contains("violation")) {
            assertThat(forgejo.violations()).isEmpty();
        }
    }

    // ---- auth ----

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "token sim-token-1  | 200",
            "Bearer sim-token-1 | 200",
            "bearer sim-token-1 | 200",
            "BEARER sim-token-1 | 200",
            "Token sim-token-1  | 401",
            "TOKEN sim-token-1  | 401",
            "token wrong        | 401",
            "Basic c2ltOnRva2Vu | 401"})
    void theTokenSchemeWordIsCaseSensitiveWhileBearerIsNot(String auth, int expected) throws Exception {
        assertThat(send("GET", "/repos/" + repo + "/issues", null, auth.strip()).status()).isEqualTo(expected);
    }

    @Test
    void aMissingTokenIsA401WithAJsonMessage() throws Exception {
        Res r = send("GET", "/repos/" + repo + "/issues", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("message").asText()).isNotEmpty();
    }

    // ---- issue list ----

    @Test
    void anUnknownLabelFilterIsDroppedSilentlyAndReturnsEveryIssueAndPullRequest() throws Exception {
        model.createIssue(repo, "ready", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "plain", "", "alice", false);
        model.createIssue(repo, "a PR", "", "alice", true);
        Res r = send("GET", "/repos/" + repo + "/issues?state=open&labels=ready-for-agnet", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).hasSize(3);
        assertThat(r.header("X-Total-Count")).isEqualTo("3");
    }

    @Test
    void aKnownLabelFilterKeepsOnlyIssuesCarryingItAndSeveralLabelsAreAnded() throws Exception {
        model.createIssue(repo, "ready", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "both", "", "alice", false, "ready-for-agent", "bug");
        model.createIssue(repo, "bug", "", "alice", false, "bug");
        assertThat(names(send("GET", "/repos/" + repo + "/issues?labels=ready-for-agent&sort=oldest", null).json(),
                "title")).containsExactly("ready", "both");
        assertThat(names(send("GET", "/repos/" + repo + "/issues?labels=ready-for-agent,bug", null).json(), "title"))
                .containsExactly("both");
    }

    @Test
    void typeIssuesLeavesPullRequestsOutAndPlainIssuesCarryANullPullRequest() throws Exception {
        model.createIssue(repo, "issue", "", "alice", false);
        model.createIssue(repo, "pr", "", "alice", true);
        JsonNode all = send("GET", "/repos/" + repo + "/issues?type=issues", null).json();
        assertThat(names(all, "title")).containsExactly("issue");
        assertThat(all.get(0).has("pull_request")).isTrue();
        assertThat(all.get(0).get("pull_request").isNull()).isTrue();
    }

    @Test
    void closedIssuesAreLeftOutByDefault() throws Exception {
        model.createIssue(repo, "open", "", "alice", false);
        model.createIssue(repo, "closed", "", "alice", false);
        model.setOpen(repo, 2, false, null);
        assertThat(names(send("GET", "/repos/" + repo + "/issues", null).json(), "title")).containsExactly("open");
        assertThat(send("GET", "/repos/" + repo + "/issues?state=all", null).json()).hasSize(2);
    }

    @Test
    void limitDefaultsTo30IsCappedAt50AndLinkUsesRootUrlNotTheServerAddress() throws Exception {
        for (int i = 0; i < 60; i++) {
            model.createIssue(repo, "i" + i, "", "alice", false);
        }
        assertThat(send("GET", "/repos/" + repo + "/issues", null).json()).hasSize(30);
        Res capped = send("GET", "/repos/" + repo + "/issues?limit=100&page=1", null);
        assertThat(capped.json()).hasSize(50);
        assertThat(capped.header("X-Total-Count")).isEqualTo("60");
        assertThat(capped.header("Link")).contains(ForgejoSimulator.ROOT_URL).doesNotContain(forgejo.baseUrl())
                .contains("rel=\"next\"");
        assertThat(send("GET", "/repos/" + repo + "/issues?limit=50&page=2", null).json()).hasSize(10);
    }

    @Test
    void anUnknownIssueOrRepositoryIs404() throws Exception {
        assertThat(send("GET", "/repos/" + repo + "/issues/99", null).status()).isEqualTo(404);
        assertThat(send("GET", "/repos/acme/nope/issues", null).status()).isEqualTo(404);
    }

    // ---- labels ----

    @Test
    void addingLabelsByNameDropsUnknownNamesSilentlyAndCreatesNoLabel() throws Exception {
        model.createIssue(repo, "t", "", "alice", false);
        Res r = send("POST", "/repos/" + repo + "/issues/1/labels", "{\"labels\":[\"in-progress\",\"no-such\"]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(names(r.json(), "name")).containsExactly("in-progress");
        assertThat(model.repoLabel(repo, "no-such")).isEmpty();
        assertThat(model.labelEvents(repo, 1)).last().extracting(TrackerModel.LabelEvent::actor).isEqualTo("afk-bot");
    }

    @Test
    void addingLabelsByIdWorksAndMixingNamesWithIdsIs400() throws Exception {
        model.createIssue(repo, "t", "", "alice", false);
        long bug = model.repoLabel(repo, "bug").orElseThrow().id();
        assertThat(names(send("POST", "/repos/" + repo + "/issues/1/labels", "{\"labels\":[" + bug + "]}").json(),
                "name")).containsExactly("bug");
        assertThat(send("POST", "/repos/" + repo + "/issues/1/labels",
                "{\"labels\":[\"in-progress\"," + bug + "]}").status()).isEqualTo(400);
    }

    @Test
    void removingALabelTakesItsIdAnswers204AndAnUnknownIdIs422() throws Exception {
        model.createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        long ready = model.repoLabel(repo, "ready-for-agent").orElseThrow().id();
        assertThat(send("DELETE", "/repos/" + repo + "/issues/1/labels/" + ready, null).status()).isEqualTo(204);
        assertThat(model.issue(repo, 1).orElseThrow().labels()).isEmpty();
        assertThat(send("DELETE", "/repos/" + repo + "/issues/1/labels/" + ready, null).status())
                .as("a label that is not on the issue").isEqualTo(204);
        assertThat(send("DELETE", "/repos/" + repo + "/issues/1/labels/987654321", null).status()).isEqualTo(422);
    }

    @Test
    void theRepositoryLabelListIsPagedWithATotal() throws Exception {
        Res r = send("GET", "/repos/" + repo + "/labels?limit=2&page=1", null);
        assertThat(r.json()).hasSize(2);
        assertThat(r.header("X-Total-Count")).isEqualTo("3");
    }

    // ---- issues, comments, timeline ----

    @Test
    void patchingAnIssueAnswers201AndClosesIt() throws Exception {
        model.createIssue(repo, "t", "", "alice", false);
        Res r = send("PATCH", "/repos/" + repo + "/issues/1", "{\"state\":\"closed\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("state").asText()).isEqualTo("closed");
        assertThat(model.issue(repo, 1).orElseThrow().open()).isFalse();
    }

    @Test
    void commentsAreCreatedWith201EditedWith200AndListedUnpaged() throws Exception {
        model.createIssue(repo, "t", "", "alice", false);
        Res created = send("POST", "/repos/" + repo + "/issues/1/comments", "{\"body\":\"hello\"}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.json().path("user").path("login").asText()).isEqualTo("afk-bot");
        Res edited = send("PATCH", "/repos/" + repo + "/issues/comments/" + id, "{\"body\":\"edited\"}");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(names(send("GET", "/repos/" + repo + "/issues/1/comments", null).json(), "body"))
                .containsExactly("edited");
        assertThat(send("PATCH", "/repos/" + repo + "/issues/comments/99999999", "{\"body\":\"x\"}").status())
                .isEqualTo(404);
    }

    @Test
    void timelineLabelEntriesCarryBodyOneWhenAddedAndEmptyWhenRemovedWithAPageSizedTotal() throws Exception {
        model.createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        model.removeLabel(repo, 1, "ready-for-agent", "bob");
        model.addComment(repo, 1, "a comment", "carol");
        Res r = send("GET", "/repos/" + repo + "/issues/1/timeline?limit=2&page=1", null);
        JsonNode entries = r.json();
        assertThat(names(entries, "type")).containsExactly("label", "label");
        assertThat(names(entries, "body")).containsExactly("1", "");
        assertThat(entries.get(1).path("user").path("login").asText()).isEqualTo("bob");
        assertThat(entries.get(0).path("label").path("name").asText()).isEqualTo("ready-for-agent");
        assertThat(r.header("X-Total-Count")).as("the page's size, not the total").isEqualTo("2");
        assertThat(names(send("GET", "/repos/" + repo + "/issues/1/timeline?limit=2&page=2", null).json(), "type"))
                .containsExactly("comment");
    }

    // ---- commits and statuses ----

    @Test
    void aKnownCommitIs200WithItsShaAndAnUnknownOneIs404() throws Exception {
        String sha = "a".repeat(40);
        model.addCommit(repo, sha);
        Res known = send("GET", "/repos/" + repo + "/git/commits/" + sha, null);
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.json().path("sha").asText()).isEqualTo(sha);
        assertThat(send("GET", "/repos/" + repo + "/git/commits/" + "b".repeat(40), null).status()).isEqualTo(404);
    }

    @Test
    void theCombinedStatusOfACommitWithoutStatusesIsAnEmptyObject() throws Exception {
        Res r = send("GET", "/repos/" + repo + "/commits/" + "c".repeat(40) + "/status", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().isObject()).isTrue();
        assertThat(r.json().size()).isZero();
    }

    @Test
    void theCombinedStateIsTheWorstOfTheLatestStatusPerContextInTheFieldStatus() throws Exception {
        String sha = "d".repeat(40);
        model.addStatus(repo, sha, "ci / test (push)", "failure", "red", "http://ci/1");
        model.addStatus(repo, sha, "ci / test (push)", "success", "green", "http://ci/2");
        model.addStatus(repo, sha, "ci / lint (push)", "pending", "running", "http://ci/3");
        JsonNode combined = send("GET", "/repos/" + repo + "/commits/" + sha + "/status", null).json();
        assertThat(combined.path("state").asText()).isEqualTo("pending");
        assertThat(combined.path("total_count").asInt()).isEqualTo(2);
        assertThat(names(combined.path("statuses"), "status")).containsExactly("success", "pending");
    }

    @Test
    void errorAndWarningStatusesAreServedAsTheSwaggerDefinesThem() throws Exception {
        assertThat(ForgejoSimContract.commitStatusStates())
                .containsExactlyInAnyOrder("pending", "success", "error", "failure", "warning");
        String sha = "e".repeat(40);
        model.addStatus(repo, sha, "ci / test (push)", "success", "green", "http://ci/1");
        model.addStatus(repo, sha, "ci / lint (push)", "warning", "advisory", "http://ci/2");
        model.addStatus(repo, sha, "ci / e2e (push)", "error", "runner lost", "http://ci/3");
        Res r = send("GET", "/repos/" + repo + "/commits/" + sha + "/status", null);
        assertThat(ForgejoSimContract.replyViolations("GET", "/api/v1/repos/" + repo + "/commits/" + sha + "/status",
                r.status(), r.body())).isEmpty();
        JsonNode combined = r.json();
        assertThat(combined.path("state").asText()).as("error < failure < warning < pending < success")
                .isEqualTo("error");
        assertThat(names(combined.path("statuses"), "status")).containsExactly("success", "warning", "error");
        assertThat(dev.afk.wire.ForgejoWire.ciVerdict(r.body(), "deploy").state())
                .isEqualTo(dev.afk.core.CiVerdict.State.INFRA);
    }

    @Test
    @org.junit.jupiter.api.Tag("violation")
    void aStatusStateTheSwaggerDoesNotDefineIsAViolation() throws Exception {
        String sha = "f".repeat(40);
        model.addStatus(repo, sha, "ci / test (push)", "cancelled", "GitHub's word, not Forgejo's", "http://ci/1");
        send("GET", "/repos/" + repo + "/commits/" + sha + "/status", null);
        assertThat(forgejo.violations()).singleElement().asString().contains("'cancelled'", "swagger");
    }

    @Test
    void theStateFilterIsOpenClosedOrAllWithTheLabelFilterStillApplied() throws Exception {
        model.createIssue(repo, "open", "", "alice", false, "in-progress");
        model.createIssue(repo, "closed", "", "alice", false, "in-progress");
        model.createIssue(repo, "closed bug", "", "alice", false, "bug");
        model.setOpen(repo, 2, false, null);
        model.setOpen(repo, 3, false, null);
        String q = "/repos/" + repo + "/issues?type=issues&labels=in-progress&state=";
        assertThat(names(send("GET", q + "open", null).json(), "title")).containsExactly("open");
        assertThat(names(send("GET", q + "closed", null).json(), "title")).containsExactly("closed");
        JsonNode all = send("GET", q + "all", null).json();
        assertThat(names(all, "title")).containsExactlyInAnyOrder("open", "closed");
        assertThat(names(all, "state")).containsExactlyInAnyOrder("open", "closed");
    }

    @Test
    void aCorruptedIssueFieldIsRenderedInTheListAndTheSingleReadUntilRepaired() throws Exception {
        model.createIssue(repo, "one", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "two", "", "alice", false, "ready-for-agent");
        model.corruptIssueField(repo, 2, "labels", "{\"name\":\"ready-for-agent\"}");
        model.corruptIssueField(repo, 2, "title", null);
        JsonNode list = send("GET", "/repos/" + repo + "/issues?state=open", null).json();
        JsonNode two = list.get(0).path("number").asInt() == 2 ? list.get(0) : list.get(1);
        JsonNode one = list.get(0).path("number").asInt() == 1 ? list.get(0) : list.get(1);
        assertThat(two.path("labels").isObject()).isTrue();
        assertThat(two.has("title")).isFalse();
        assertThat(one.path("labels").isArray()).isTrue();
        assertThat(send("GET", "/repos/" + repo + "/issues/2", null).json().path("labels").isObject()).isTrue();
        model.repairIssue(repo, 2);
        assertThat(send("GET", "/repos/" + repo + "/issues/2", null).json().path("labels").isArray()).isTrue();
    }

    // ---- repository, branches, history ----

    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C = "c".repeat(40);
    static final String D = "d".repeat(40);

    @Test
    void theRepositoryNamesItsDefaultBranchAndIsEmptyUntilItsFirstCommit() throws Exception {
        JsonNode r = send("GET", "/repos/" + repo, null).json();
        assertThat(r.path("default_branch").asText()).isEqualTo("main");
        assertThat(r.path("empty").asBoolean()).isTrue();
        assertThat(send("GET", "/repos/" + repo + "/branches/main", null).status()).isEqualTo(404);
        model.pushCommit(repo, "main", A);
        model.pushCommit(repo, "main", B);
        assertThat(send("GET", "/repos/" + repo, null).json().path("empty").asBoolean()).isFalse();
        JsonNode main = send("GET", "/repos/" + repo + "/branches/main", null).json();
        assertThat(main.path("name").asText()).isEqualTo("main");
        assertThat(main.path("commit").path("id").asText()).as("a PayloadCommit names its SHA id").isEqualTo(B);
        assertThat(send("GET", "/repos/" + repo + "/git/commits/" + B, null).json().path("parents").get(0)
                .path("sha").asText()).isEqualTo(A);
        model.setDefaultBranch(repo, "release/1.x");
        model.setBranchHead(repo, "release/1.x", A);
        assertThat(send("GET", "/repos/" + repo, null).json().path("default_branch").asText())
                .isEqualTo("release/1.x");
        assertThat(send("GET", "/repos/" + repo + "/branches/release/1.x", null).json().path("commit").path("id")
                .asText()).as("a branch name with a slash").isEqualTo(A);
    }

    @Test
    void compareListsTheCommitsReachableFromHeadAndNotFromBaseAnd404sForAnUnknownSha() throws Exception {
        model.pushCommit(repo, "main", A);
        model.pushCommit(repo, "main", B);
        model.addCommit(repo, C, B);
        model.addCommit(repo, D, A);
        String cmp = "/repos/" + repo + "/compare/";
        JsonNode ahead = send("GET", cmp + B + "..." + C, null).json();
        assertThat(ahead.path("total_commits").asInt()).isEqualTo(1);
        assertThat(names(ahead.path("commits"), "sha")).containsExactly(C);
        assertThat(send("GET", cmp + B + "..." + A, null).json().path("total_commits").asInt())
                .as("an ancestor of the base").isZero();
        assertThat(send("GET", cmp + B + "..." + B, null).json().path("commits")).isEmpty();
        assertThat(names(send("GET", cmp + B + "..." + D, null).json().path("commits"), "sha"))
                .as("diverged: from the merge base").containsExactly(D);
        assertThat(names(send("GET", cmp + A + "..." + C, null).json().path("commits"), "sha"))
                .containsExactly(B, C);
        assertThat(send("GET", cmp + B + "..." + "f".repeat(40), null).status()).isEqualTo(404);
        assertThat(send("GET", cmp + "f".repeat(40) + "..." + B, null).status()).isEqualTo(404);
    }

    @Test
    void aMergeCommitHasBothParentsAndMovesTheBranch() {
        model.pushCommit(repo, "main", A);
        model.addCommit(repo, B, A);
        model.pushCommit(repo, "main", C);
        assertThat(model.mergeCommit(repo, "main", D, B)).isEqualTo(D);
        assertThat(model.defaultHead(repo)).contains(D);
        assertThat(model.parents(repo, D)).containsExactly(C, B);
        assertThat(model.compare(repo, B, D).orElseThrow().status()).isEqualTo("ahead");
        assertThat(model.compare(repo, D, B).orElseThrow().status()).isEqualTo("behind");
    }

    // ---- the contract check ----

    @Test
    @org.junit.jupiter.api.Tag("violation")
    void aBodyThatBreaksTheSwaggerIsRecordedAndAnswered422() throws Exception {
        model.createIssue(repo, "t", "", "alice", false);
        Res r = send("PATCH", "/repos/" + repo + "/issues/1",
                "{\"state\":\"closed\",\"state_reason\":\"completed\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("message").asText()).contains("state_reason");
        assertThat(forgejo.violations()).singleElement().asString().contains("PATCH").contains("state_reason");
        assertThat(model.issue(repo, 1).orElseThrow().open()).as("nothing was changed").isTrue();
    }

    @Test
    @org.junit.jupiter.api.Tag("violation")
    void aCommentWithoutItsRequiredBodyFieldIsAViolation() throws Exception {
        model.createIssue(repo, "t", "", "alice", false);
        assertThat(send("POST", "/repos/" + repo + "/issues/1/comments", "{\"text\":\"x\"}").status()).isEqualTo(422);
        assertThat(model.comments(repo, 1)).isEmpty();
        assertThat(forgejo.violations()).hasSize(1);
    }

    @Test
    @org.junit.jupiter.api.Tag("violation")
    void aWrongQueryParameterTypeOrValueOrAnUnknownParameterIsAViolation() throws Exception {
        assertThat(send("GET", "/repos/" + repo + "/issues?limit=fifty", null).status()).isEqualTo(422);
        assertThat(send("GET", "/repos/" + repo + "/issues?state=opened", null).status()).isEqualTo(422);
        assertThat(send("GET", "/repos/" + repo + "/issues?per_page=100", null).status()).isEqualTo(422);
        assertThat(forgejo.violations()).hasSize(3);
    }

    @Test
    @org.junit.jupiter.api.Tag("violation")
    void aPathTheApiDoesNotHaveIsA404AndAViolation() throws Exception {
        assertThat(send("GET", "/repos/" + repo + "/commits/abc/check-runs", null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/repos/" + repo + "/issues/1/labels/in-progress", null).status())
                .as("GitHub's remove-by-name").isEqualTo(422);
        assertThat(forgejo.violations()).hasSize(2);
    }

    @Test
    void everyRequestIsLogged() throws Exception {
        send("GET", "/repos/" + repo + "/labels", null);
        assertThat(forgejo.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/api/v1/repos/" + repo + "/labels");
            assertThat(r.status()).isEqualTo(200);
        });
    }
}
