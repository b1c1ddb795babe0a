package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AfkComment;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.LabelerQuery;
import dev.afk.adapter.ListIssues;
import dev.afk.core.CheckEvidence;
import dev.afk.core.CiVerdict;
import dev.afk.core.DeployVerdict;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import dev.afk.sim.SimRequest;
import dev.afk.sim.TrackerModel;
import dev.afk.adapter.http.GitHubRateLimit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every GitHub tracker op over real HTTP, asserted on the simulator's state and request log. */
class GitHubRoutesTest extends GitHubRoutesBaseTest {

    static final String SHA = "4f2a9c0e1b3d5f7a9c0e1b3d5f7a9c0e1b3d5f7a";

    @SuppressWarnings("unchecked")
    List<Issue> list(String label) {
        return call("list-issues", new ListIssues(RepoRef.parse(repo), label), IssueListing.class).issues();
    }

    IssueKey key(int n) {
        return IssueKey.of(repo, n);
    }

    CommitRef commit(String sha) {
        return new CommitRef(RepoRef.parse(repo), sha);
    }

    // ---- list-issues ----

    @Test
    void listIssuesReturnsOpenIssuesWithTheLabelAndDropsPullRequests() {
        model.createIssue(repo, "One", "body 1", "alice", false, "ready-for-agent");
        model.createIssue(repo, "A PR", "", "alice", true, "ready-for-agent");
        model.createIssue(repo, "Other", "", "alice", false, "bug");
        model.createIssue(repo, "Closed", "", "alice", false, "ready-for-agent");
        model.setOpen(repo, 4, false, "completed");

        List<Issue> issues = list("ready-for-agent");

        assertThat(issues).extracting(Issue::title).containsExactly("One");
        Issue one = issues.get(0);
        assertThat(one.key()).isEqualTo(key(1));
        assertThat(one.author()).isEqualTo("alice");
        assertThat(one.body()).isEqualTo("body 1");
        assertThat(one.labels()).containsExactly("ready-for-agent");
        assertThat(one.open()).isTrue();
        SimRequest get = requests("GET", "/repos/" + repo + "/issues").get(0);
        assertThat(get.query()).contains("state=open").contains("labels=ready-for-agent").contains("per_page=100")
                .doesNotContain("type=");
    }

    @Test
    void listIssuesFollowsLinkNextCursorsThroughEveryPage() {
        github.setMaxPageSize(2);
        for (int i = 1; i <= 5; i++) {
            model.createIssue(repo, "Issue " + i, "", "alice", i == 3, "ready-for-agent");
        }

        List<Issue> issues = list("ready-for-agent");

        assertThat(issues).extracting(i -> i.key().number()).containsExactlyInAnyOrder(1, 2, 4, 5);
        List<SimRequest> pages = requests("GET", "/repos/" + repo + "/issues");
        assertThat(pages).hasSize(3);
        assertThat(pages.get(1).query()).contains("after=");
        assertThat(pages.get(2).query()).contains("after=");
    }

