package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.ListIssues;
import dev.afk.adapter.UnreadableIssue;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * The Forgejo ops that keep a repo and a run going when something is off: a listing with a malformed item, a
 * listing that must also see closed issues, the default branch's head, whether a reported commit is new since the
 * run's base, and retries that do not flood the log.
 */
class ForgejoRoutesReliabilityTest extends ForgejoRoutesBaseTest {

    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C = "c".repeat(40);
    static final String D = "d".repeat(40);

    IssueListing listing(String label, boolean includeClosed) {
        return call("list-issues", new ListIssues(repoRef(), label, includeClosed), IssueListing.class);
    }

    boolean exists(String sha, String base) {
        return call("commit-exists", new CommitRef(repoRef(), sha, base), Boolean.class);
    }

    double unreadableCounted() {
        return counted("afk.tracker.unreadable.items", "tracker", "forgejo");
    }

    // ---- one malformed item ----

    @Test
    void anItemWhoseLabelsAreAnObjectIsUnreadableAndTheOtherItemsAreStillListed() {
        for (int i = 1; i <= 3; i++) {
            model.createIssue(repo, "issue " + i, "", "alice", false, "ready-for-agent");
        }
        model.corruptIssueField(repo, 2, "labels", "{\"id\":1,\"name\":\"ready-for-agent\"}");

        IssueListing l = listing("ready-for-agent", false);

        assertThat(l.issues()).extracting(i -> i.key().number()).containsExactly(1, 3);
        assertThat(l.unreadable()).containsExactly(new UnreadableIssue(repoRef(), 2, "labels is not a list"));
        assertThat(unreadableCounted()).isEqualTo(1.0);
        assertThat(counted("afk.adapter.failures", "system", "forgejo", "kind", "MALFORMED")).isZero();
    }

    @Test
    void anItemWithoutANumberIsUnreadableAsMinusOneAndItsTextIsNeverTheReason() {
        model.createIssue(repo, "fine", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "Secret title", "", "alice", false, "ready-for-agent");
        model.createIssue(repo, "no title", "", "alice", false, "ready-for-agent");
        model.corruptIssueField(repo, 2, "number", null);
        model.corruptIssueField(repo, 3, "title", "{\"text\":\"Secret title\"}");

        IssueListing l = listing("ready-for-agent", false);

        assertThat(l.issues()).extracting(Issue::title).containsExactly("fine");
        assertThat(l.unreadable()).extracting(UnreadableIssue::number).containsExactlyInAnyOrder(-1L, 3L);
        assertThat(l.unreadable()).extracting(UnreadableIssue::why).noneMatch(w -> w.contains("Secret"));
        assertThat(unreadableCounted()).isEqualTo(2.0);
    }

    @Test
    void aMalformedItemThatVisiblyLacksTheLabelIsNotReported() {
        model.createIssue(repo, "a bug", "", "alice", false, "bug");
        model.corruptIssueField(repo, 1, "created_at", "\"yesterday\"");

        // A label filter naming no repository label vanishes: Forgejo answers every open issue, the bug too.
        IssueListing l = listing("ready-for-agnet", false);

        assertThat(requests("GET", "/issues")).singleElement().extracting(SimRequest::status).isEqualTo(200);
        assertThat(l.issues()).isEmpty();
        assertThat(l.unreadable()).as("its labels are readable and lack the label").isEmpty();
        assertThat(listing("bug", false).unreadable())
                .containsExactly(new UnreadableIssue(repoRef(), 1, "created_at is not a time"));
    }

    @Test
    void aPageThatIsNotAListStillFailsTheListingAsMalformed() {
        forgejo.inject(SimFault.reply("GET", ".*/issues", 200, "{\"message\":\"not a list\"}", 1)
                .withHeaders(Map.of("Content-Type", "application/json")));
        assertThat(failure("list-issues", new ListIssues(repoRef(), "ready-for-agent")).kind())
                .isEqualTo(Kind.MALFORMED);
    }

    // ---- closed issues on request ----

    @Test
    void includeClosedListsOpenAndClosedIssuesWithTheLabelAndOpenTellsThemApart() {
        model.createIssue(repo, "running", "", "alice", false, "in-progress");
        model.createIssue(repo, "closed by a person", "", "alice", false, "in-progress");
        model.createIssue(repo, "closed, other label", "", "alice", false, "bug");
        model.setOpen(repo, 2, false, null);
        model.setOpen(repo, 3, false, null);

        IssueListing all = listing("in-progress", true);

        assertThat(all.issues()).extracting(i -> i.key().number() + ":" + i.open())
                .containsExactly("1:true", "2:false");
        assertThat(listing("in-progress", false).issues()).extracting(i -> i.key().number()).containsExactly(1);
        assertThat(requests("GET", "/issues")).extracting(SimRequest::query).containsExactly(
                "state=all&type=issues&labels=in-progress&sort=oldest&limit=50&page=1",
                "state=open&type=issues&labels=in-progress&sort=oldest&limit=50&page=1");
    }

