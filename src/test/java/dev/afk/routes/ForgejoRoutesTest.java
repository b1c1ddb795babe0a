package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
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
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import dev.afk.sim.TrackerModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every op of {@code routes/tracker-forgejo.camel.yaml} against the simulator, asserting the real effect. */
class ForgejoRoutesTest extends ForgejoRoutesBaseTest {

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @SuppressWarnings("unchecked")
    List<Issue> list(String label) {
        return call("list-issues", new ListIssues(repoRef(), label), IssueListing.class).issues();
    }

    @SuppressWarnings("unchecked")
    Set<String> labels(String op, int number, String label) {
        return call(op, new LabelChange(key(number), label), Set.class);
    }

    // ---- list-issues ----

    @Test
    void listIssuesReadsEveryPageOf50UntilTheShortPage() {
        for (int i = 1; i <= 120; i++) {
            model.createIssue(repo, "issue " + i, "body " + i, "alice", false, "ready-for-agent");
        }
        List<Issue> issues = list("ready-for-agent");
        assertThat(issues).hasSize(120);
        assertThat(issues).extracting(i -> i.key().number()).doesNotHaveDuplicates();
        assertThat(issues.get(0).title()).isEqualTo("issue 1");
        assertThat(issues.get(0).body()).isEqualTo("body 1");
        assertThat(issues.get(0).author()).isEqualTo("alice");
        assertThat(issues.get(0).htmlUrl()).endsWith(repo + "/issues/1");
        assertThat(issues.get(0).open()).isTrue();
        List<SimRequest> pages = requests("GET", "/issues");
        assertThat(pages).extracting(SimRequest::query).containsExactly(
                "state=open&type=issues&labels=ready-for-agent&sort=oldest&limit=50&page=1",
                "state=open&type=issues&labels=ready-for-agent&sort=oldest&limit=50&page=2",
                "state=open&type=issues&labels=ready-for-agent&sort=oldest&limit=50&page=3");
    }

    @Test
    void listIssuesStopsAtCeilOfTotalCountOverLimitWithoutAskingForAnEmptyPage() {
        for (int i = 1; i <= 100; i++) {
            model.createIssue(repo, "issue " + i, "", "alice", false, "ready-for-agent");
        }
        assertThat(list("ready-for-agent")).hasSize(100);
        assertThat(requests("GET", "/issues")).hasSize(2);
    }

    @Test
    void anUnknownLabelFilterThatForgejoDropsReturnsNothingBecauseLabelsAreRecheckedPerIssue() {
        model.createIssue(repo, "ready", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "unlabelled", "", "alice", false);
        model.createIssue(repo, "bug", "", "alice", false, "bug");
        assertThat(list("ready-for-agnet")).isEmpty();
        // The trap is real: the server answered every open issue.
        assertThat(requests("GET", "/issues")).singleElement().extracting(SimRequest::status).isEqualTo(200);
    }

    @Test
    void onlyLabelledOpenIssuesAreListedEvenAmongIssuesWithOtherLabels() {
        model.createIssue(repo, "ready", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "bug only", "", "alice", false, "bug");
        model.createIssue(repo, "closed ready", "", "alice", false, "ready-for-agent");
        model.setOpen(repo, 3, false, null);
        assertThat(list("ready-for-agent")).extracting(Issue::title).containsExactly("ready");
    }

    @Test
    void pullRequestsAndClosedItemsAreDroppedEvenWhenTheServerReturnsThem() {
        String page = "[" + item(1, "open", null, "ready-for-agent") + ","
                + item(2, "open", "{\"merged\":false}", "ready-for-agent") + ","
                + item(3, "closed", null, "ready-for-agent") + "]";
        forgejo.inject(SimFault.reply("GET", ".*/issues", 200, page, 1)
                .withHeaders(Map.of("Content-Type", "application/json", "X-Total-Count", "3")));
        assertThat(list("ready-for-agent")).extracting(i -> i.key().number()).containsExactly(1);
    }

