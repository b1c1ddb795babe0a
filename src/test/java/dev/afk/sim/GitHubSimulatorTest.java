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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitHub simulator speaks GitHub's dialect (docs/reference/trackers.md) and refuses what GitHub refuses. */
class GitHubSimulatorTest {

    static final String TOKEN = "ghp-sim-token";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REPO = "acme/widgets";

    TrackerModel model;
    GitHubSimulator sim;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    @BeforeEach
    void start() {
        model = new TrackerModel(Clock.systemUTC());
        model.createRepo(REPO, "ready-for-agent", "in-progress");
        sim = new GitHubSimulator(0, Clock.systemUTC(), model, TOKEN, "afk-bot").start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    Response send(String method, String pathAndQuery, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body() == null || r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), json, r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> good() {
        return Map.of("Authorization", "Bearer " + TOKEN, "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28", "User-Agent", "afk-control-plane");
    }

    static Map<String, String> with(String name, String value) {
        Map<String, String> h = new java.util.HashMap<>(good());
        if (value == null) {
            h.remove(name);
        } else {
            h.put(name, value);
        }
        return h;
    }

    Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, good());
    }

    // ---- auth and headers ----

    @Test
    void aMissingOrWrongTokenGetsBadCredentials() {
        Response missing = send("GET", "/repos/acme/widgets/issues", null, with("Authorization", null));
        Response wrong = send("GET", "/repos/acme/widgets/issues", null, with("Authorization", "Bearer nope"));
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().path("message").asText()).isEqualTo("Bad credentials");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(sim.violations()).hasSize(2);
    }

    @Test
    void theTokenSchemeMayAlsoBeToken() {
        assertThat(send("GET", "/repos/acme/widgets/issues", null, with("Authorization", "token " + TOKEN)).status())
                .isEqualTo(200);
    }

    @Test
    void requiredHeadersAreEnforced() {
        assertThat(send("GET", "/repos/acme/widgets/issues", null, with("User-Agent", "")).status()).isEqualTo(403);
        assertThat(send("GET", "/repos/acme/widgets/issues", null, with("X-GitHub-Api-Version", "2026-03-10")).status())
                .isEqualTo(400);
        assertThat(send("GET", "/repos/acme/widgets/issues", null, with("Accept", "application/json")).status())
                .isEqualTo(415);
        assertThat(sim.violations()).hasSize(3);
    }

    @Test
    void anUnexpectedRequestHeaderIsALeakAndRecorded() {
        Response r = send("GET", "/repos/acme/widgets/issues", null, with("Firetime", "now"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(sim.violations()).singleElement().asString().contains("Firetime");
    }

    // ---- issue list ----

    @Test
    void theIssueListIncludesPullRequestsWithAPullRequestKey() {
        model.createIssue(REPO, "issue", "", "alice", false, "ready-for-agent");
        model.createIssue(REPO, "pr", "", "alice", true, "ready-for-agent");
        JsonNode list = get("/repos/acme/widgets/issues?state=open&labels=ready-for-agent").body();
        assertThat(list).hasSize(2);
        List<String> withKey = new ArrayList<>();
        list.forEach(i -> {
            if (i.has("pull_request")) {
                withKey.add(i.path("title").asText());
            }
        });
        assertThat(withKey).containsExactly("pr");
    }

    @Test
    void labelsAreAndedAndClosedIssuesLeaveTheOpenList() {
        model.createIssue(REPO, "both", "", "alice", false, "ready-for-agent", "bug");
        model.createIssue(REPO, "one", "", "alice", false, "ready-for-agent");
        model.createIssue(REPO, "closed", "", "alice", false, "ready-for-agent", "bug");
        model.setOpen(REPO, 3, false, "completed");
        JsonNode list = get("/repos/acme/widgets/issues?labels=ready-for-agent,bug").body();
        assertThat(list).extracting(n -> n.path("title").asText()).containsExactly("both");
    }

    @Test
    void pagesAreReachedOnlyThroughTheOpaqueCursorOfLinkNext() {
        for (int i = 0; i < 5; i++) {
            model.createIssue(REPO, "i" + i, "", "alice", false, "ready-for-agent");
        }
        Response first = get("/repos/acme/widgets/issues?state=open&per_page=2");
        assertThat(first.body()).hasSize(2);
        String link = first.header("Link");
        assertThat(link).contains("rel=\"next\"").contains("after=").doesNotContain("&page=").doesNotContain("?page=");
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>')).substring(sim.baseUrl().length());
        List<String> titles = new ArrayList<>();
        first.body().forEach(n -> titles.add(n.path("title").asText()));
        while (next != null) {
            Response page = get(next);
            page.body().forEach(n -> titles.add(n.path("title").asText()));
            String l = page.header("Link");
            next = l == null ? null : l.substring(l.indexOf('<') + 1, l.indexOf('>')).substring(sim.baseUrl().length());
        }
        assertThat(titles).containsExactlyInAnyOrder("i0", "i1", "i2", "i3", "i4");

        Response built = get("/repos/acme/widgets/issues?state=open&per_page=2&page=2");
        assertThat(built.body()).extracting(n -> n.path("title").asText())
                .containsExactlyElementsOf(titles.subList(0, 2));
        assertThat(sim.violations()).singleElement().asString().contains("page=");
    }

    @Test
    void typeIssuesIsRecordedBecauseOnGitHubItMeansAnIssueType() {
        get("/repos/acme/widgets/issues?type=issues");
        assertThat(sim.violations()).singleElement().asString().contains("type=issues");
    }

    // ---- conditional requests and rate limit ----

    @Test
    void aMatchingIfNoneMatchGets304AndDoesNotSpendTheRateLimit() {
        model.createIssue(REPO, "x", "", "alice", false, "ready-for-agent");
        sim.setRateLimit(10);
        Response first = get("/repos/acme/widgets/issues?labels=ready-for-agent");
        String etag = first.header("ETag");
        assertThat(etag).startsWith("W/\"");
        assertThat(first.header("x-ratelimit-remaining")).isEqualTo("9");

        Response again = send("GET", "/repos/acme/widgets/issues?labels=ready-for-agent", null,
                with("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.header("x-ratelimit-remaining")).isEqualTo("9");
        assertThat(sim.rateRemaining()).isEqualTo(9);

        model.addLabel(REPO, 1, "bug", "bob");
        Response changed = send("GET", "/repos/acme/widgets/issues?labels=ready-for-agent", null,
                with("If-None-Match", etag));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(sim.rateRemaining()).isEqualTo(8);
    }

    @Test
    void anExhaustedBudgetGets403WithRemainingZeroAndTheReset() {
        sim.setRateLimit(1);
        assertThat(get("/repos/acme/widgets/issues").status()).isEqualTo(200);
        Response r = get("/repos/acme/widgets/issues");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-ratelimit-remaining")).isEqualTo("0");
        assertThat(Long.parseLong(r.header("x-ratelimit-reset"))).isEqualTo(sim.rateResetEpochSecond());
        assertThat(r.body().path("message").asText()).contains("rate limit exceeded");
    }

    // ---- labels ----

    @Test
    void addingAnUnknownLabelCreatesIt() {
        model.createIssue(REPO, "x", "", "alice", false);
        Response r = send("POST", "/repos/acme/widgets/issues/1/labels", "{\"labels\":[\"brand-new\"]}", good());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).extracting(n -> n.path("name").asText()).containsExactly("brand-new");
        assertThat(model.repoLabel(REPO, "brand-new")).isPresent();
        assertThat(model.labelEvents(REPO, 1)).last().extracting(TrackerModel.LabelEvent::actor).isEqualTo("afk-bot");
    }

    @Test
    void theLabelsBodyMustBeALabelsObject() {
        model.createIssue(REPO, "x", "", "alice", false);
        Response bare = send("POST", "/repos/acme/widgets/issues/1/labels", "[\"in-progress\"]", good());
        Response ids = send("POST", "/repos/acme/widgets/issues/1/labels", "{\"labels\":[12]}", good());
        assertThat(bare.status()).isEqualTo(422);
        assertThat(ids.status()).isEqualTo(422);
        assertThat(sim.violations()).hasSize(2);
        assertThat(model.issue(REPO, 1).orElseThrow().labels()).isEmpty();
    }

    @Test
    void deletingALabelReturnsTheRemainingLabelsOr404WhenAbsent() {
        model.createIssue(REPO, "x", "", "alice", false, "ready-for-agent", "needs human");
        Response r = send("DELETE", "/repos/acme/widgets/issues/1/labels/needs%20human", null, good());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).extracting(n -> n.path("name").asText()).containsExactly("ready-for-agent");
        Response again = send("DELETE", "/repos/acme/widgets/issues/1/labels/needs%20human", null, good());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().path("message").asText()).isEqualTo("Label does not exist");
    }

    // ---- comments, close, events ----

    @Test
    void commentsAreCreatedWith201AndEditedWith200() {
        model.createIssue(REPO, "x", "", "alice", false);
        Response created = send("POST", "/repos/acme/widgets/issues/1/comments", "{\"body\":\"hi\"}", good());
        assertThat(created.status()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        Response edited = send("PATCH", "/repos/acme/widgets/issues/comments/" + id, "{\"body\":\"bye\"}", good());
        assertThat(edited.status()).isEqualTo(200);
        assertThat(model.comments(REPO, 1)).extracting(TrackerModel.Comment::body).containsExactly("bye");
        assertThat(send("POST", "/repos/acme/widgets/issues/1/comments", "{\"text\":\"x\"}", good()).status())
                .isEqualTo(422);
        assertThat(sim.violations()).hasSize(1);
    }

    @Test
    void closingRecordsTheStateReasonAndAReasonWithoutStateIsRefused() {
        model.createIssue(REPO, "x", "", "alice", false);
        assertThat(send("PATCH", "/repos/acme/widgets/issues/1", "{\"state_reason\":\"completed\"}", good()).status())
                .isEqualTo(422);
        assertThat(model.issue(REPO, 1).orElseThrow().open()).isTrue();
        Response closed = send("PATCH", "/repos/acme/widgets/issues/1",
                "{\"state\":\"closed\",\"state_reason\":\"completed\"}", good());
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().path("state").asText()).isEqualTo("closed");
        assertThat(closed.body().path("state_reason").asText()).isEqualTo("completed");
        assertThat(model.issue(REPO, 1).orElseThrow().stateReason()).isEqualTo("completed");
        assertThat(sim.violations()).hasSize(1);
    }

    @Test
    void eventsListLabeledAndUnlabeledWithTheirActor() {
        model.createIssue(REPO, "x", "", "alice", false, "ready-for-agent");
        model.removeLabel(REPO, 1, "ready-for-agent", "bob");
        model.addLabel(REPO, 1, "ready-for-agent", "carol");
        JsonNode events = get("/repos/acme/widgets/issues/1/events").body();
        assertThat(events).extracting(e -> e.path("event").asText() + ":" + e.path("actor").path("login").asText()
                + ":" + e.path("label").path("name").asText())
                .containsExactly("labeled:alice:ready-for-agent", "unlabeled:bob:ready-for-agent",
                        "labeled:carol:ready-for-agent");
    }

    // ---- commits, CI, deployments ----

    @Test
    void aCommitIs200404Or422ForNotASha() {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        sim.addCommit(REPO, sha);
        assertThat(get("/repos/acme/widgets/commits/" + sha).body().path("sha").asText()).isEqualTo(sha);
        assertThat(get("/repos/acme/widgets/commits/0123456").body().path("sha").asText()).isEqualTo(sha);
        assertThat(get("/repos/acme/widgets/commits/ffffffffffffffffffffffffffffffffffffffff").status()).isEqualTo(404);
        assertThat(get("/repos/acme/widgets/commits/not-a-sha!").status()).isEqualTo(422);
    }

    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C = "c".repeat(40);
    static final String D = "d".repeat(40);
    static final String E = "e".repeat(40);

    @Test
    void theRepositoryNamesItsDefaultBranchWhoseHeadFollowsPushesAnd404sWhileEmpty() {
        assertThat(get("/repos/acme/widgets").body().path("default_branch").asText()).isEqualTo("main");
        Response empty = get("/repos/acme/widgets/branches/main");
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.body().path("message").asText()).isEqualTo("Branch not found");
        model.pushCommit(REPO, "main", A);
        model.pushCommit(REPO, "main", B);
        JsonNode main = get("/repos/acme/widgets/branches/main").body();
        assertThat(main.path("name").asText()).isEqualTo("main");
        assertThat(main.path("commit").path("sha").asText()).isEqualTo(B);
        assertThat(main.path("commit").path("parents").get(0).path("sha").asText()).isEqualTo(A);
        model.setDefaultBranch(REPO, "trunk");
        assertThat(get("/repos/acme/widgets").body().path("default_branch").asText()).isEqualTo("trunk");
    }

    @Test
    void compareAnswersStatusAndCountsFromTheAncestryAnd404sForUnknownOrUnrelatedCommits() {
        model.pushCommit(REPO, "main", A);
        model.pushCommit(REPO, "main", B);
        model.addCommit(REPO, C, B);
        model.addCommit(REPO, D, A);
        model.addCommit(REPO, E);
        assertThat(compare(B, C)).isEqualTo("ahead 1 0 [" + C + "]");
        assertThat(compare(B, A)).isEqualTo("behind 0 1 []");
        assertThat(compare(B, B)).isEqualTo("identical 0 0 []");
        assertThat(compare(B, D)).isEqualTo("diverged 1 1 [" + D + "]");
        assertThat(get("/repos/acme/widgets/compare/" + A + "..." + C + "?per_page=1").body().path("commits"))
                .as("the commits are paged; the counts are not").hasSize(1);
        assertThat(get("/repos/acme/widgets/compare/" + A + "..." + C + "?per_page=1").body().path("ahead_by")
                .asInt()).isEqualTo(2);
        assertThat(get("/repos/acme/widgets/compare/" + B + "..." + "f".repeat(40)).status()).isEqualTo(404);
        Response unrelated = get("/repos/acme/widgets/compare/" + B + "..." + E);
        assertThat(unrelated.status()).isEqualTo(404);
        assertThat(unrelated.body().path("message").asText()).startsWith("No common ancestor");
        assertThat(sim.violations()).isEmpty();
    }

    String compare(String base, String head) {
        JsonNode c = get("/repos/acme/widgets/compare/" + base + "..." + head).body();
        List<String> shas = new ArrayList<>();
        c.path("commits").forEach(n -> shas.add(n.path("sha").asText()));
        return c.path("status").asText() + " " + c.path("ahead_by").asInt() + " " + c.path("behind_by").asInt() + " "
                + shas;
    }

    @Test
    void theStateFilterIsOpenClosedOrAll() {
        model.createIssue(REPO, "open", "", "alice", false, "in-progress");
        model.createIssue(REPO, "closed", "", "alice", false, "in-progress");
        model.setOpen(REPO, 2, false, "not_planned");
        String q = "/repos/acme/widgets/issues?labels=in-progress&state=";
        assertThat(get(q + "open").body()).extracting(n -> n.path("title").asText()).containsExactly("open");
        assertThat(get(q + "closed").body()).extracting(n -> n.path("state").asText() + "/"
                + n.path("state_reason").asText()).containsExactly("closed/not_planned");
        assertThat(get(q + "all").body()).extracting(n -> n.path("title").asText())
                .containsExactlyInAnyOrder("open", "closed");
    }

    @Test
    void aCorruptedIssueFieldIsRenderedInTheListAndTheSingleRead() {
        model.createIssue(REPO, "one", "", "alice", false, "ready-for-agent");
        model.createIssue(REPO, "two", "", "alice", false, "ready-for-agent");
        model.corruptIssueField(REPO, 1, "labels", "{\"name\":\"ready-for-agent\"}");
        JsonNode list = get("/repos/acme/widgets/issues?state=open").body();
        assertThat(list).extracting(n -> n.path("number").asInt() + ":" + n.path("labels").getNodeType())
                .containsExactlyInAnyOrder("1:OBJECT", "2:ARRAY");
        assertThat(get("/repos/acme/widgets/issues/1").body().path("labels").isObject()).isTrue();
    }

    @Test
    void checkRunsAreTheLatestPerNameWithTotalCount() {
        sim.addCheckRun(REPO, "abc", "build", "in_progress", null, "https://ci/1");
        sim.addCheckRun(REPO, "abc", "build", "completed", "success", "https://ci/2");
        sim.addCheckRun(REPO, "abc", "test", "completed", "failure", "https://ci/3");
        JsonNode body = get("/repos/acme/widgets/commits/abc/check-runs?filter=latest&per_page=100").body();
        assertThat(body.path("total_count").asInt()).isEqualTo(2);
        assertThat(body.path("check_runs")).extracting(r -> r.path("name").asText() + "=" + r.path("conclusion").asText())
                .containsExactlyInAnyOrder("build=success", "test=failure");
    }

    @Test
    void theCombinedStatusIsPendingWithNoContextsAndTheWorstOfTheLatestOtherwise() {
        JsonNode empty = get("/repos/acme/widgets/commits/abc/status").body();
        assertThat(empty.path("state").asText()).isEqualTo("pending");
        assertThat(empty.path("total_count").asInt()).isZero();
        model.addStatus(REPO, "abc", "ci/jenkins", "failure", "red", "https://j/1");
        model.addStatus(REPO, "abc", "ci/jenkins", "success", "green", "https://j/2");
        model.addStatus(REPO, "abc", "ci/sonar", "success", "ok", "https://s/1");
        JsonNode combined = get("/repos/acme/widgets/commits/abc/status").body();
        assertThat(combined.path("state").asText()).isEqualTo("success");
        assertThat(combined.path("total_count").asInt()).isEqualTo(2);
        model.addStatus(REPO, "abc", "ci/sonar", "error", "boom", "https://s/2");
        assertThat(get("/repos/acme/widgets/commits/abc/status").body().path("state").asText()).isEqualTo("failure");
    }

    @Test
    void errorStatesAreServedAsGitHubDocumentsThem() {
        // The CI system itself failed: an error status makes the combined state failure, the context keeps error.
        model.addStatus(REPO, "abc", "ci/jenkins", "error", "agent lost", "https://j/9");
        model.addStatus(REPO, "abc", "ci/sonar", "success", "ok", "https://s/1");
        JsonNode combined = get("/repos/acme/widgets/commits/abc/status").body();
        assertThat(combined.path("state").asText()).isEqualTo("failure");
        assertThat(combined.path("statuses")).extracting(n -> n.path("context").asText() + "=" + n.path("state").asText())
                .containsExactlyInAnyOrder("ci/jenkins=error", "ci/sonar=success");
        // Check runs that CI, not the code, ended.
        sim.addCheckRun(REPO, "abc", "build", "completed", "cancelled", "https://ci/1");
        sim.addCheckRun(REPO, "abc", "test", "completed", "timed_out", "https://ci/2");
        sim.addCheckRun(REPO, "abc", "deploy-gate", "completed", "action_required", "https://ci/3");
        JsonNode runs = get("/repos/acme/widgets/commits/abc/check-runs?filter=latest&per_page=100").body();
        assertThat(runs.path("check_runs")).extracting(r -> r.path("status").asText() + "/" + r.path("conclusion").asText())
                .containsExactlyInAnyOrder("completed/cancelled", "completed/timed_out", "completed/action_required");
        List<JsonNode> runList = new ArrayList<>();
        runs.path("check_runs").forEach(runList::add);
        assertThat(dev.afk.wire.GitHubVerdicts.ci(runList, combined, "deploy").state())
                .isEqualTo(dev.afk.core.CiVerdict.State.INFRA);
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void aStateOrConclusionGitHubDoesNotHaveIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> sim.addCheckRun(REPO, "abc", "build", "completed", "errored", "https://ci/1"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> sim.addCheckRun(REPO, "abc", "build", "in_progress", "failure", "https://ci/1"))
                .isInstanceOf(IllegalArgumentException.class);
        model.addStatus(REPO, "abc", "ci/jenkins", "warning", "Forgejo's, not GitHub's", "https://j/1");
        get("/repos/acme/widgets/commits/abc/status");
        assertThat(sim.violations()).singleElement().asString().contains("'warning'", "GitHub does not have");
    }

    @Test
    void deploymentsOfAShaAndTheirStatuses() {
        TrackerModel.Deployment d = model.addDeployment(REPO, "abc", "production", "success");
        JsonNode list = get("/repos/acme/widgets/deployments?sha=abc").body();
        assertThat(list).extracting(n -> n.path("id").asLong()).containsExactly(d.id());
        JsonNode statuses = get("/repos/acme/widgets/deployments/" + d.id() + "/statuses").body();
        assertThat(statuses).extracting(n -> n.path("state").asText()).containsExactly("success");
        assertThat(get("/repos/acme/widgets/deployments?sha=other").body()).isEmpty();
    }

    @Test
    void anUnknownEndpointIsRecorded() {
        assertThat(get("/repos/acme/widgets/pulls/1/reviews").status()).isEqualTo(404);
        assertThat(sim.violations()).singleElement().asString().contains("no such GitHub endpoint");
    }
}
