package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AfkComment;
import dev.afk.adapter.CommentQuery;
import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.CommitRef;
import dev.afk.adapter.IssueCreate;
import dev.afk.adapter.IssueListing;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.LabelerQuery;
import dev.afk.adapter.ListClosed;
import dev.afk.adapter.ListIssues;
import dev.afk.adapter.PermissionQuery;
import dev.afk.adapter.TrackerDialects;
import dev.afk.adapter.TrackerOp;
import dev.afk.adapter.UnreadableIssue;
import dev.afk.core.CheckEvidence;
import dev.afk.core.CiVerdict;
import dev.afk.core.Config;
import dev.afk.core.DeployVerdict;
import dev.afk.core.Issue;
import dev.afk.core.IssueComment;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimRequest;
import dev.afk.sim.SimServer;
import dev.afk.sim.TrackerModel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The tracker contract's shared meanings ({@link TrackerOp}), written once and run against every dialect: the real
 * {@code routes/tracker-<dialect>.camel.yaml} in Camel Main over loopback HTTP against the dialect's simulator,
 * state seeded in and effects read from the simulator's {@link TrackerModel}. A subclass only starts its simulator
 * and names its properties. Every call goes through {@link #call}, which also checks the op's message types.
 *
 * <p>Kept out on purpose, because the dialects differ (their own suites test them): what Forgejo does with an
 * unknown label on add (REJECTED) and GitHub (creates it); a commit with no history in common with the base
 * (GitHub's compare is 404 → false, Forgejo's answers its commits → true); GitHub's check runs and Deployments
 * API; a SHA prefix; request shapes (paths, queries, page sizes, ETags, rate limits). Retries and the failure
 * counter are the kernel's, the same for every system (AdapterFailuresCountedOnceTest).
 */
abstract class TrackerContractTest extends RouteTestSupport {

    static final String TOKEN = "contract-test-token-7e11a";
    static final String BOT = "afk-bot";
    static final String DEPLOY = "deploy/production";
    static final String MARKER = "- [x] dispatched\n<!-- afk:state {\"attempt\":1} -->";

    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C = "c".repeat(40);
    static final String D = "d".repeat(40);
    static final String UNKNOWN = "f".repeat(40);

    String repo;

    // ---- what a dialect supplies ----

    /** The dialect under test; a constant (it is asked from the constructor, before any field is set). */
    abstract Config.Tracker dialect();

    abstract TrackerModel model();

    abstract SimServer simulator();

    /** The dialect's own properties: its URL, token file and fast retry tunables. */
    abstract void configureDialect(Properties p);

    /** How many items one page of a paged read holds in these tests. */
    abstract int pageSize();

    /** Puts the simulator's own settings (page size, rate limit) back before every test. */
    void resetSimulator() {
    }

    // ---- set-up ----

    @Override
    final List<String> routeFiles() {
        return List.of(TrackerDialects.routeFile(dialect()).replace(".camel.yaml", ""));
    }

    @Override
    protected final void configure(Properties p) {
        p.put("afk.tracker", TrackerDialects.id(dialect()));
        p.put("afk.tracker-login", BOT);
        p.put("afk.deploy-context", DEPLOY);
        p.put("afk.http-connect-timeout-ms", "1000");
        p.put("afk.http-response-timeout-ms", "1500");
        configureDialect(p);
    }

    @BeforeEach
    void freshRepo(TestInfo info) {
        repo = "acme/contract-" + info.getTestMethod().orElseThrow().getName();
        model().createRepo(repo, "ready-for-agent", "in-progress", "ready-for-human", "bug");
        simulator().clearRequests();
        simulator().clearFaults();
        simulator().clearViolations();
        resetSimulator();
    }

    @AfterEach
    void noContractViolations() {
        assertThat(simulator().violations()).isEmpty();
    }

    // ---- helpers ----

    String id() {
        return TrackerDialects.id(dialect());
    }

    RepoRef repoRef() {
        return RepoRef.parse(repo);
    }

    IssueKey key(int number) {
        return new IssueKey(repoRef(), number);
    }

    /** Calls the dialect's op, checking the body is the op's request type and the answer its result type. */
    @SuppressWarnings("unchecked")
    <T> T call(TrackerOp op, Object body) {
        assertThat(body).as(op.suffix() + " takes " + op.request().getSimpleName()).isInstanceOf(op.request());
        Object out = template.requestBody(TrackerDialects.endpoint(dialect(), op), body);
        if (op.result() == Void.class) {
            assertThat(out).as(op.suffix() + " answers nothing").isNull();
        } else if (out != null) {
            assertThat(out).as(op.suffix() + " answers " + op.result().getSimpleName()).isInstanceOf(op.result());
        }
        return (T) out;
    }

    AdapterFailure failure(TrackerOp op, Object body) {
        return failureOf(() -> template.requestBody(TrackerDialects.endpoint(dialect(), op), body));
    }

    Set<String> labels(TrackerOp op, int number, String label) {
        return call(op, new LabelChange(key(number), label));
    }

    IssueListing listing(String label, boolean includeClosed) {
        return call(TrackerOp.LIST_ISSUES, new ListIssues(repoRef(), label, includeClosed));
    }

    Set<String> modelLabels(int number) {
        return model().issue(repo, number).orElseThrow().labels();
    }

    /** This test's listing requests: GETs of {@code …/repos/<repo>/issues}, whatever the dialect's path prefix. */
    List<SimRequest> listRequests() {
        return simulator().requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/repos/" + repo + "/issues")).toList();
    }

    // ---- labels ----

    @Test
    void addAndRemoveChangeTheIssuesLabelsAndAnswerTheLabelsNowOnIt() {
        model().createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        assertThat(labels(TrackerOp.ADD_LABEL, 1, "in-progress")).containsExactlyInAnyOrder("ready-for-agent",
                "in-progress");
        assertThat(modelLabels(1)).containsExactlyInAnyOrder("ready-for-agent", "in-progress");
        assertThat(model().labelEvents(repo, 1)).last().satisfies(e -> {
            assertThat(e.label()).isEqualTo("in-progress");
            assertThat(e.added()).isTrue();
            assertThat(e.actor()).as("AFK's own login").isEqualTo(BOT);
        });
        assertThat(labels(TrackerOp.REMOVE_LABEL, 1, "ready-for-agent")).containsExactly("in-progress");
        assertThat(modelLabels(1)).containsExactly("in-progress");
    }

    @Test
    void removingALabelThatIsNotOnTheIssueSucceedsWithTheCurrentLabelsAndChangesNothing() {
        model().createIssue(repo, "t", "", "alice", false, "in-progress");
        int events = model().labelEvents(repo, 1).size();
        assertThat(labels(TrackerOp.REMOVE_LABEL, 1, "ready-for-agent")).as("a repo label, not on the issue")
                .containsExactly("in-progress");
        assertThat(labels(TrackerOp.REMOVE_LABEL, 1, "no-such-label")).as("not even a repo label")
                .containsExactly("in-progress");
        assertThat(modelLabels(1)).containsExactly("in-progress");
        assertThat(model().labelEvents(repo, 1)).hasSize(events);
    }

    @Test
    void aLabelChangeOnAMissingIssueIsNotFound() {
        assertThat(failure(TrackerOp.REMOVE_LABEL, new LabelChange(key(99), "in-progress")).kind())
                .isEqualTo(AdapterFailure.Kind.NOT_FOUND);
        assertThat(failure(TrackerOp.ADD_LABEL, new LabelChange(key(99), "in-progress")).kind())
                .isEqualTo(AdapterFailure.Kind.NOT_FOUND);
    }

    @Test
    void addingALabelTwiceLeavesItOnceAddedOnce() {
        model().createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        assertThat(labels(TrackerOp.ADD_LABEL, 1, "in-progress")).containsExactlyInAnyOrder("ready-for-agent",
                "in-progress");
        assertThat(labels(TrackerOp.ADD_LABEL, 1, "in-progress")).containsExactlyInAnyOrder("ready-for-agent",
                "in-progress");
        assertThat(modelLabels(1)).containsExactlyInAnyOrder("ready-for-agent", "in-progress");
        assertThat(model().labelEvents(repo, 1)).filteredOn(e -> e.label().equals("in-progress"))
                .singleElement().satisfies(e -> assertThat(e.added()).isTrue());
    }

    // ---- the AFK comment ----

    @Test
    void writingTheAfkCommentTwiceEditsItInPlace() {
        model().createIssue(repo, "t", "", "alice", false);
        AfkComment created = call(TrackerOp.WRITE_AFK_COMMENT, new CommentWrite(key(1), null, "v1"));
        assertThat(model().comments(repo, 1)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(created.id());
            assertThat(c.body()).isEqualTo("v1");
            assertThat(c.user()).isEqualTo(BOT);
        });
        AfkComment edited = call(TrackerOp.WRITE_AFK_COMMENT, new CommentWrite(key(1), created.id(), "v2"));
        assertThat(edited).isEqualTo(new AfkComment(created.id(), "v2"));
        assertThat(model().comments(repo, 1)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(created.id());
            assertThat(c.body()).isEqualTo("v2");
        });
    }

    @Test
    void findAfkCommentIsNullUntilWrittenThenReturnsItBehindAnyNumberOfOtherComments() {
        model().createIssue(repo, "t", "", "alice", false);
        assertThat(this.<Object>call(TrackerOp.FIND_AFK_COMMENT, key(1))).isNull();
        IntStream.range(0, 2 * pageSize() + 1).forEach(i -> model().addComment(repo, 1, "chatter " + i, "alice"));
        model().addComment(repo, 1, "pasted: " + MARKER, "mallory");
        assertThat(this.<Object>call(TrackerOp.FIND_AFK_COMMENT, key(1))).as("a marker someone else wrote").isNull();

        AfkComment written = call(TrackerOp.WRITE_AFK_COMMENT, new CommentWrite(key(1), null, MARKER));
        assertThat((AfkComment) call(TrackerOp.FIND_AFK_COMMENT, key(1))).isEqualTo(written);

        AfkComment edited = call(TrackerOp.WRITE_AFK_COMMENT, new CommentWrite(key(1), written.id(), MARKER + "\n"));
        assertThat((AfkComment) call(TrackerOp.FIND_AFK_COMMENT, key(1))).isEqualTo(edited);
    }

    // ---- list-comments ----

    List<IssueComment> comments(int number, Instant since) {
        return call(TrackerOp.LIST_COMMENTS, new CommentQuery(key(number), since));
    }

    List<SimRequest> commentRequests(int number) {
        return simulator().requests().stream().filter(r -> r.method().equals("GET")
                && r.path().endsWith("/repos/" + repo + "/issues/" + number + "/comments")).toList();
    }

    @Test
    void listCommentsReturnsEveryCommentOfEveryPageOldestFirstAfksOwnWithItsAuthor() {
        model().createIssue(repo, "t", "", "alice", false);
        int n = 2 * pageSize() + 1;
        IntStream.range(0, n).forEach(i -> model().addComment(repo, 1, "comment " + i, i % 2 == 0 ? "alice" : "bob"));
        AfkComment own = call(TrackerOp.WRITE_AFK_COMMENT, new CommentWrite(key(1), null, MARKER));

        List<IssueComment> all = comments(1, null);

        assertThat(all).hasSize(n + 1);
        assertThat(all).extracting(IssueComment::body).startsWith("comment 0", "comment 1").endsWith(MARKER);
        assertThat(all).extracting(IssueComment::id).isSorted();
        assertThat(all).extracting(IssueComment::createdAt).isSorted();
        assertThat(all.get(1).author()).isEqualTo("bob");
        assertThat(all).last().satisfies(c -> {
            assertThat(c.id()).isEqualTo(own.id());
            assertThat(c.author()).as("AFK's own comment, named so callers can leave it out").isEqualTo(BOT);
            assertThat(c.bot()).as("AFK's login is an account like a person's").isFalse();
        });
        assertThat(all).filteredOn(c -> !c.author().equals(BOT)).allSatisfy(c -> assertThat(c.bot()).isFalse());
        assertThat(commentRequests(1)).as("read to the last page").hasSizeGreaterThanOrEqualTo(dialect()
                == Config.Tracker.GITHUB ? 3 : 1);
    }

    @Test
    void sinceKeepsExactlyTheCommentsCreatedAtOrAfterItEvenWhenAnOlderOneWasEditedSince() {
        model().createIssue(repo, "t", "", "alice", false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TrackerModel.Comment old = model().addComment(repo, 1, "old", "alice", now.minusSeconds(600)).orElseThrow();
        model().addComment(repo, 1, "before", "bob", now.minusSeconds(121));
        model().addComment(repo, 1, "at since", "bob", now.minusSeconds(120));
        model().addComment(repo, 1, "after", "carol", now.minusSeconds(60));
        model().editComment(repo, old.id(), "old, edited now"); // updated after since: the trackers list it again

        assertThat(comments(1, now.minusSeconds(120))).extracting(IssueComment::body)
                .containsExactly("at since", "after");
        assertThat(comments(1, now.minusSeconds(120).plusMillis(500))).as("to the millisecond")
                .extracting(IssueComment::body).containsExactly("after");
        assertThat(comments(1, now.plusSeconds(60))).isEmpty();
        assertThat(comments(1, null)).hasSize(4);
        assertThat(commentRequests(1)).extracting(SimRequest::query).as("since is passed to the tracker")
                .anySatisfy(q -> assertThat(q).contains("since=" + now.minusSeconds(120).toString()
                        .replace(":", "%3A")));
    }

    @Test
    void aBotsCommentIsFlaggedAndAPersonsIsNot() {
        model().createIssue(repo, "t", "", "alice", false);
        model().markBot("ci-helper");
        model().addComment(repo, 1, "/afk stop", "ci-helper");
        model().addComment(repo, 1, "/afk stop", "alice");
        model().addComment(repo, 1, "bump", "renovate[bot]");

        assertThat(comments(1, null)).extracting(c -> c.author() + ":" + c.bot())
                .containsExactly("ci-helper:true", "alice:false", "renovate[bot]:true");
    }

    @Test
    void theCommentsOfAMissingIssueAreNotFound() {
        AdapterFailure f = failure(TrackerOp.LIST_COMMENTS, new CommentQuery(key(99), null));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.NOT_FOUND);
        assertThat(f.operation()).isEqualTo("list-comments");
    }

    // ---- permission ----

    String level(String login) {
        return call(TrackerOp.PERMISSION, new PermissionQuery(repoRef(), login));
    }

    @Test
    void permissionIsTheUsersLevelNormalizedAndAUserTheTrackerDoesNotKnowIsNone() {
        model().setRole(repo, BOT, "admin"); // Forgejo answers a repository admin only (its own suite shows the 403)
        model().setRole(repo, "olivia", "owner");
        model().setRole(repo, "ada", "admin");
        model().setRole(repo, "wes", "write");
        model().setRole(repo, "rita", "read");
        model().addUser("pat"); // exists, no collaborator

        assertThat(level("olivia")).isEqualTo("admin");
        assertThat(level("ada")).isEqualTo("admin");
        assertThat(level("wes")).isEqualTo("write");
        assertThat(level("WES")).as("logins are case-insensitive").isEqualTo("write");
        assertThat(level("rita")).isEqualTo("read");
        assertThat(level("pat")).as("no collaborator, public repository").isEqualTo("read");
        assertThat(level("no-such-user-anywhere")).as("unknown to the tracker (404)").isEqualTo("none");
        model().setPrivate(repo, true);
        assertThat(level("pat")).as("no collaborator, private repository").isEqualTo("none");
        assertThat(level("wes")).isEqualTo("write");
        model().setRole(repo, "wes", null);
        assertThat(level("wes")).as("no longer a collaborator").isEqualTo("none");
    }

    // ---- open and closed ----

    @Test
    void aClosedIssueReadsClosedInGetIssueAndInAListingThatIncludesClosedOnes() {
        model().createIssue(repo, "running", "", "alice", false, "in-progress");
        model().createIssue(repo, "done", "", "alice", false, "in-progress");
        model().createIssue(repo, "closed, other label", "", "alice", false, "bug");
        model().setOpen(repo, 3, false, null);

        assertThat(this.<Object>call(TrackerOp.CLOSE_ISSUE, key(2))).isNull();

        assertThat(model().issue(repo, 2).orElseThrow().open()).isFalse();
        assertThat(((Issue) call(TrackerOp.GET_ISSUE, key(2))).open()).isFalse();
        assertThat(((Issue) call(TrackerOp.GET_ISSUE, key(1))).open()).isTrue();
        assertThat(listing("in-progress", true).issues()).extracting(i -> i.key().number() + ":" + i.open())
                .containsExactlyInAnyOrder("1:true", "2:false");
        assertThat(listing("in-progress", false).issues()).extracting(i -> i.key().number()).containsExactly(1);
    }

    @Test
    void createIssueOpensOneIssueWithTitleBodyAndLabelAndAnswersIt() {
        model().ensureLabel(repo, "afk-hold");
        model().createIssue(repo, "an older issue", "", "alice", false, "bug");

        Issue created = call(TrackerOp.CREATE_ISSUE, new IssueCreate(repoRef(), "AFK hold: main is red",
                "<!-- afk:hold kind=red-main repo=" + repo + " -->\nthe evidence", "afk-hold"));

        assertThat(created.key()).isEqualTo(key(2));
        assertThat(created.open()).isTrue();
        assertThat(created.labels()).contains("afk-hold");
        assertThat(created.title()).isEqualTo("AFK hold: main is red");
        TrackerModel.Issue stored = model().issue(repo, 2).orElseThrow();
        assertThat(stored.labels()).containsExactly("afk-hold");
        assertThat(stored.body()).startsWith("<!-- afk:hold kind=red-main");
        assertThat(stored.author()).as("opened as AFK's login").isEqualTo(BOT);
        assertThat(listing("afk-hold", false).issues()).extracting(Issue::key).containsExactly(key(2));
        assertThat(simulator().requests().stream().filter(r -> r.method().equals("POST")
                && r.path().endsWith("/repos/" + repo + "/issues"))).as("one POST, never repeated").hasSize(1);
    }

    @Test
    void createIssueInAMissingRepositoryIsNotFound() {
        AdapterFailure f = failure(TrackerOp.CREATE_ISSUE, new IssueCreate(RepoRef.parse("acme/no-such-repo"), "t",
                "", "afk-hold"));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.NOT_FOUND);
    }

    @Test
    void getIssueReadsTheIssueAndAMissingOneIsNotFound() {
        model().createIssue(repo, "first", "the text", "alice", false, "in-progress", "bug");
        Issue i = call(TrackerOp.GET_ISSUE, key(1));
        assertThat(i.key()).isEqualTo(key(1));
        assertThat(i.title()).isEqualTo("first");
        assertThat(i.body()).isEqualTo("the text");
        assertThat(i.author()).isEqualTo("alice");
        assertThat(i.labels()).containsExactlyInAnyOrder("in-progress", "bug");
        assertThat(i.open()).isTrue();
        assertThat(i.htmlUrl()).endsWith(repo + "/issues/1");

        AdapterFailure f = failure(TrackerOp.GET_ISSUE, key(99));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.NOT_FOUND);
        assertThat(f.system()).isEqualTo(id());
        assertThat(f.operation()).isEqualTo("get-issue");
    }

    // ---- listing ----

    @Test
    void listIssuesReturnsEveryLabelledOpenIssueOfEveryPageAndNoPullRequest() {
        int n = 2 * pageSize() + 1;
        for (int i = 1; i <= n; i++) {
            model().createIssue(repo, "issue " + i, "body " + i, "alice", false, "ready-for-agent");
        }
        model().createIssue(repo, "a pull request", "", "alice", true, "ready-for-agent");
        model().createIssue(repo, "closed", "", "alice", false, "ready-for-agent");
        model().setOpen(repo, n + 2, false, null);
        model().createIssue(repo, "other label", "", "alice", false, "bug");

        List<Issue> issues = listing("ready-for-agent", false).issues();

        assertThat(issues).extracting(i -> i.key().number())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
        assertThat(issues).allSatisfy(i -> {
            assertThat(i.open()).isTrue();
            assertThat(i.pullRequest()).isFalse();
            assertThat(i.labels()).containsExactly("ready-for-agent");
            assertThat(i.title()).isEqualTo("issue " + i.key().number());
            assertThat(i.body()).isEqualTo("body " + i.key().number());
            assertThat(i.author()).isEqualTo("alice");
        });
        assertThat(listRequests()).as("more than one page was read").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void anUnreadableItemIsReportedAndTheOtherIssuesAreStillListed() {
        for (int i = 1; i <= 3; i++) {
            model().createIssue(repo, "issue " + i, "", "alice", false, "ready-for-agent");
        }
        model().corruptIssueField(repo, 2, "labels", "{\"id\":1,\"name\":\"ready-for-agent\"}");

        IssueListing l = listing("ready-for-agent", false);

        assertThat(l.issues()).extracting(i -> i.key().number()).containsExactlyInAnyOrder(1, 3);
        assertThat(l.unreadable()).containsExactly(new UnreadableIssue(repoRef(), 2, "labels is not a list"));
        assertThat(counted("afk.tracker.unreadable.items", "tracker", id())).isEqualTo(1.0);
        assertThat(counted("afk.adapter.failures", "system", id(), "kind", "MALFORMED")).isZero();
    }

    @Test
    void anItemWithoutANumberIsUnreadableAsMinusOneAndItsTextIsNeverTheReason() {
        model().createIssue(repo, "fine", "", "alice", false, "ready-for-agent");
        model().createIssue(repo, "Secret title", "", "alice", false, "ready-for-agent");
        model().corruptIssueField(repo, 2, "number", null);

        IssueListing l = listing("ready-for-agent", false);

        assertThat(l.issues()).extracting(Issue::title).containsExactly("fine");
        assertThat(l.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.number()).isEqualTo(-1L);
            assertThat(u.why()).doesNotContain("Secret");
        });
    }

    @Test
    void aMalformedPullRequestIsNotAnIssueAndNotReportedEither() {
        model().createIssue(repo, "issue", "", "alice", false, "ready-for-agent");
        model().createIssue(repo, "a pull request", "", "alice", true, "ready-for-agent");
        model().corruptIssueField(repo, 2, "labels", "\"ready-for-agent\"");

        IssueListing l = listing("ready-for-agent", false);

        assertThat(l.issues()).extracting(i -> i.key().number()).containsExactly(1);
        assertThat(l.unreadable()).isEmpty();
    }

    @Test
    void aPageThatIsNotAListFailsTheWholeListingAsMalformed() {
        simulator().inject(SimFault.reply("GET", ".*/repos/[^/]+/[^/]+/issues", 200, "{\"message\":\"not a list\"}", -1)
                .withHeaders(Map.of("Content-Type", "application/json")));
        AdapterFailure f = failure(TrackerOp.LIST_ISSUES, new ListIssues(repoRef(), "ready-for-agent"));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
        assertThat(f.system()).isEqualTo(id());
        assertThat(f.operation()).isEqualTo("list-issues");
    }

    // ---- list-closed ----

    IssueListing closed(Instant since, int max) {
        return call(TrackerOp.LIST_CLOSED, new ListClosed(repoRef(), since, max));
    }

    @Test
    void listClosedAnswersTheClosedIssuesWhateverTheirLabelsNewestUpdateFirstAndNoPullRequest() {
        model().createIssue(repo, "open", "", "alice", false, "ready-for-agent");
        model().createIssue(repo, "closed with a label", "", "alice", false, "bug");
        model().createIssue(repo, "closed without a label", "", "alice", false);
        model().createIssue(repo, "a closed pull request", "", "alice", true);
        model().createIssue(repo, "closed too", "", "alice", false, "ready-for-human");
        for (int n : new int[] {3, 4, 5, 2}) {
            model().setOpen(repo, n, false, null);
        }

        IssueListing l = closed(Instant.now().minus(1, ChronoUnit.HOURS), 50);

        assertThat(l.issues()).extracting(i -> i.key().number()).as("newest update first").containsExactly(2, 5, 3);
        assertThat(l.issues()).allSatisfy(i -> {
            assertThat(i.open()).isFalse();
            assertThat(i.pullRequest()).isFalse();
        });
        assertThat(l.issues().get(0).title()).isEqualTo("closed with a label");
        assertThat(l.unreadable()).isEmpty();
        assertThat(listRequests()).singleElement().satisfies(r -> assertThat(r.query()).contains("state=closed",
                "since="));
    }

    @Test
    void listClosedLeavesOutWhatWasLastUpdatedBeforeSince() {
        model().createIssue(repo, "closed", "", "alice", false);
        model().setOpen(repo, 1, false, null);

        assertThat(closed(Instant.now().plus(1, ChronoUnit.HOURS), 50).issues()).isEmpty();
        assertThat(closed(Instant.now().minus(1, ChronoUnit.HOURS), 50).issues()).hasSize(1);
    }

    @Test
    void listClosedReadsOnlyThePagesItsMaxNeeds() {
        int n = 2 * pageSize() + 1;
        for (int i = 1; i <= n; i++) {
            model().createIssue(repo, "issue " + i, "", "alice", false);
            model().setOpen(repo, i, false, null);
        }

        IssueListing l = closed(Instant.now().minus(1, ChronoUnit.HOURS), pageSize() + 1);

        assertThat(l.issues()).extracting(i -> i.key().number()).as("the newest max, newest first")
                .containsExactlyElementsOf(IntStream.iterate(n, i -> i - 1).limit(pageSize() + 1L).boxed().toList());
        assertThat(listRequests()).as("two pages, not three").hasSize(2);
    }

    // ---- labeler ----

    @Test
    void theLabelerIsWhoeverAddedTheLabelLastNotWhoRemovedItNorWhoAddedAnother() {
        model().createIssue(repo, "t", "", "alice", false, "ready-for-agent");
        LabelerQuery ready = new LabelerQuery(key(1), "ready-for-agent");
        assertThat((String) call(TrackerOp.LABELER, ready)).as("added at creation").isEqualTo("alice");
        model().removeLabel(repo, 1, "ready-for-agent", "mallory");
        assertThat((String) call(TrackerOp.LABELER, ready)).as("a removal is not an addition").isEqualTo("alice");
        model().addLabel(repo, 1, "ready-for-agent", "bob");
        model().addLabel(repo, 1, "bug", "mallory");
        assertThat((String) call(TrackerOp.LABELER, ready)).isEqualTo("bob");
        assertThat(this.<Object>call(TrackerOp.LABELER, new LabelerQuery(key(1), "in-progress"))).as("never added")
                .isNull();
        call(TrackerOp.ADD_LABEL, new LabelChange(key(1), "in-progress"));
        assertThat((String) call(TrackerOp.LABELER, new LabelerQuery(key(1), "in-progress"))).isEqualTo(BOT);
    }

    @Test
    void theLabelerIsFoundBehindMorePagesOfLabelHistoryThanOne() {
        model().createIssue(repo, "t", "", "alice", false);
        for (int i = 0; i <= pageSize(); i++) { // 2 × (page + 1) label events on another label
            model().addLabel(repo, 1, "bug", "mallory");
            model().removeLabel(repo, 1, "bug", "mallory");
        }
        LabelerQuery ready = new LabelerQuery(key(1), "ready-for-agent");
        assertThat(this.<Object>call(TrackerOp.LABELER, ready)).isNull();
        model().addLabel(repo, 1, "ready-for-agent", "carol");
        assertThat((String) call(TrackerOp.LABELER, ready)).isEqualTo("carol");
    }

    // ---- default-head ----

    @Test
    void defaultHeadIsNullForAnEmptyRepositoryThenTheHeadOfTheDefaultBranch() {
        assertThat(this.<Object>call(TrackerOp.DEFAULT_HEAD, repoRef())).isNull();
        model().pushCommit(repo, "main", A);
        model().pushCommit(repo, "main", B);
        model().pushCommit(repo, "agent/issue-1", C); // another branch moves nothing
        assertThat((String) call(TrackerOp.DEFAULT_HEAD, repoRef())).isEqualTo(B);
        model().mergeCommit(repo, "main", D, C);
        assertThat((String) call(TrackerOp.DEFAULT_HEAD, repoRef())).isEqualTo(D);
        model().setDefaultBranch(repo, "agent/issue-1");
        assertThat((String) call(TrackerOp.DEFAULT_HEAD, repoRef())).isEqualTo(C);
    }

    @Test
    void defaultHeadOfAnUnknownRepositoryIsNotFound() {
        assertThat(failure(TrackerOp.DEFAULT_HEAD, RepoRef.parse("acme/no-such-repo")).kind())
                .isEqualTo(AdapterFailure.Kind.NOT_FOUND);
    }

    // ---- commit-exists ----

    boolean exists(String sha, String base) {
        return call(TrackerOp.COMMIT_EXISTS, new CommitRef(repoRef(), sha, base));
    }

    @Test
    void commitExistsWithABaseIsTrueOnlyForACommitNewRelativeToIt() {
        model().pushCommit(repo, "main", A);
        model().pushCommit(repo, "main", B);
        model().setBranchHead(repo, "agent/issue-1", B);
        model().pushCommit(repo, "agent/issue-1", C);
        model().addCommit(repo, D, A); // branched off before the base: diverged

        assertThat(exists(C, B)).as("pushed ahead of the base").isTrue();
        assertThat(exists(D, B)).as("diverged from the base").isTrue();
        assertThat(exists(B, B)).as("the base itself").isFalse();
        assertThat(exists(A, B)).as("an ancestor of the base").isFalse();
        assertThat(exists(UNKNOWN, B)).as("an unknown commit").isFalse();
        assertThat(exists(C, UNKNOWN)).as("an unknown base").isFalse();
    }

    @Test
    void commitExistsWithoutABaseIsWhetherTheExactShaIsKnown() {
        model().pushCommit(repo, "main", A);
        assertThat(exists(A, null)).isTrue();
        assertThat(exists(UNKNOWN, null)).isFalse();
        assertThat(exists("main..HEAD", null)).as("not a commit id").isFalse();
    }

    // ---- ci-verdict ----

    CiVerdict ci() {
        return call(TrackerOp.CI_VERDICT, new CommitRef(repoRef(), A));
    }

    DeployVerdict deploy() {
        return call(TrackerOp.DEPLOY_VERDICT, new CommitRef(repoRef(), A));
    }

    @Test
    void ciIsNoneThenFollowsTheLatestStatusOfEveryContextButTheDeployContext() {
        assertThat(ci()).as("nothing reported").isEqualTo(CiVerdict.NONE);
        model().addStatus(repo, A, DEPLOY, "failure", "rollout failed", "http://cd/1");
        assertThat(ci()).as("the deploy context is not CI").isEqualTo(CiVerdict.NONE);

        model().addStatus(repo, A, "ci/test", "success", "ok", "http://ci/1");
        assertThat(ci()).as("green; a failed deploy does not fail CI").isEqualTo(CiVerdict.SUCCESS);

        model().addStatus(repo, A, "ci/lint", "pending", "running", "http://ci/2");
        CiVerdict pending = ci();
        assertThat(pending.state()).isEqualTo(CiVerdict.State.PENDING);
        assertThat(pending.evidence()).containsExactly(new CheckEvidence("ci/lint", "pending", "running", "http://ci/2"));

        model().addStatus(repo, A, "ci/test", "failure", "3 tests failed", "http://ci/3");
        CiVerdict red = ci();
        assertThat(red.state()).as("red wins over pending").isEqualTo(CiVerdict.State.FAILURE);
        assertThat(red.evidence()).containsExactlyInAnyOrder(
                new CheckEvidence("ci/test", "failure", "3 tests failed", "http://ci/3"),
                new CheckEvidence("ci/lint", "pending", "running", "http://ci/2"));

        model().addStatus(repo, A, "ci/test", "success", "rerun ok", "http://ci/4");
        model().addStatus(repo, A, "ci/lint", "success", "ok", "http://ci/5");
        assertThat(ci()).as("a rerun that passed is green").isEqualTo(CiVerdict.SUCCESS);

        model().addStatus(repo, A, "ci/build", "error", "runner lost", "http://ci/6");
        CiVerdict errored = ci();
        assertThat(errored.state()).as("error is CI's own failure, not the code's").isEqualTo(CiVerdict.State.INFRA);
        assertThat(errored.evidence()).containsExactly(new CheckEvidence("ci/build", "error", "runner lost",
                "http://ci/6"));

        model().addStatus(repo, A, "ci/test", "failure", "3 tests failed", "http://ci/7");
        assertThat(ci().state()).as("a real failure beats an error").isEqualTo(CiVerdict.State.FAILURE);
    }

    // ---- deploy-verdict ----

    @Test
    void deployIsNoneThenFollowsTheLatestStatusOfTheDeployContextOnly() {
        assertThat(deploy()).isEqualTo(DeployVerdict.NONE);
        model().addStatus(repo, A, "ci/test", "failure", "red", "http://ci/1");
        assertThat(deploy()).as("CI is not a deploy").isEqualTo(DeployVerdict.NONE);
        model().addStatus(repo, A, DEPLOY, "pending", "rolling out", "http://cd/1");
        assertThat(deploy().state()).isEqualTo(DeployVerdict.State.PENDING);
        model().addStatus(repo, A, DEPLOY, "failure", "rollback", "http://cd/2");
        assertThat(deploy()).isEqualTo(new DeployVerdict(DeployVerdict.State.FAILURE,
                new CheckEvidence(DEPLOY, "failure", "rollback", "http://cd/2")));
        model().addStatus(repo, A, DEPLOY, "success", "live", "http://cd/3");
        assertThat(deploy()).isEqualTo(new DeployVerdict(DeployVerdict.State.SUCCESS,
                new CheckEvidence(DEPLOY, "success", "live", "http://cd/3")));
    }
}