    static String item(int number, String state, String pullRequest, String label) {
        return "{\"number\":" + number + ",\"title\":\"t" + number + "\",\"body\":\"\",\"state\":\"" + state
                + "\",\"user\":{\"login\":\"alice\"},\"created_at\":\"2025-06-11T10:00:00+02:00\",\"labels\":[{\"id\":1,"
                + "\"name\":\"" + label + "\"}],\"pull_request\":" + pullRequest + "}";
    }

    // ---- get-issue ----

    @Test
    void getIssueReturnsTheIssueAndAClosedOneWithOpenFalse() {
        model.createIssue(repo, "first", "text", "alice", false, "in-progress");
        model.createIssue(repo, "second", "", "bob", false);
        model.setOpen(repo, 2, false, null);
        Issue first = call("get-issue", key(1), Issue.class);
        assertThat(first.title()).isEqualTo("first");
        assertThat(first.labels()).containsExactly("in-progress");
        assertThat(first.open()).isTrue();
        assertThat(call("get-issue", key(2), Issue.class).open()).isFalse();
    }

    // ---- labels ----

    @Test
    void addLabelPostsTheNameAndReturnsTheLabelsNowOnTheIssue() {
        model.createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        assertThat(labels("add-label", 1, "in-progress")).containsExactlyInAnyOrder("ready-for-agent", "in-progress");
        assertThat(model.issue(repo, 1).orElseThrow().labels()).contains("in-progress");
        assertThat(model.labelEvents(repo, 1)).last().extracting(TrackerModel.LabelEvent::actor).isEqualTo(BOT);
        assertThat(requests("POST", "/issues/1/labels")).singleElement().extracting(SimRequest::body)
                .isEqualTo("{\"labels\":[\"in-progress\"]}");
    }

