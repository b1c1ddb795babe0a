package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AfkComment;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.LabelerQuery;
import dev.afk.adapter.ListIssues;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request building and reply parsing for GitHub REST 2022-11-28 (docs/reference/trackers.md §2-§6, §13). */
class GitHubWireTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final RepoRef REPO = RepoRef.parse("acme/widgets");
    static final IssueKey KEY = new IssueKey(REPO, 7);

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<JsonNode> items(String array) {
        List<JsonNode> out = new ArrayList<>();
        json(array).forEach(out::add);
        return out;
    }

    @Test
    void issueListAsksForOpenIssuesWithTheLabelAHundredAtATimeAndNeverSendsTypeIssues() {
        HttpCall r = GitHubWire.listIssues(new ListIssues(REPO, "ready for agent"));
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/repos/acme/widgets/issues");
        assertThat(r.query()).isEqualTo("state=open&labels=ready%20for%20agent&per_page=100");
        assertThat(r.query()).doesNotContain("type=");
        assertThat(r.repeatable()).isTrue();
    }

    @Test
    void addingALabelPostsALabelsObjectWithTheName() {
        HttpCall r = GitHubWire.addLabel(new LabelChange(KEY, "in-progress"));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/repos/acme/widgets/issues/7/labels");
        assertThat(json(r.body())).isEqualTo(json("{'labels':['in-progress']}"));
    }

    @Test
    void removingALabelDeletesItByUrlEncodedNameAndTreats404AsAnAnswer() {
        HttpCall r = GitHubWire.removeLabel(new LabelChange(KEY, "needs human/now"));
        assertThat(r.method()).isEqualTo("DELETE");
        assertThat(r.path()).isEqualTo("/repos/acme/widgets/issues/7/labels/needs%20human%2Fnow");
        assertThat(r.tolerates(404)).isTrue();
        assertThat(r.tolerates(403)).isFalse();
        assertThat(r.body()).isNull();
    }

    @Test
    void creatingTheAfkCommentIsNotIdempotentButEditingItInPlaceIs() {
        HttpCall create = GitHubWire.writeComment(new CommentWrite(KEY, null, "hello"));
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/repos/acme/widgets/issues/7/comments");
        assertThat(create.repeatable()).isFalse();
        assertThat(json(create.body())).isEqualTo(json("{'body':'hello'}"));

        HttpCall edit = GitHubWire.writeComment(new CommentWrite(KEY, 42L, "again"));
        assertThat(edit.method()).isEqualTo("PATCH");
        assertThat(edit.path()).isEqualTo("/repos/acme/widgets/issues/comments/42");
        assertThat(edit.repeatable()).isTrue();
    }

    @Test
    void closingSendsStateClosedWithReasonCompleted() {
        HttpCall r = GitHubWire.closeIssue(KEY);
        assertThat(r.method()).isEqualTo("PATCH");
        assertThat(r.path()).isEqualTo("/repos/acme/widgets/issues/7");
        assertThat(json(r.body())).isEqualTo(json("{'state':'closed','state_reason':'completed'}"));
    }

    @Test
    void commitLookupTreats404And422AsNo() {
        HttpCall r = GitHubWire.getCommit(new CommitRef(REPO, "abc123"));
        assertThat(r.path()).isEqualTo("/repos/acme/widgets/commits/abc123");
        assertThat(r.tolerated()).containsExactlyInAnyOrder(404, 422);
    }

    @Test
    void checkRunsAreReadFromTheCheckRunsFieldOfEachPage() {
        HttpCall r = GitHubWire.checkRuns(new CommitRef(REPO, "abc"));
        assertThat(r.path()).isEqualTo("/repos/acme/widgets/commits/abc/check-runs");
        assertThat(r.query()).isEqualTo("filter=latest&per_page=100");
        List<JsonNode> items = GitHubWire.append(List.of(), json("{'total_count':2,'check_runs':[{'id':1},{'id':2}]}"), r);
        assertThat(items).hasSize(2);
    }

    @Test
    void deploymentStatusesAreReadForTheNewestDeploymentOnly() {
        CommitRef ref = new CommitRef(REPO, "abc");
        assertThat(GitHubWire.deploymentStatuses(ref, json("[]"))).isNull();
        HttpCall r = GitHubWire.deploymentStatuses(ref, json("[{'id':5},{'id':9},{'id':7}]"));
        assertThat(r.path()).isEqualTo("/repos/acme/widgets/deployments/9/statuses");
    }

    @Test
    void theIssueListDropsPullRequestsClosedIssuesAndIssuesWithoutTheLabel() {
        List<JsonNode> page = items("[" + issueJson(1, "open", "['ready-for-agent']", false) + ","
                + issueJson(2, "open", "['ready-for-agent']", true) + ","
                + issueJson(3, "closed", "['ready-for-agent']", false) + ","
                + issueJson(4, "open", "['bug']", false) + "]");

        List<Issue> issues = GitHubWire.issues(page, new ListIssues(REPO, "ready-for-agent")).issues();

        assertThat(issues).extracting(i -> i.key().number()).containsExactly(1);
        Issue one = issues.get(0);
        assertThat(one.key()).isEqualTo(new IssueKey(REPO, 1));
        assertThat(one.title()).isEqualTo("Title 1");
        assertThat(one.author()).isEqualTo("alice");
        assertThat(one.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(one.htmlUrl()).isEqualTo("https://github.com/acme/widgets/issues/1");
        assertThat(one.labels()).containsExactly("ready-for-agent");
        assertThat(one.pullRequest()).isFalse();
    }

    @Test
    void aClosedIssueReadsAsNotOpen() {
        Issue issue = GitHubWire.issue(json(issueJson(3, "closed", "[]", false)), new IssueKey(REPO, 3));
        assertThat(issue.open()).isFalse();
    }

    @Test
    void anIssueWithoutANumberIsMalformed() {
        AdapterFailure f = catchThrowableOfType(AdapterFailure.class,
                () -> GitHubWire.issue(json("{'title':'x'}"), KEY));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    @Test
    void theAfkCommentIsTheFirstCommentCarryingTheMarker() {
        List<JsonNode> comments = items("[{'id':1,'body':'lgtm'},"
                + "{'id':2,'body':'## AFK\\n<!-- afk:state {\\\"attempt\\\":1} -->'},"
                + "{'id':3,'body':'<!-- afk:state {} -->'}]");
        assertThat(GitHubWire.afkComment(comments)).isEqualTo(new AfkComment(2, "## AFK\n<!-- afk:state {\"attempt\":1} -->"));
        assertThat(GitHubWire.afkComment(items("[{'id':1,'body':'afk:state without the comment marker'}]"))).isNull();
    }

    @Test
    void theLabelerIsTheActorOfTheLatestLabeledEventForThatLabel() {
        List<JsonNode> events = items("["
                + event("labeled", "ready-for-agent", "mallory", "2026-01-01T00:00:00Z") + ","
                + event("unlabeled", "ready-for-agent", "alice", "2026-01-02T00:00:00Z") + ","
                + event("labeled", "ready-for-agent", "alice", "2026-01-03T00:00:00Z") + ","
                + event("labeled", "bug", "bob", "2026-01-04T00:00:00Z") + ","
                + event("unlabeled", "ready-for-agent", "carol", "2026-01-05T00:00:00Z") + "]");
        assertThat(GitHubWire.labeler(events, new LabelerQuery(KEY, "ready-for-agent"))).isEqualTo("alice");
        assertThat(GitHubWire.latestLabeler(events, "bug")).isEqualTo("bob");
        assertThat(GitHubWire.latestLabeler(events, "in-progress")).isNull();
    }

    @Test
    void aCommitExistsOnlyWhenGitHubReturnsTheSameFullSha() {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        assertThat(GitHubWire.shaMatches(json("{'sha':'" + sha + "'}"), sha)).isTrue();
        assertThat(GitHubWire.shaMatches(json("{'sha':'" + sha + "'}"), sha.toUpperCase())).isTrue();
        assertThat(GitHubWire.shaMatches(json("{'sha':'" + sha + "'}"), "0123456")).isFalse();
        assertThat(GitHubWire.shaMatches(null, sha)).isFalse();
    }

    @Test
    void labelsAreReadByName() {
        assertThat(GitHubWire.labels(json("[{'id':1,'name':'in-progress'},{'id':2,'name':'bug'}]")))
                .containsExactlyInAnyOrder("in-progress", "bug");
    }

    @Test
    void aReplyThatIsNotJsonIsMalformed() {
        AdapterFailure f = catchThrowableOfType(AdapterFailure.class, () -> GitHubWire.parse("{\"oops\": ", "get-issue"));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
        assertThat(f.system()).isEqualTo("github");
        assertThat(GitHubWire.parse("", "x").isNull()).isTrue();
    }

    @Test
    void aPageThatIsNotAListIsMalformed() {
        AdapterFailure f = catchThrowableOfType(AdapterFailure.class, () -> GitHubWire.append(List.of(),
                json("{'message':'hi'}"), GitHubWire.listIssues(new ListIssues(REPO, "x"))));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    // ---- the reliability contract: item isolation, closed issues, history ----

    @Test
    void includeClosedAsksForStateAll() {
        assertThat(GitHubWire.listIssues(new ListIssues(REPO, "in-progress", true)).query())
                .isEqualTo("state=all&labels=in-progress&per_page=100");
    }

    @Test
    void oneMalformedItemIsUnreadableAndTheOthersAreListed() {
        List<JsonNode> page = items("[" + issueJson(1, "open", "['ready-for-agent']", false) + ","
                + issueJson(2, "open", "['ready-for-agent']", false).replace("'labels':[", "'labels':{'x':[")
                        .replace("}],'user'", "}]},'user'") + ","
                + issueJson(3, "open", "['ready-for-agent']", false) + "]");
        var listing = GitHubWire.issues(page, new ListIssues(REPO, "ready-for-agent"));
        assertThat(listing.issues()).extracting(i -> i.key().number()).containsExactly(1, 3);
        assertThat(listing.unreadable())
                .containsExactly(new dev.afk.adapter.UnreadableIssue(REPO, 2, "labels is not a list"));
    }

    @Test
    void aNullBodyIsAnEmptyBodyAndPlainLabelNamesAreRead() {
        Issue issue = GitHubWire.issue(json(issueJson(3, "open", "[]", false).replace("'body':'Body'", "'body':null")
                .replace("'labels':[]", "'labels':['bug']")), new IssueKey(REPO, 3));
        assertThat(issue.body()).isEmpty();
        assertThat(issue.labels()).containsExactly("bug");
    }

    @Test
    void compareAsksForBaseDotDotDotShaWithOneCommitPerPage() {
        String sha = "a".repeat(40);
        String base = "b".repeat(40);
        HttpCall r = GitHubWire.compare(new CommitRef(REPO, sha, base));
        assertThat(r.path()).isEqualTo("/repos/acme/widgets/compare/" + base + "..." + sha);
        assertThat(r.query()).isEqualTo("per_page=1");
        assertThat(r.tolerates(404)).isTrue();
        AdapterFailure f = catchThrowableOfType(AdapterFailure.class,
                () -> GitHubWire.compare(new CommitRef(REPO, sha, "main")));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.BAD_REQUEST);
    }

    @Test
    void aCommitIsNewWhenAheadOrDivergedWithCommitsAheadAndNotWhenIdenticalOrBehind() {
        assertThat(GitHubWire.aheadOfBase(json("{'status':'ahead','ahead_by':1,'behind_by':0}"), 200)).isTrue();
        assertThat(GitHubWire.aheadOfBase(json("{'status':'diverged','ahead_by':2,'behind_by':3}"), 200)).isTrue();
        assertThat(GitHubWire.aheadOfBase(json("{'status':'ahead','ahead_by':0}"), 200)).isFalse();
        assertThat(GitHubWire.aheadOfBase(json("{'status':'identical','ahead_by':0}"), 200)).isFalse();
        assertThat(GitHubWire.aheadOfBase(json("{'status':'behind','ahead_by':0,'behind_by':4}"), 200)).isFalse();
        assertThat(GitHubWire.aheadOfBase(null, 404)).isFalse();
        AdapterFailure f = catchThrowableOfType(AdapterFailure.class,
                () -> GitHubWire.aheadOfBase(json("{'ahead_by':1}"), 200));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
        String sha = "a".repeat(40);
        assertThat(GitHubWire.commitExists(json("{'sha':'" + sha + "'}"), new CommitRef(REPO, sha, sha)))
                .as("the base is not new relative to itself").isFalse();
    }

    @Test
    void theDefaultHeadIsTheShaOfTheDefaultBranch() {
        HttpCall branch = GitHubWire.defaultBranch(json("{'default_branch':'release/1.x'}"), REPO);
        assertThat(branch.path()).isEqualTo("/repos/acme/widgets/branches/release/1.x");
        assertThat(branch.tolerates(404)).isTrue();
        assertThat(GitHubWire.getRepo(REPO).path()).isEqualTo("/repos/acme/widgets");
        String sha = "c".repeat(40);
        assertThat(GitHubWire.branchHead(json("{'name':'main','commit':{'sha':'" + sha + "'}}"), 200)).isEqualTo(sha);
        assertThat(GitHubWire.branchHead(null, 404)).isNull();
        AdapterFailure f = catchThrowableOfType(AdapterFailure.class,
                () -> GitHubWire.branchHead(json("{'name':'main'}"), 200));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    static String issueJson(int n, String state, String labels, boolean pr) {
        String labelObjects = labels.replaceAll("'([^']+)'", "{'name':'$1','color':'ededed'}");
        return "{'id':" + (1000 + n) + ",'number':" + n + ",'title':'Title " + n + "','body':'Body','state':'" + state
                + "','labels':" + labelObjects + ",'user':{'login':'alice'},'created_at':'2026-01-02T03:04:05Z',"
                + "'html_url':'https://github.com/acme/widgets/issues/" + n + "'"
                + (pr ? ",'pull_request':{'url':'x'}" : "") + "}";
    }

    static String event(String kind, String label, String actor, String at) {
        return "{'id':1,'event':'" + kind + "','actor':{'login':'" + actor + "'},'label':{'name':'" + label
                + "'},'created_at':'" + at + "'}";
    }

    // ---- list-comments ----

    @Test
    void theCommentListAsksForSinceAndFullPagesAndReadsBotsByTypeOrLogin() throws Exception {
        var q = new dev.afk.adapter.CommentQuery(new dev.afk.core.IssueKey(dev.afk.core.RepoRef.parse("acme/widgets"), 7),
                java.time.Instant.parse("2025-06-11T08:00:00.250Z"));
        HttpCall call = GitHubWire.listComments(q);
        assertThat(call.path()).isEqualTo("/repos/acme/widgets/issues/7/comments");
        assertThat(call.query()).isEqualTo("since=2025-06-11T08%3A00%3A00Z&per_page=100");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> items = new java.util.ArrayList<>();
        mapper.readTree("""
                [{"id":3,"user":{"login":"octocat","type":"User"},"body":"hi","created_at":"2025-06-11T08:00:01Z"},
                 {"id":4,"user":{"login":"my-app","type":"Bot"},"body":"x","created_at":"2025-06-11T08:00:02Z"},
                 {"id":5,"user":{"login":"dependabot[bot]","type":"User"},"body":"y","created_at":"2025-06-11T08:00:03Z"},
                 {"id":2,"user":{"login":"octocat","type":"User"},"body":"edited","created_at":"2025-06-11T07:00:00Z"}]
                """).forEach(items::add);
        assertThat(GitHubWire.comments(items, q)).extracting(c -> c.id() + ":" + c.bot())
                .containsExactly("3:false", "4:true", "5:true");
    }

    @Test
    void thePermissionIsTheLegacyBaseRoleAndA404IsNone() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var q = new dev.afk.adapter.PermissionQuery(dev.afk.core.RepoRef.parse("acme/widgets"), "mia");
        assertThat(GitHubWire.permission(q).path()).isEqualTo("/repos/acme/widgets/collaborators/mia/permission");
        assertThat(GitHubWire.permissionLevel(mapper.readTree("{\"permission\":\"write\",\"role_name\":\"maintain\"}"), 200))
                .isEqualTo("write");
        assertThat(GitHubWire.permissionLevel(mapper.readTree("{\"permission\":\"admin\"}"), 200)).isEqualTo("admin");
        assertThat(GitHubWire.permissionLevel(mapper.readTree("{\"permission\":\"read\",\"role_name\":\"triage\"}"), 200))
                .isEqualTo("read");
        assertThat(GitHubWire.permissionLevel(mapper.readTree("{\"permission\":\"none\"}"), 200)).isEqualTo("none");
        assertThat(GitHubWire.permissionLevel(null, 404)).isEqualTo("none");
    }
}