    // ---- default-head ----

    @Test
    void defaultHeadIsTheCommitAtTheHeadOfTheDefaultBranchAndFollowsIt() {
        model.pushCommit(repo, "main", A);
        model.pushCommit(repo, "main", B);
        model.pushCommit(repo, "agent/issue-1", C); // another branch moves nothing

        assertThat(call("default-head", repoRef(), String.class)).isEqualTo(B);
        assertThat(ownRequests()).extracting(SimRequest::path).containsExactly(
                "/api/v1/repos/" + repo, "/api/v1/repos/" + repo + "/branches/main");

        model.mergeCommit(repo, "main", D, C);
        assertThat(call("default-head", repoRef(), String.class)).isEqualTo(D);
        model.setDefaultBranch(repo, "agent/issue-1");
        assertThat(call("default-head", repoRef(), String.class)).isEqualTo(C);
    }

    @Test
    void defaultHeadOfARepositoryWithoutCommitsIsNull() {
        assertThat(call("default-head", repoRef(), String.class)).isNull();
        assertThat(ownRequests()).as("an empty repository has no branch to read").hasSize(1);
    }

    @Test
    void defaultHeadOfAnUnknownRepositoryIsNotFound() {
        assertThat(failure("default-head", dev.afk.core.RepoRef.parse("acme/no-such-repo")).kind())
                .isEqualTo(Kind.NOT_FOUND);
    }

    // ---- commit-exists with a base ----

    @Test
    void withABaseTheBaseItselfAndItsAncestorsAreNotNew() {
        model.pushCommit(repo, "main", A);
        model.pushCommit(repo, "main", B);

        assertThat(exists(B, B)).as("the base itself").isFalse();
        assertThat(exists(A, B)).as("a pre-existing ancestor of the base").isFalse();
        assertThat(exists(A, null)).as("without a base: known is enough").isTrue();
        assertThat(requests("GET", "/compare/.*")).extracting(SimRequest::path)
                .containsExactly("/api/v1/repos/" + repo + "/compare/" + B + "..." + A);
    }

    @Test
    void withABaseACommitPushedOnABranchAfterItIsNew() {
        model.pushCommit(repo, "main", A);
        model.pushCommit(repo, "main", B);
        model.setBranchHead(repo, "agent/issue-1", B);
        model.pushCommit(repo, "agent/issue-1", C);
        model.addCommit(repo, D, A); // branched off before the base: diverged, still not the base's history

        assertThat(exists(C, B)).isTrue();
        assertThat(exists(D, B)).isTrue();
        assertThat(requests("GET", "/compare/.*")).extracting(SimRequest::status).containsExactly(200, 200);
    }

    @Test
    void withABaseAnUnknownCommitOrAnUnknownBaseIsFalse() {
        model.pushCommit(repo, "main", A);
        assertThat(exists(C, A)).as("unknown commit: no compare needed").isFalse();
        assertThat(requests("GET", "/compare/.*")).isEmpty();
        assertThat(exists(A, C)).as("unknown base: compare answers 404").isFalse();
        assertThat(requests("GET", "/compare/.*")).extracting(SimRequest::status).containsExactly(404);
    }

    // ---- retries and the log ----

    @Test
    void aRetriedAttemptIsNotAWarningAndAFailureThatEndsTheOpIsExactlyOne() {
        model.createIssue(repo, "one", "", "alice", false);
        try (CapturedLogs logs = CapturedLogs.attach()) {
            forgejo.inject(SimFault.reply("GET", ".*/issues/1", 502, "", 1));
            assertThat(call("get-issue", new IssueKey(repoRef(), 1), Issue.class).title()).isEqualTo("one");
            assertThat(logs.at(Level.WARN)).as(logs.all()).isEmpty();

            forgejo.inject(SimFault.reply("GET", ".*/issues/1", 503, "", -1));
            assertThat(failure("get-issue", new IssueKey(repoRef(), 1)).kind()).isEqualTo(Kind.SERVER);
            List<CapturedLogs.Line> warnings = logs.at(Level.WARN);
            assertThat(warnings).as(logs.all()).hasSize(1);
            assertThat(warnings.get(0).text()).contains("get-issue").contains("503");
        }
        assertThat(requests("GET", "/issues/1")).hasSize(2 + 3);
    }
}