    @Test
    void addingALabelTheRepositoryDoesNotHaveIsRejectedNamingItInsteadOfSilentlyIgnored() {
        model.createIssue(repo, "t", "", "alice", false);
        AdapterFailure f = failure("add-label", new LabelChange(key(1), "in-progres"));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.REJECTED);
        assertThat(f.getMessage()).contains("in-progres");
        assertThat(model.issue(repo, 1).orElseThrow().labels()).isEmpty();
    }

    @Test
    void removeLabelDeletesByTheLabelsNumericIdAndReturnsTheRemainingLabels() {
        model.createIssue(repo, "t", "", "alice", false, "ready-for-agent", "in-progress");
        long id = model.repoLabel(repo, "ready-for-agent").orElseThrow().id();
        assertThat(labels("remove-label", 1, "ready-for-agent")).containsExactly("in-progress");
        assertThat(model.issue(repo, 1).orElseThrow().labels()).containsExactly("in-progress");
        assertThat(requests("DELETE", "/issues/1/labels/" + id)).hasSize(1);
    }

    @Test
    void removingALabelThatIsNotOnTheIssueSucceedsWithoutADelete() {
        model.createIssue(repo, "t", "", "alice", false, "in-progress");
        assertThat(labels("remove-label", 1, "ready-for-agent")).containsExactly("in-progress");
        assertThat(requests("DELETE", ".*")).isEmpty();
    }

    // ---- comments ----

    @Test
    void findAfkCommentReturnsTheFirstCommentCarryingTheMarkerOrNull() {
        model.createIssue(repo, "t", "", "alice", false);
        assertThat(call("find-afk-comment", key(1), AfkComment.class)).isNull();
        model.addComment(repo, 1, "a human comment", "alice");
        var mine = model.addComment(repo, 1, "- [x] dispatched\n<!-- afk:state {\"attempt\":1} -->", BOT)
                .orElseThrow();
        model.addComment(repo, 1, "quoting <!-- afk:state {\"attempt\":9} -->", "bob");
        AfkComment found = call("find-afk-comment", key(1), AfkComment.class);
        assertThat(found).isEqualTo(new AfkComment(mine.id(), mine.body()));
    }

    @Test
    void writeAfkCommentCreatesWithPostThenEditsInPlaceWithPatch() {
        model.createIssue(repo, "t", "", "alice", false);
        AfkComment created = call("write-afk-comment", new CommentWrite(key(1), null, "v1"), AfkComment.class);
        assertThat(model.comments(repo, 1)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(created.id());
            assertThat(c.body()).isEqualTo("v1");
            assertThat(c.user()).isEqualTo(BOT);
        });
        AfkComment edited = call("write-afk-comment", new CommentWrite(key(1), created.id(), "v2"), AfkComment.class);
        assertThat(edited).isEqualTo(new AfkComment(created.id(), "v2"));
        assertThat(model.comments(repo, 1)).singleElement().extracting(TrackerModel.Comment::body).isEqualTo("v2");
        assertThat(requests("PATCH", "/repos/" + repo + "/issues/comments/" + created.id())).hasSize(1);
    }

    // ---- close-issue ----

    @Test
    void closeIssuePatchesStateClosedWithoutAStateReason() {
        model.createIssue(repo, "t", "", "alice", false, "in-progress");
        assertThat(call("close-issue", key(1), Object.class)).isNull();
        assertThat(model.issue(repo, 1).orElseThrow().open()).isFalse();
        assertThat(requests("PATCH", "/issues/1")).singleElement().satisfies(r -> {
            assertThat(r.body()).isEqualTo("{\"state\":\"closed\"}");
            assertThat(r.status()).isEqualTo(201);
        });
    }

    // ---- labeler ----

    @Test
    void labelerIsWhoeverAddedTheLabelLastIgnoringRemovalsAndOtherLabels() {
        model.createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        assertThat(call("labeler", new LabelerQuery(key(1), "ready-for-agent"), String.class)).isEqualTo("alice");
        model.removeLabel(repo, 1, "ready-for-agent", "mallory");
        assertThat(call("labeler", new LabelerQuery(key(1), "ready-for-agent"), String.class))
                .as("a removal is not an addition").isEqualTo("alice");
        model.addLabel(repo, 1, "ready-for-agent", "bob");
        model.addLabel(repo, 1, "bug", "mallory");
        assertThat(call("labeler", new LabelerQuery(key(1), "ready-for-agent"), String.class)).isEqualTo("bob");
    }

    @Test
    void labelerReadsEveryTimelinePageAndIsNullWhenTheLabelWasNeverAdded() {
        model.createIssue(repo, "t", "", "alice", false);
        for (int i = 0; i < 70; i++) {
            model.addComment(repo, 1, "chatter " + i, "alice");
        }
        assertThat(call("labeler", new LabelerQuery(key(1), "ready-for-agent"), String.class)).isNull();
        model.addLabel(repo, 1, "ready-for-agent", "carol");
        assertThat(call("labeler", new LabelerQuery(key(1), "ready-for-agent"), String.class)).isEqualTo("carol");
        assertThat(requests("GET", "/timeline")).extracting(SimRequest::query)
                .containsExactly("limit=50&page=1", "limit=50&page=2", "limit=50&page=1", "limit=50&page=2");
    }

    // ---- commits ----

    @Test
    void commitExistsIsTrueForAKnownShaAndFalseFor404() {
        model.addCommit(repo, SHA);
        assertThat(call("commit-exists", new CommitRef(repoRef(), SHA), Boolean.class)).isTrue();
        assertThat(call("commit-exists", new CommitRef(repoRef(), "f".repeat(40)), Boolean.class)).isFalse();
        assertThat(requests("GET", "/git/commits/.*")).extracting(SimRequest::status).containsExactly(200, 404);
    }

    @Test
    void aReportedShaThatIsNotACommitIdIsFalseWithoutACall() {
        assertThat(call("commit-exists", new CommitRef(repoRef(), "../../admin"), Boolean.class)).isFalse();
        assertThat(forgejo.requests()).isEmpty();
    }

    // ---- CI and deploy verdicts ----

    CiVerdict ci() {
        return call("ci-verdict", new CommitRef(repoRef(), SHA), CiVerdict.class);
    }

    DeployVerdict deploy() {
        return call("deploy-verdict", new CommitRef(repoRef(), SHA), DeployVerdict.class);
    }

    @Test
    void noStatusAtAllIsNoCiYet() {
        assertThat(ci()).isEqualTo(CiVerdict.NONE);
        assertThat(deploy()).isEqualTo(DeployVerdict.NONE);
    }

    @Test
    void aPendingContextMakesCiPending() {
        model.addStatus(repo, SHA, "ci / test (push)", "success", "ok", "http://ci/1");
        model.addStatus(repo, SHA, "ci / lint (push)", "pending", "running", "http://ci/2");
        assertThat(ci().state()).isEqualTo(CiVerdict.State.PENDING);
    }

    @Test
    void aFailedContextFailsCiWithItsStateDescriptionAndLinkAsEvidence() {
        model.addStatus(repo, SHA, "ci / test (push)", "failure", "3 tests failed", "http://ci/run/7");
        model.addStatus(repo, SHA, "ci / lint (push)", "success", "ok", "http://ci/run/8");
        CiVerdict v = ci();
        assertThat(v.state()).isEqualTo(CiVerdict.State.FAILURE);
        assertThat(v.evidence()).containsExactly(
                new CheckEvidence("ci / test (push)", "failure", "3 tests failed", "http://ci/run/7"));
    }

    @Test
    void onlyTheLatestStatusOfAContextCountsSoARerunThatPassedIsSuccess() {
        model.addStatus(repo, SHA, "ci / test (push)", "failure", "red", "http://ci/1");
        model.addStatus(repo, SHA, "ci / test (push)", "success", "green", "http://ci/2");
        assertThat(ci()).isEqualTo(CiVerdict.SUCCESS);
    }

    @Test
    void theDeployContextIsNotCi() {
        model.addStatus(repo, SHA, DEPLOY, "failure", "rollout failed", "http://deploy/1");
        assertThat(ci()).as("only a deploy status: no CI yet").isEqualTo(CiVerdict.NONE);
        model.addStatus(repo, SHA, "ci / test (push)", "success", "ok", "http://ci/1");
        assertThat(ci()).as("a failed deploy does not fail CI").isEqualTo(CiVerdict.SUCCESS);
    }

    @Test
    void deployVerdictFollowsTheLatestStatusOfTheDeployContextOnly() {
        model.addStatus(repo, SHA, "ci / test (push)", "failure", "red", "http://ci/1");
        assertThat(deploy()).isEqualTo(DeployVerdict.NONE);
        model.addStatus(repo, SHA, DEPLOY, "pending", "rolling out", "http://deploy/1");
        assertThat(deploy().state()).isEqualTo(DeployVerdict.State.PENDING);
        model.addStatus(repo, SHA, DEPLOY, "failure", "rollback", "http://deploy/2");
        assertThat(deploy().state()).isEqualTo(DeployVerdict.State.FAILURE);
        model.addStatus(repo, SHA, DEPLOY, "success", "live", "http://deploy/3");
        assertThat(deploy()).isEqualTo(new DeployVerdict(DeployVerdict.State.SUCCESS,
                new CheckEvidence(DEPLOY, "success", "live", "http://deploy/3")));
    }

    // ---- hygiene ----

    @Test
    void noInboundHeaderLeaksIntoARequestAndTheTokenComesFromTheFile() {
        model.createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        Map<String, Object> headers = Map.of("fireTime", "2099-01-01", "ETag", "W/\"abc\"", "Link",
                "<http://evil/next>; rel=\"next\"", "X-Total-Count", "9999", "Authorization", "token stolen",
                "CamelHttpPath", "/admin/users", "CamelHttpMethod", "DELETE");
        template.requestBodyAndHeaders("direct:forgejo-list-issues", new ListIssues(repoRef(), "ready-for-agent"),
                headers);
        template.requestBodyAndHeaders("direct:forgejo-add-label", new LabelChange(key(1), "in-progress"), headers);
        assertThat(forgejo.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.header("fireTime")).isNull();
            assertThat(r.header("ETag")).isNull();
            assertThat(r.header("Link")).isNull();
            assertThat(r.header("X-Total-Count")).isNull();
            assertThat(r.header("Authorization")).isEqualTo("token " + TOKEN);
            assertThat(r.path()).startsWith("/api/v1/repos/" + repo + "/issues");
        });
        assertThat(forgejo.requests()).extracting(SimRequest::method).containsExactly("GET", "POST");
    }
}
