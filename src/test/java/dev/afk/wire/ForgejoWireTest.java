package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request building and reply parsing of {@link ForgejoWire}, against Forgejo's shapes (docs/reference/trackers.md, swagger). */
class ForgejoWireTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final RepoRef REPO = RepoRef.parse("acme/widgets");
    static final IssueKey KEY = new IssueKey(REPO, 7);
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    /** An issue as Forgejo v12 renders it (trimmed): note {@code pull_request: null} and the offset time. */
    static final String ISSUE = """
            {"id":1207,"url":"https://git.example/api/v1/repos/acme/widgets/issues/7",
             "html_url":"https://git.example/acme/widgets/issues/7","number":7,
             "user":{"id":3,"login":"alice"},"original_author":"","title":"Fix the frobnicator",
             "body":"It breaks.","ref":"","labels":[{"id":12,"name":"ready-for-agent","exclusive":false,
             "is_archived":false,"color":"e11d21","description":"","url":"…"},{"id":13,"name":"bug"}],
             "milestone":null,"assignee":null,"assignees":null,"state":"open","is_locked":false,"comments":0,
             "created_at":"2025-06-11T10:00:00+02:00","updated_at":"2025-06-11T10:05:00+02:00",
             "closed_at":null,"due_date":null,"pull_request":null,"repository":{"id":5,"name":"widgets",
             "owner":"acme","full_name":"acme/widgets"},"pin_order":0}""";

    // ---- requests ----

    @Test
    void theIssueListAsksForOpenIssuesOnlyWithTheLabelOldestFirstInPagesOf50() {
        ForgejoPaging paging = ForgejoWire.listIssues(new ListIssues(REPO, "ready for agent"), 10);
        HttpCall call = paging.call();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.path()).isEqualTo("/repos/acme/widgets/issues");
        assertThat(call.query())
                .isEqualTo("state=open&type=issues&labels=ready+for+agent&sort=oldest&limit=50&page=1");
        assertThat(call.repeatable()).isTrue();
    }

    @Test
    void addingALabelPostsItsNameInALabelsArray() {
        HttpCall call = ForgejoWire.addLabel(new LabelChange(KEY, "in-progress"));
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/repos/acme/widgets/issues/7/labels");
        assertThat(call.body()).isEqualTo("{\"labels\":[\"in-progress\"]}");
        assertThat(call.repeatable()).isTrue();
    }

    @Test
    void removingALabelDeletesItByNumericId() {
        HttpCall call = ForgejoWire.removeLabel(new LabelChange(KEY, "in-progress"), 42);
        assertThat(call.method()).isEqualTo("DELETE");
        assertThat(call.path()).isEqualTo("/repos/acme/widgets/issues/7/labels/42");
        assertThat(call.body()).isNull();
        assertThat(ForgejoWire.issueLabels(new LabelChange(KEY, "x")).path())
                .isEqualTo("/repos/acme/widgets/issues/7/labels");
    }

    @Test
    void creatingACommentIsNotIdempotentWhileEditingUsesTheNonDeprecatedPath() {
        HttpCall create = ForgejoWire.writeComment(new CommentWrite(KEY, null, "he said \"hi\"\n"));
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/repos/acme/widgets/issues/7/comments");
        assertThat(create.body()).isEqualTo("{\"body\":\"he said \\\"hi\\\"\\n\"}");
        assertThat(create.repeatable()).isFalse();
        HttpCall edit = ForgejoWire.writeComment(new CommentWrite(KEY, 99L, "v2"));
        assertThat(edit.method()).isEqualTo("PATCH");
        assertThat(edit.path()).isEqualTo("/repos/acme/widgets/issues/comments/99");
        assertThat(edit.repeatable()).isTrue();
    }

    @Test
    void closingPatchesStateClosedWithoutAStateReason() {
        HttpCall call = ForgejoWire.closeIssue(KEY);
        assertThat(call.method()).isEqualTo("PATCH");
        assertThat(call.path()).isEqualTo("/repos/acme/widgets/issues/7");
        assertThat(call.body()).isEqualTo("{\"state\":\"closed\"}");
    }

    @Test
    void theCommitLookupTakes404And422AsAnswersAndTheStatusReadIsUnpaged() {
        HttpCall commit = ForgejoWire.getCommit(new CommitRef(REPO, SHA));
        assertThat(commit.path()).isEqualTo("/repos/acme/widgets/git/commits/" + SHA);
        assertThat(commit.tolerates(404)).isTrue();
        assertThat(commit.tolerates(422)).isTrue();
        assertThat(commit.tolerates(500)).isFalse();
        HttpCall status = ForgejoWire.combinedStatus(new CommitRef(REPO, SHA), "ci-verdict");
        assertThat(status.path()).isEqualTo("/repos/acme/widgets/commits/" + SHA + "/status");
        assertThat(status.query()).isNull();
        assertThat(status.op()).isEqualTo("ci-verdict");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "main", "../../admin", "abc", "0123456789abcdef0123456789abcdef01234567/x", "zzzzzzz"})
    void aValueThatIsNotACommitIdNeverReachesAPath(String sha) {
        assertThat(ForgejoWire.isSha(sha)).isFalse();
        assertThatThrownBy(() -> ForgejoWire.combinedStatus(new CommitRef(REPO, sha), "ci-verdict"))
                .isInstanceOfSatisfying(AdapterFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.BAD_REQUEST));
    }

    @Test
    void ownerAndRepositoryNamesAreEncodedAsPathSegments() {
        HttpCall call = ForgejoWire.getIssue(new IssueKey(new RepoRef("my org", "wid#gets"), 1));
        assertThat(call.path()).isEqualTo("/repos/my%20org/wid%23gets/issues/1");
    }

    // ---- replies: issues ----

    @Test
    void anIssueIsParsedWithItsLabelsAuthorTimeAndUrl() {
        Issue issue = ForgejoWire.issue(ISSUE, KEY);
        assertThat(issue.key()).isEqualTo(KEY);
        assertThat(issue.title()).isEqualTo("Fix the frobnicator");
        assertThat(issue.body()).isEqualTo("It breaks.");
        assertThat(issue.labels()).containsExactlyInAnyOrder("ready-for-agent", "bug");
        assertThat(issue.author()).isEqualTo("alice");
        assertThat(issue.createdAt()).isEqualTo(Instant.parse("2025-06-11T08:00:00Z"));
        assertThat(issue.open()).isTrue();
        assertThat(issue.pullRequest()).as("pull_request: null is a plain issue").isFalse();
        assertThat(issue.htmlUrl()).isEqualTo("https://git.example/acme/widgets/issues/7");
    }

    @Test
    void aClosedIssueAndAPullRequestAreRecognised() {
        Issue closed = ForgejoWire.issue(ISSUE.replace("\"state\":\"open\"", "\"state\":\"closed\""), KEY);
        assertThat(closed.open()).isFalse();
        Issue pr = ForgejoWire.issue(ISSUE.replace("\"pull_request\":null", "\"pull_request\":{\"merged\":false}"),
                KEY);
        assertThat(pr.pullRequest()).isTrue();
    }

    @Test
    void theListKeepsOnlyOpenPlainIssuesThatReallyCarryTheLabel() throws Exception {
        String pr = ISSUE.replace("\"number\":7", "\"number\":8")
                .replace("\"pull_request\":null", "\"pull_request\":{\"merged\":false}");
        String closed = ISSUE.replace("\"number\":7", "\"number\":9").replace("\"state\":\"open\"",
                "\"state\":\"closed\"");
        String unlabelled = ISSUE.replace("\"number\":7", "\"number\":10").replace("ready-for-agent", "wontfix");
        ForgejoPaging listing = ForgejoWire.listIssues(new ListIssues(REPO, "ready-for-agent"), 10)
                .next(JSON.readTree("[" + ISSUE + "," + pr + "," + closed + "," + unlabelled + "]"), "4");
        assertThat(ForgejoWire.issues(listing, new ListIssues(REPO, "ready-for-agent")).issues())
                .extracting(i -> i.key().number()).containsExactly(7);
    }

    @Test
    void anIssueForAnotherNumberOrWithoutATimeIsMalformed() {
        assertThat(kind(() -> ForgejoWire.issue(ISSUE, new IssueKey(REPO, 8))))
                .isEqualTo(AdapterFailure.Kind.MALFORMED);
        assertThat(kind(() -> ForgejoWire.issue(ISSUE.replace("2025-06-11T10:00:00+02:00", "yesterday"), KEY)))
                .isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    @Test
    void aReplyThatIsNotJsonIsMalformed() {
        assertThat(kind(() -> ForgejoWire.parse("{\"number\": 7,", "get-issue")))
                .isEqualTo(AdapterFailure.Kind.MALFORMED);
        assertThat(kind(() -> ForgejoWire.issue("<html>502 Bad Gateway</html>", KEY)))
                .isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    // ---- replies: labels ----

    @Test
    void anAddedLabelMustBeInTheReturnedLabelsElseItIsRejectedByName() {
        String reply = "[{\"id\":12,\"name\":\"ready-for-agent\"},{\"id\":14,\"name\":\"in-progress\"}]";
        assertThat(ForgejoWire.addedLabels(reply, new LabelChange(KEY, "in-progress")))
                .containsExactlyInAnyOrder("ready-for-agent", "in-progress");
        assertThatThrownBy(() -> ForgejoWire.addedLabels(reply, new LabelChange(KEY, "in-progres")))
                .isInstanceOfSatisfying(AdapterFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.REJECTED);
                    assertThat(f.getMessage()).contains("'in-progres'");
                });
    }

    @Test
    void theIdToRemoveComesFromTheIssuesLabelsAndAbsentMeansNothingToDo() {
        String labels = "[{\"id\":12,\"name\":\"ready-for-agent\"},{\"id\":14,\"name\":\"in-progress\"}]";
        assertThat(ForgejoWire.labelId(labels, new LabelChange(KEY, "in-progress"))).isEqualTo(14L);
        assertThat(ForgejoWire.labelId(labels, new LabelChange(KEY, "ready-for-human"))).isNull();
        assertThat(ForgejoWire.labelsWithout(labels, new LabelChange(KEY, "in-progress")))
                .containsExactly("ready-for-agent");
        assertThat(kind(() -> ForgejoWire.labelId("{\"labels\":[]}", new LabelChange(KEY, "x"))))
                .isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    // ---- replies: comments ----

    @Test
    void theAfkCommentIsTheFirstCommentCarryingTheMarker() {
        String comments = """
                [{"id":1,"body":"looks good","user":{"login":"alice"}},
                 {"id":2,"body":"- [x] dispatched\\n<!-- afk:state {\\"attempt\\":1} -->"},
                 {"id":3,"body":"<!-- afk:state {\\"attempt\\":2} -->"}]""";
        assertThat(ForgejoWire.afkComment(comments)).isEqualTo(
                new AfkComment(2, "- [x] dispatched\n<!-- afk:state {\"attempt\":1} -->"));
        assertThat(ForgejoWire.afkComment("[{\"id\":1,\"body\":\"afk:state without the marker\"}]")).isNull();
        assertThat(ForgejoWire.afkComment("[]")).isNull();
    }

    @Test
    void aWrittenCommentIsReadFromTheReplyOrFromTheRequestOnA204() {
        CommentWrite edit = new CommentWrite(KEY, 5L, "v2");
        assertThat(ForgejoWire.writtenComment("{\"id\":5,\"body\":\"v2\"}", 200, edit)).isEqualTo(new AfkComment(5, "v2"));
        assertThat(ForgejoWire.writtenComment("", 204, edit)).isEqualTo(new AfkComment(5, "v2"));
        assertThat(kind(() -> ForgejoWire.writtenComment("{\"body\":\"no id\"}", 201,
                new CommentWrite(KEY, null, "x")))).isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    // ---- replies: timeline and commits ----

    static String entry(String type, String body, String label, String login, String at) {
        return "{\"type\":\"" + type + "\",\"body\":\"" + body + "\",\"label\":{\"name\":\"" + label
                + "\"},\"user\":{\"login\":\"" + login + "\"},\"created_at\":\"" + at + "\"}";
    }

    @Test
    void theLabelerIsTheUserOfTheLatestAdditionOfThatLabel() throws Exception {
        var entries = JSON.readTree("[" + String.join(",",
                entry("label", "1", "ready-for-agent", "alice", "2025-01-01T10:00:00Z"),
                entry("label", "", "ready-for-agent", "mallory", "2025-01-01T11:00:00Z"),
                entry("label", "1", "ready-for-agent", "bob", "2025-01-01T12:00:00Z"),
                entry("label", "1", "bug", "mallory", "2025-01-01T13:00:00Z"),
                entry("comment", "1", "ready-for-agent", "mallory", "2025-01-01T14:00:00Z"),
                entry("label", "", "ready-for-agent", "mallory", "2025-01-01T15:00:00Z")) + "]");
        ForgejoPaging timeline = ForgejoWire.timeline(new LabelerQuery(KEY, "ready-for-agent"), 10).next(entries, "6");
        assertThat(ForgejoWire.labeler(timeline, new LabelerQuery(KEY, "ready-for-agent"))).isEqualTo("bob");
        assertThat(ForgejoWire.labeler(timeline, new LabelerQuery(KEY, "ready-for-human"))).isNull();
    }

    @Test
    void atEqualTimesTheLaterTimelineEntryWins() throws Exception {
        var entries = JSON.readTree("[" + entry("label", "1", "x", "alice", "2025-01-01T10:00:00Z") + ","
                + entry("label", "1", "x", "bob", "2025-01-01T10:00:00Z") + "]");
        assertThat(ForgejoWire.labeler(List.copyOf(iterable(entries)), "x")).isEqualTo("bob");
    }

    static List<com.fasterxml.jackson.databind.JsonNode> iterable(com.fasterxml.jackson.databind.JsonNode a) {
        List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
        a.forEach(out::add);
        return out;
    }

    @Test
    void aCommitExistsOnlyWhenThe200CarriesTheSameSha() {
        CommitRef ref = new CommitRef(REPO, SHA);
        assertThat(ForgejoWire.commitExists("{\"sha\":\"" + SHA.toUpperCase() + "\"}", 200, ref)).isTrue();
        assertThat(ForgejoWire.commitExists("{\"sha\":\"" + "f".repeat(40) + "\"}", 200,
                new CommitRef(REPO, "0123456"))).as("a prefix resolving to another commit").isFalse();
        assertThat(ForgejoWire.commitExists("{\"message\":\"not found\"}", 404, ref)).isFalse();
        assertThat(ForgejoWire.commitExists("{\"message\":\"invalid\"}", 422, ref)).isFalse();
    }

    // ---- the reliability contract: item isolation, closed issues, history ----

    @Test
    void includeClosedAsksForStateAll() {
        assertThat(ForgejoWire.listIssues(new ListIssues(REPO, "in-progress", true), 10).call().query())
                .isEqualTo("state=all&type=issues&labels=in-progress&sort=oldest&limit=50&page=1");
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "labels     | {\"name\":\"ready-for-agent\"}       | 7  | labels is not a list",
            "labels     | [{\"name\":\"ready-for-agent\"},{\"id\":13}] | 7 | a label has no name",
            "number     | \"7\"                                  | -1 | the item has no issue number",
            "number     | -7                                     | -1 | the item has no issue number",
            "number     |                                        | -1 | the item has no issue number",
            "title      | null                                   | 7  | the title is missing or not text",
            "body       | [\"It breaks.\"]                       | 7  | the body is not text",
            "state      | \"opened\"                             | 7  | the state is neither open nor closed",
            "created_at | \"11 June 2025\"                       | 7  | created_at is not a time"})
    void aMalformedItemIsUnreadableWithAFixedReasonAndTheOthersAreListed(String field, String raw, long number,
            String why) throws Exception {
        var bad = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(ISSUE);
        if (raw == null) {
            bad.remove(field);
        } else {
            bad.set(field, JSON.readTree(raw));
        }
        String good = ISSUE.replace("\"number\":7", "\"number\":8");
        ForgejoPaging page = ForgejoWire.listIssues(new ListIssues(REPO, "ready-for-agent"), 10)
                .next(JSON.readTree("[" + good + "," + bad + "]"), "2");
        var listing = ForgejoWire.issues(page, new ListIssues(REPO, "ready-for-agent"));
        assertThat(listing.issues()).extracting(i -> i.key().number()).containsExactly(8);
        assertThat(listing.unreadable()).containsExactly(new dev.afk.adapter.UnreadableIssue(REPO, number, why));
        assertThat(kind(() -> ForgejoWire.issue(bad.toString(), KEY))).as("a single read still fails as a whole")
                .isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    @Test
    void anItemThatIsNotAnObjectIsUnreadableWithoutANumber() throws Exception {
        ForgejoPaging page = ForgejoWire.listIssues(new ListIssues(REPO, "ready-for-agent"), 10)
                .next(JSON.readTree("[" + ISSUE + ",\"#8 Secret\",null]"), "3");
        var listing = ForgejoWire.issues(page, new ListIssues(REPO, "ready-for-agent"));
        assertThat(listing.issues()).hasSize(1);
        assertThat(listing.unreadable()).extracting(u -> u.number() + " " + u.why())
                .containsExactly("-1 the item is not an object", "-1 the item is not an object");
    }

    @Test
    void compareAsksForBaseDotDotDotShaAndTakes404AsAnAnswer() {
        String base = "b".repeat(40);
        HttpCall call = ForgejoWire.compare(new CommitRef(REPO, SHA, base));
        assertThat(call.path()).isEqualTo("/repos/acme/widgets/compare/" + base + "..." + SHA);
        assertThat(call.query()).isNull();
        assertThat(call.tolerates(404)).isTrue();
        assertThat(kind(() -> ForgejoWire.compare(new CommitRef(REPO, SHA, "main..x"))))
                .isEqualTo(AdapterFailure.Kind.BAD_REQUEST);
    }

    @Test
    void aCommitIsNewOnlyWhenTheComparisonHasCommits() {
        assertThat(ForgejoWire.aheadOfBase("{\"total_commits\":2,\"commits\":[{},{}]}", 200)).isTrue();
        assertThat(ForgejoWire.aheadOfBase("{\"commits\":[{}]}", 200)).isTrue();
        assertThat(ForgejoWire.aheadOfBase("{\"total_commits\":0,\"commits\":[]}", 200)).isFalse();
        assertThat(ForgejoWire.aheadOfBase("{\"message\":\"not found\"}", 404)).isFalse();
        assertThat(kind(() -> ForgejoWire.aheadOfBase("{\"message\":\"hm\"}", 200)))
                .isEqualTo(AdapterFailure.Kind.MALFORMED);
        assertThat(ForgejoWire.commitExists("{\"sha\":\"" + SHA + "\"}", 200, new CommitRef(REPO, SHA, SHA)))
                .as("the base is not new relative to itself").isFalse();
        assertThat(ForgejoWire.needsCompare(true, new CommitRef(REPO, SHA, "b".repeat(40)))).isTrue();
        assertThat(ForgejoWire.needsCompare(true, new CommitRef(REPO, SHA))).isFalse();
        assertThat(ForgejoWire.needsCompare(false, new CommitRef(REPO, SHA, "b".repeat(40)))).isFalse();
    }

    @Test
    void theDefaultHeadIsReadFromTheDefaultBranchAndAnEmptyRepositoryHasNone() {
        HttpCall branch = ForgejoWire.defaultBranch("{\"default_branch\":\"release/1 x\",\"empty\":false}",
                REPO);
        assertThat(branch.path()).as("slashes kept, the rest encoded")
                .isEqualTo("/repos/acme/widgets/branches/release/1%20x");
        assertThat(branch.tolerates(404)).isTrue();
        assertThat(ForgejoWire.defaultBranch("{\"default_branch\":\"main\",\"empty\":true}", REPO)).isNull();
        assertThat(kind(() -> ForgejoWire.defaultBranch("[]", REPO))).isEqualTo(AdapterFailure.Kind.MALFORMED);
        assertThat(ForgejoWire.branchHead("{\"name\":\"main\",\"commit\":{\"id\":\"" + SHA + "\"}}", 200))
                .isEqualTo(SHA);
        assertThat(ForgejoWire.branchHead("{\"message\":\"not found\"}", 404)).isNull();
        assertThat(kind(() -> ForgejoWire.branchHead("{\"commit\":{\"sha\":\"" + SHA + "\"}}", 200)))
                .as("a branch's commit names its SHA id").isEqualTo(AdapterFailure.Kind.MALFORMED);
    }

    static AdapterFailure.Kind kind(Runnable r) {
        try {
            r.run();
        } catch (AdapterFailure f) {
            return f.kind();
        }
        throw new AssertionError("no AdapterFailure");
    }

    // ---- list-comments ----

    @Test
    void theCommentListAsksForSinceToTheSecondWithoutPaging() {
        HttpCall call = ForgejoWire.listComments(new dev.afk.adapter.CommentQuery(KEY,
                Instant.parse("2025-06-11T08:00:00.750Z")));
        assertThat(call.path()).isEqualTo("/repos/acme/widgets/issues/7/comments");
        assertThat(call.query()).isEqualTo("since=2025-06-11T08%3A00%3A00Z");
        assertThat(ForgejoWire.listComments(new dev.afk.adapter.CommentQuery(KEY, null)).query()).isNull();
    }

    @Test
    void commentsAreReadExactlySinceOnTheCreatedTimeAndSystemUsersAndMigratedOnesAreBots() {
        String body = """
                [{"id":9,"user":{"id":3,"login":"alice"},"original_author":"","body":"/afk stop",
                  "created_at":"2025-06-11T10:00:01+02:00","updated_at":"2025-06-11T10:00:01+02:00"},
                 {"id":5,"user":{"id":3,"login":"alice"},"original_author":"","body":"old, edited",
                  "created_at":"2025-06-11T09:00:00+02:00","updated_at":"2025-06-11T10:30:00+02:00"},
                 {"id":11,"user":{"id":-2,"login":"forgejo-actions"},"original_author":"","body":"ci",
                  "created_at":"2025-06-11T10:00:02+02:00","updated_at":"2025-06-11T10:00:02+02:00"},
                 {"id":12,"user":{"id":4,"login":"migrator"},"original_author":"octocat","body":"imported",
                  "created_at":"2025-06-11T10:00:03+02:00","updated_at":"2025-06-11T10:00:03+02:00"},
                 {"id":13,"user":null,"body":"nobody","created_at":"2025-06-11T10:00:04+02:00"}]""";
        var q = new dev.afk.adapter.CommentQuery(KEY, Instant.parse("2025-06-11T08:00:01Z"));
        assertThat(ForgejoWire.comments(body, q)).extracting(c -> c.id() + ":" + c.author() + ":" + c.bot())
                .containsExactly("9:alice:false", "11:forgejo-actions:true", "12:migrator:true", "13::true");
        assertThat(ForgejoWire.comments(body, q).get(0).createdAt()).isEqualTo(Instant.parse("2025-06-11T08:00:01Z"));
    }

    @Test
    void aCommentWithoutATimeOrIdFailsTheReadAsMalformed() {
        var q = new dev.afk.adapter.CommentQuery(KEY, null);
        assertThatThrownBy(() -> ForgejoWire.comments("[{\"id\":1,\"body\":\"x\"}]", q))
                .isInstanceOfSatisfying(AdapterFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
                    assertThat(f.operation()).isEqualTo("list-comments");
                });
        assertThatThrownBy(() -> ForgejoWire.comments("[{\"body\":\"x\",\"created_at\":\"2025-06-11T10:00:00Z\"}]", q))
                .isInstanceOf(AdapterFailure.class);
        assertThatThrownBy(() -> ForgejoWire.comments("{}", q)).isInstanceOf(AdapterFailure.class);
    }

    // ---- permission ----

    @Test
    void thePermissionIsNormalizedAndFailsClosed() {
        var q = new dev.afk.adapter.PermissionQuery(REPO, "wes");
        assertThat(ForgejoWire.permission(q).path()).isEqualTo("/repos/acme/widgets/collaborators/wes/permission");
        assertThat(ForgejoWire.permission(q).tolerates(404)).isTrue();
        assertThat(ForgejoWire.permissionLevel("{\"permission\":\"owner\",\"role_name\":\"owner\"}", 200, q))
                .isEqualTo("admin");
        assertThat(ForgejoWire.permissionLevel("{\"permission\":\"admin\"}", 200, q)).isEqualTo("admin");
        assertThat(ForgejoWire.permissionLevel("{\"permission\":\"write\"}", 200, q)).isEqualTo("write");
        assertThat(ForgejoWire.permissionLevel("{\"permission\":\"read\"}", 200, q)).isEqualTo("read");
        assertThat(ForgejoWire.permissionLevel("{\"permission\":\"none\"}", 200, q)).isEqualTo("none");
        assertThat(ForgejoWire.permissionLevel("{\"permission\":\"superuser\"}", 200, q)).as("unknown").isEqualTo("none");
        assertThat(ForgejoWire.permissionLevel("{}", 200, q)).isEqualTo("none");
        assertThat(ForgejoWire.permissionLevel("{\"message\":\"user does not exist\"}", 404, q)).isEqualTo("none");
        assertThatThrownBy(() -> ForgejoWire.permissionLevel("{\"message\":\"Only admins…\"}", 403, q))
                .isInstanceOfSatisfying(AdapterFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.AUTH));
        assertThatThrownBy(() -> ForgejoWire.permissionLevel("[]", 200, q)).isInstanceOf(AdapterFailure.class);
        assertThatThrownBy(() -> ForgejoWire.permission(new dev.afk.adapter.PermissionQuery(REPO, " ")))
                .isInstanceOfSatisfying(AdapterFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.BAD_REQUEST));
        assertThat(ForgejoWire.permission(new dev.afk.adapter.PermissionQuery(REPO, "a/b c")).path())
                .isEqualTo("/repos/acme/widgets/collaborators/a%2Fb%20c/permission");
    }
}
