package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.ListIssues;
import dev.afk.adapter.UnreadableIssue;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * The GitHub ops that keep a repo and a run going when something is off: a listing with a malformed item, a
 * listing that must also see closed issues, the default branch's head, whether a reported commit is new since the
 * run's base, and retries that do not flood the log.
 */
class GitHubRoutesReliabilityTest extends GitHubRoutesBaseTest {

    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C = "c".repeat(40);
    static final String D = "d".repeat(40);
    static final String E = "e".repeat(40);

    RepoRef repoRef() {
        return RepoRef.parse(repo);
    }

    IssueListing listing(String label, boolean includeClosed) {
        return call("list-issues", new ListIssues(repoRef(), label, includeClosed), IssueListing.class);
    }

    boolean exists(String sha, String base) {
        return call("commit-exists", new CommitRef(repoRef(), sha, base), Boolean.class);
    }

    double unreadableCounted() {
        return counted("afk.tracker.unreadable.items", "tracker", "github");
    }

    // ---- one malformed item ----

    @Test
    void anItemWhoseLabelsAreAnObjectIsUnreadableAndTheOtherItemsAreStillListed() {
        for (int i = 1; i <= 3; i++) {
            model.createIssue(repo, "issue " + i, "", "alice", false, "ready-for-agent");
        }
        model.corruptIssueField(repo, 2, "labels", "{\"name\":\"ready-for-agent\"}");

        IssueListing l = listing("ready-for-agent", false);

        assertThat(l.issues()).extracting(i -> i.key().number()).containsExactlyInAnyOrder(1, 3);
        assertThat(l.unreadable()).containsExactly(new UnreadableIssue(repoRef(), 2, "labels is not a list"));
        assertThat(unreadableCounted()).isEqualTo(1.0);
        assertThat(failuresCounted(Kind.MALFORMED)).isZero();
    }

    @Test
    void anItemWithoutANumberIsUnreadableAsMinusOneAndItsTextIsNeverTheReason() {
        model.createIssue(repo, "fine", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "Secret title", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "bad state", "", "alice", false, "ready-for-agent");
        model.corruptIssueField(repo, 2, "number", "\"Secret title\"");
        model.corruptIssueField(repo, 3, "state", "\"Secret state\"");

        IssueListing l = listing("ready-for-agent", false);

        assertThat(l.issues()).extracting(Issue::title).containsExactly("fine");
        assertThat(l.unreadable()).extracting(UnreadableIssue::number).containsExactlyInAnyOrder(-1L, 3L);
        assertThat(l.unreadable()).extracting(UnreadableIssue::why).noneMatch(w -> w.contains("Secret"));
        assertThat(unreadableCounted()).isEqualTo(2.0);
    }

    @Test
    void aMalformedPullRequestIsDroppedLikeAnyPullRequest() {
        model.createIssue(repo, "issue", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "a pull request", "", "alice", true, "ready-for-agent");
        model.corruptIssueField(repo, 2, "labels", "\"ready-for-agent\"");

        IssueListing l = listing("ready-for-agent", false);

        assertThat(l.issues()).extracting(i -> i.key().number()).containsExactly(1);
        assertThat(l.unreadable()).isEmpty();
    }

    @Test
    void aPageThatIsNotAListStillFailsTheListingAsMalformed() {
        github.inject(SimFault.reply("GET", "/repos/.*/issues", 200, "{\"message\":\"not a list\"}", -1));
        assertThat(failure("list-issues", new ListIssues(repoRef(), "ready-for-agent")).kind())
                .isEqualTo(Kind.MALFORMED);
    }

    // ---- closed issues on request ----

    @Test
    void includeClosedListsOpenAndClosedIssuesWithTheLabelAndOpenTellsThemApart() {
        model.createIssue(repo, "running", "", "alice", false, "in-progress");
        model.createIssue(repo, "closed by a person", "", "alice", false, "in-progress");
        model.createIssue(repo, "closed, other label", "", "alice", false, "bug");
        model.setOpen(repo, 2, false, "not_planned");
        model.setOpen(repo, 3, false, "completed");

        IssueListing all = listing("in-progress", true);

        assertThat(all.issues()).extracting(i -> i.key().number() + ":" + i.open())
                .containsExactlyInAnyOrder("1:true", "2:false");
        assertThat(listing("in-progress", false).issues()).extracting(i -> i.key().number()).containsExactly(1);
        assertThat(requests("GET", "/repos/" + repo + "/issues")).extracting(SimRequest::query)
                .containsExactly("state=all&labels=in-progress&per_page=100",
                        "state=open&labels=in-progress&per_page=100");
    }

    // ---- default-head ----