    @Test
    void aRepeatedListIsConditionalAnswered304FromTheCacheAndFreeOfTheRateLimit() {
        model.createIssue(repo, "One", "", "alice", false, "ready-for-agent");
        List<Issue> first = list("ready-for-agent");
        int budget = github.rateRemaining();

        List<Issue> second = list("ready-for-agent");

        assertThat(second).isEqualTo(first);
        List<SimRequest> gets = requests("GET", "/repos/" + repo + "/issues");
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).header("If-None-Match")).isNull();
        assertThat(gets.get(1).header("If-None-Match")).isNotBlank();
        assertThat(gets.get(1).status()).isEqualTo(304);
        assertThat(github.rateRemaining()).isEqualTo(budget);

        model.addLabel(repo, 1, "bug", "bob"); // a change makes the old ETag stale: a full 200 again
        assertThat(list("ready-for-agent").get(0).labels()).contains("bug");
        assertThat(requests("GET", "/repos/" + repo + "/issues").get(2).status()).isEqualTo(200);
    }

    @Test
    void aConditionalMultiPageListReusesEveryCachedPage() {
        github.setMaxPageSize(1);
        model.createIssue(repo, "One", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "Two", "", "alice", false, "ready-for-agent");
        List<Issue> first = list("ready-for-agent");
        github.clearRequests();

        List<Issue> second = list("ready-for-agent");

        assertThat(second).containsExactlyElementsOf(first).hasSize(2);
        assertThat(github.requests()).extracting(SimRequest::status).containsExactly(304, 304);
    }

    @Test
    void theRateLimitGaugeFollowsTheLatestReply() {
        github.setRateLimit(100);
        list("ready-for-agent");
        GitHubRateLimit gauge = context.getRegistry().lookupByNameAndType("githubRateLimit", GitHubRateLimit.class);
        assertThat(gauge.remaining()).isEqualTo(99);
        assertThat(gauge.limit()).isEqualTo(100);
        assertThat(gauge.resetEpochSecond()).isEqualTo(github.rateResetEpochSecond());
        assertThat(meters().find(GitHubRateLimit.GAUGE).tag("tracker", "github").gauge().value()).isEqualTo(99.0);
    }

    // ---- get-issue ----

    @Test
    void getIssueReadsAClosedIssueAsNotOpen() {
        model.createIssue(repo, "Done", "", "alice", false, "in-progress");
        model.setOpen(repo, 1, false, "completed");
        Issue issue = call("get-issue", key(1), Issue.class);
        assertThat(issue.open()).isFalse();
        assertThat(issue.title()).isEqualTo("Done");
        assertThat(issue.labels()).containsExactly("in-progress");
    }

    // ---- labels ----

    @Test
    void addLabelPostsALabelsObjectAndReturnsTheLabelsNowOnTheIssue() {
        model.createIssue(repo, "One", "", "alice", false, "ready-for-agent");
        @SuppressWarnings("unchecked")
        Set<String> labels = call("add-label", new LabelChange(key(1), "in-progress"), Set.class);
        assertThat(labels).containsExactlyInAnyOrder("ready-for-agent", "in-progress");
        assertThat(model.issue(repo, 1).orElseThrow().labels()).contains("in-progress");
        assertThat(requests("POST", "/repos/" + repo + "/issues/1/labels").get(0).body())
                .isEqualTo("{\"labels\":[\"in-progress\"]}");
    }

    @Test
    void removeLabelDeletesByUrlEncodedNameAndReturnsWhatRemains() {
        model.createIssue(repo, "One", "", "alice", false, "ready-for-agent", "needs human");
        @SuppressWarnings("unchecked")
        Set<String> labels = call("remove-label", new LabelChange(key(1), "needs human"), Set.class);
        assertThat(labels).containsExactly("ready-for-agent");
        assertThat(model.issue(repo, 1).orElseThrow().labels()).containsExactly("ready-for-agent");
        assertThat(requests("DELETE", "/repos/" + repo + "/issues/1/labels/")).singleElement()
                .extracting(SimRequest::path).isEqualTo("/repos/" + repo + "/issues/1/labels/needs human");
    }

    @Test
    void removingALabelThatIsAlreadyGoneSucceedsWithTheCurrentLabels() {
        model.createIssue(repo, "One", "", "alice", false, "in-progress");
        @SuppressWarnings("unchecked")
        Set<String> labels = call("remove-label", new LabelChange(key(1), "ready-for-agent"), Set.class);
        assertThat(labels).containsExactly("in-progress");
        assertThat(requests("DELETE", "/repos/" + repo + "/issues/1/labels/")).singleElement()
                .extracting(SimRequest::status).isEqualTo(404);
    }

    // ---- comments ----

    @Test
    void findAfkCommentPagesThroughCommentsToTheFirstWithTheMarker() {
        github.setMaxPageSize(2);
        model.createIssue(repo, "One", "", "alice", false);
        model.addComment(repo, 1, "first", "alice");
        model.addComment(repo, 1, "second", "bob");
        TrackerModel.Comment afk = model.addComment(repo, 1, "## AFK\n<!-- afk:state {\"attempt\":1} -->", BOT)
                .orElseThrow();
        model.addComment(repo, 1, "<!-- afk:state {\"attempt\":9} --> a later copy", "mallory");

        AfkComment found = call("find-afk-comment", key(1), AfkComment.class);

        assertThat(found).isEqualTo(new AfkComment(afk.id(), afk.body()));
        assertThat(requests("GET", "/repos/" + repo + "/issues/1/comments")).hasSize(2);
    }

    @Test
    void findAfkCommentIsNullWhenThereIsNone() {
        model.createIssue(repo, "One", "", "alice", false);
        model.addComment(repo, 1, "just a comment", "alice");
        assertThat(call("find-afk-comment", key(1), AfkComment.class)).isNull();
    }

    @Test
    void writeAfkCommentCreatesThenEditsInPlace() {
        model.createIssue(repo, "One", "", "alice", false);
        AfkComment created = call("write-afk-comment", new CommentWrite(key(1), null, "v1"), AfkComment.class);
        AfkComment edited = call("write-afk-comment", new CommentWrite(key(1), created.id(), "v2"), AfkComment.class);

        assertThat(edited).isEqualTo(new AfkComment(created.id(), "v2"));
        assertThat(model.comments(repo, 1)).extracting(TrackerModel.Comment::body).containsExactly("v2");
        assertThat(requests("POST", "/repos/" + repo + "/issues/1/comments")).hasSize(1);
        assertThat(requests("PATCH", "/repos/" + repo + "/issues/comments/" + created.id())).hasSize(1);
    }

    // ---- close ----

    @Test
    void closeIssueClosesItAsCompleted() {
        model.createIssue(repo, "One", "", "alice", false, "in-progress");
        Object out = call("close-issue", key(1), Object.class);
        assertThat(out).isNull();
        TrackerModel.Issue issue = model.issue(repo, 1).orElseThrow();
        assertThat(issue.open()).isFalse();
        assertThat(issue.stateReason()).isEqualTo("completed");
    }

    // ---- labeler ----

    @Test
    void theLabelerIsWhoeverLastAppliedTheLabelAccordingToTheEvents() {
        github.setMaxPageSize(2);
        model.createIssue(repo, "One", "", "mallory", false, "ready-for-agent");
        model.removeLabel(repo, 1, "ready-for-agent", "bob");
        model.addLabel(repo, 1, "bug", "carol");
        model.addLabel(repo, 1, "ready-for-agent", "alice");
        model.addLabel(repo, 1, "other", "dave");

        String labeler = call("labeler", new LabelerQuery(key(1), "ready-for-agent"), String.class);

        assertThat(labeler).isEqualTo("alice");
        assertThat(requests("GET", "/repos/" + repo + "/issues/1/events")).hasSize(3);
        assertThat(call("labeler", new LabelerQuery(key(1), "never-applied"), String.class)).isNull();
    }

    // ---- commit-exists ----

    @Test
    void aKnownCommitExists() {
        model.addCommit(repo, SHA);
        assertThat(call("commit-exists", commit(SHA), Boolean.class)).isTrue();
    }

    @Test
    void anUnknownCommitIs404AndDoesNotExist() {
        assertThat(call("commit-exists", commit("ffffffffffffffffffffffffffffffffffffffff"), Boolean.class)).isFalse();
        assertThat(requests("GET", "/repos/" + repo + "/commits/")).extracting(SimRequest::status).containsExactly(404);
    }

    @Test
    void somethingThatIsNotAShaIs422AndDoesNotExist() {
        assertThat(call("commit-exists", commit("main..HEAD"), Boolean.class)).isFalse();
        assertThat(requests("GET", "/repos/" + repo + "/commits/")).extracting(SimRequest::status).containsExactly(422);
    }

    @Test
    void aShortPrefixThatResolvesToAnotherFullShaDoesNotCount() {
        github.addCommit(repo, SHA);
        assertThat(call("commit-exists", commit(SHA.substring(0, 7)), Boolean.class)).isFalse();
    }

    // ---- ci-verdict ----

    @Test
    void anActionsOnlyRepoIsGreenFromCheckRunsAloneAlthoughTheCombinedStatusStaysPending() {
        github.addCheckRun(repo, SHA, "build", "completed", "success", "https://ci/1");
        github.addCheckRun(repo, SHA, "lint", "completed", "skipped", "https://ci/2");
        CiVerdict v = call("ci-verdict", commit(SHA), CiVerdict.class);
        assertThat(v.state()).isEqualTo(CiVerdict.State.SUCCESS);
        assertThat(v.evidence()).isEmpty();
        assertThat(requests("GET", "/repos/" + repo + "/commits/" + SHA + "/check-runs").get(0).query())
                .contains("filter=latest").contains("per_page=100");
    }

    @Test
    void anActionsOnlyRepoWithARunningJobIsPending() {
        github.addCheckRun(repo, SHA, "build", "completed", "success", "https://ci/1");
        github.addCheckRun(repo, SHA, "test", "in_progress", null, "https://ci/2");
        assertThat(call("ci-verdict", commit(SHA), CiVerdict.class).state()).isEqualTo(CiVerdict.State.PENDING);
    }

    @Test
    void aFailedCheckRunIsAFailureWithItsEvidence() {
        github.addCheckRun(repo, SHA, "test", "completed", "failure", "https://ci/test", "3 tests failed");
        CiVerdict v = call("ci-verdict", commit(SHA), CiVerdict.class);
        assertThat(v.state()).isEqualTo(CiVerdict.State.FAILURE);
        assertThat(v.evidence()).containsExactly(new CheckEvidence("test", "failure", "3 tests failed", "https://ci/test"));
    }

    @Test
    void anExternalStatusOnlyRepoIsJudgedByItsCombinedStatus() {
        model.addStatus(repo, SHA, "ci/jenkins", "success", "green", "https://jenkins/1");
        assertThat(call("ci-verdict", commit(SHA), CiVerdict.class).state()).isEqualTo(CiVerdict.State.SUCCESS);
        model.addStatus(repo, SHA, "ci/jenkins", "error", "broke", "https://jenkins/2");
        CiVerdict v = call("ci-verdict", commit(SHA), CiVerdict.class);
        assertThat(v.state()).as("error: the CI system failed, not the code").isEqualTo(CiVerdict.State.INFRA);
        assertThat(v.evidence()).containsExactly(new CheckEvidence("ci/jenkins", "error", "broke", "https://jenkins/2"));
        model.addStatus(repo, SHA, "ci/jenkins", "failure", "3 tests failed", "https://jenkins/3");
        assertThat(call("ci-verdict", commit(SHA), CiVerdict.class).state()).isEqualTo(CiVerdict.State.FAILURE);
    }

    @Test
    void noRunsAndNoStatusesIsNoneAndTheDeployContextIsNotCi() {
        assertThat(call("ci-verdict", commit(SHA), CiVerdict.class)).isEqualTo(CiVerdict.NONE);
        model.addStatus(repo, SHA, "deploy/production", "failure", "rollout failed", "https://cd/1");
        assertThat(call("ci-verdict", commit(SHA), CiVerdict.class)).isEqualTo(CiVerdict.NONE);
    }

    // ---- deploy-verdict ----

    @Test
    void deployedByTheDeployStatusContextWithoutAskingForDeployments() {
        model.addStatus(repo, SHA, "deploy/production", "success", "live", "https://cd/1");
        DeployVerdict v = call("deploy-verdict", commit(SHA), DeployVerdict.class);
        assertThat(v.state()).isEqualTo(DeployVerdict.State.SUCCESS);
        assertThat(v.evidence()).isEqualTo(new CheckEvidence("deploy/production", "success", "live", "https://cd/1"));
        assertThat(requests("GET", "/repos/" + repo + "/deployments")).isEmpty();
    }

    @Test
    void deployedByTheLatestDeploymentStatusOfTheSha() {
        model.addDeployment(repo, SHA, "production", "failure");
        TrackerModel.Deployment latest = model.addDeployment(repo, SHA, "production", "success");
        DeployVerdict v = call("deploy-verdict", commit(SHA), DeployVerdict.class);
        assertThat(v.state()).isEqualTo(DeployVerdict.State.SUCCESS);
        assertThat(requests("GET", "/repos/" + repo + "/deployments/")).singleElement().extracting(SimRequest::path)
                .isEqualTo("/repos/" + repo + "/deployments/" + latest.id() + "/statuses");
        assertThat(requests("GET", "/repos/" + repo + "/deployments").get(0).query()).contains("sha=" + SHA);
    }

    @Test
    void aFailedDeploymentIsAFailureAndNothingIsNone() {
        assertThat(call("deploy-verdict", commit(SHA), DeployVerdict.class)).isEqualTo(DeployVerdict.NONE);
        model.addDeployment(repo, SHA, "production", "error");
        assertThat(call("deploy-verdict", commit(SHA), DeployVerdict.class).state())
                .isEqualTo(DeployVerdict.State.FAILURE);
    }

    // ---- hygiene ----

    @Test
    void noInboundHeaderLeaksIntoARequestAndEveryRequestCarriesGitHubsRequiredHeaders() {
        model.createIssue(repo, "One", "", "alice", false, "ready-for-agent");
        Map<String, Object> noise = Map.of("Firetime", "now", "ETag", "W/\"stale\"", "Link", "<http://x>; rel=\"next\"",
                "X-Custom", "1", "Authorization", "Bearer leaked", "If-None-Match", "W/\"forced\"");
        template.requestBodyAndHeaders("direct:github-list-issues", new ListIssues(RepoRef.parse(repo), "x"), noise);
        template.requestBodyAndHeaders("direct:github-add-label", new LabelChange(key(1), "in-progress"), noise);

        for (SimRequest r : github.requests()) {
            assertThat(r.headers().keySet()).map(String::toLowerCase)
                    .doesNotContain("firetime", "etag", "link", "x-custom", "if-none-match");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(r.header("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(r.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
            assertThat(r.header("User-Agent")).isEqualTo("afk-control-plane");
        }
    }

    @Test
    void anOpReturnsNoReplyHeadersToItsCaller() {
        model.createIssue(repo, "One", "", "alice", false, "ready-for-agent");
        var exchange = template.request("direct:github-get-issue", e -> e.getMessage().setBody(key(1)));
        assertThat(exchange.getMessage().getHeaders()).isEmpty();
    }
}