    @Test
    void defaultHeadIsTheShaAtTheHeadOfTheDefaultBranchAndFollowsIt() {
        model.pushCommit(repo, "main", A);
        model.pushCommit(repo, "main", B);
        model.pushCommit(repo, "agent/issue-1", C); // another branch moves nothing

        assertThat(call("default-head", repoRef(), String.class)).isEqualTo(B);
        assertThat(ownRequests()).extracting(SimRequest::path)
                .containsExactly("/repos/" + repo, "/repos/" + repo + "/branches/main");

        model.mergeCommit(repo, "main", D, C);
        assertThat(call("default-head", repoRef(), String.class)).isEqualTo(D);
        model.setDefaultBranch(repo, "agent/issue-1");
        assertThat(call("default-head", repoRef(), String.class)).isEqualTo(C);
    }

    @Test
    void defaultHeadOfARepositoryWithoutCommitsIsNull() {
        assertThat(call("default-head", repoRef(), String.class)).isNull();
        assertThat(ownRequests()).extracting(SimRequest::status).containsExactly(200, 404);
    }

    @Test
    void defaultHeadOfAnUnknownRepositoryIsNotFound() {
        assertThat(failure("default-head", RepoRef.parse("acme/no-such-repo")).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    // ---- commit-exists with a base ----

    @Test
    void withABaseTheBaseItselfAndItsAncestorsAreNotNew() {
        model.pushCommit(repo, "main", A);
        model.pushCommit(repo, "main", B);

        assertThat(exists(B, B)).as("the base itself").isFalse();
        assertThat(exists(A, B)).as("a pre-existing ancestor of the base").isFalse();
        assertThat(exists(A, null)).as("without a base: known is enough").isTrue();
        assertThat(requests("GET", "/repos/" + repo + "/compare/")).extracting(r -> r.path() + "?" + r.query())
                .containsExactly("/repos/" + repo + "/compare/" + B + "..." + A + "?per_page=1");
    }

    @Test
    void withABaseACommitPushedOnABranchAfterItIsNew() {
        model.pushCommit(repo, "main", A);
        model.pushCommit(repo, "main", B);
        model.setBranchHead(repo, "agent/issue-1", B);
        model.pushCommit(repo, "agent/issue-1", C);
        model.addCommit(repo, D, A); // branched off before the base: diverged, still not the base's history

        assertThat(exists(C, B)).as("ahead").isTrue();
        assertThat(exists(D, B)).as("diverged").isTrue();
        assertThat(requests("GET", "/repos/" + repo + "/compare/")).extracting(SimRequest::status)
                .containsExactly(200, 200);
    }

    @Test
    void withABaseAnUnknownCommitAnUnknownBaseOrAnUnrelatedHistoryIsFalse() {
        model.pushCommit(repo, "main", A);
        model.addCommit(repo, E); // a root of its own: no common ancestor with the base
        assertThat(exists(C, A)).as("unknown commit: no compare needed").isFalse();
        assertThat(requests("GET", "/repos/" + repo + "/compare/")).isEmpty();
        assertThat(exists(A, C)).as("unknown base").isFalse();
        assertThat(exists(E, A)).as("no common history").isFalse();
        assertThat(requests("GET", "/repos/" + repo + "/compare/")).extracting(SimRequest::status)
                .containsExactly(404, 404);
    }

    // ---- retries and the log ----

    @Test
    void aRetriedAttemptIsNotAWarningAndAFailureThatEndsTheOpIsExactlyOne() {
        model.createIssue(repo, "one", "", "alice", false);
        try (CapturedLogs logs = CapturedLogs.attach()) {
            github.inject(SimFault.reply("GET", "/repos/.*/issues/1", 502, "", 1));
            assertThat(call("get-issue", IssueKey.of(repo, 1), Issue.class).title()).isEqualTo("one");
            assertThat(logs.at(Level.WARN)).as(logs.all()).isEmpty();

            github.inject(SimFault.reply("GET", "/repos/.*/issues/1", 503, "", -1));
            assertThat(failure("get-issue", IssueKey.of(repo, 1)).kind()).isEqualTo(Kind.SERVER);
            List<CapturedLogs.Line> warnings = logs.at(Level.WARN);
            assertThat(warnings).as(logs.all()).hasSize(1);
            assertThat(warnings.get(0).text()).contains("get-issue").contains("503");

            github.clearFaults();
            github.inject(SimFault.reply("GET", "/repos/.*/issues/1", 404, "{\"message\":\"Not Found\"}", 1));
            assertThat(failure("get-issue", IssueKey.of(repo, 1)).kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(logs.at(Level.WARN)).as("a permanent failure is one WARN too").hasSize(2);
        }
        assertThat(requests("GET", "/repos/" + repo + "/issues/1")).hasSize(2 + 3 + 1);
    }
}
