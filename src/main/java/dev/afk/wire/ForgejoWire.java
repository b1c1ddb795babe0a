package dev.afk.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.afk.core.CiVerdict;
import dev.afk.core.DeployVerdict;
import dev.afk.core.Issue;
import dev.afk.core.IssueComment;
import dev.afk.core.IssueKey;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RepoRef;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Forgejo REST ({@code /api/v1}, v8 or later) request building and reply parsing for the {@code tracker-forgejo}
 * routes: pure functions over Jackson trees, following docs/reference/trackers.md. Verdicts live in {@link ForgejoVerdicts},
 * paging in {@link ForgejoPaging}.
 *
 * <p>Bound as {@code forgejoWire} by the route file; every method is static and stateless.
 */
public final class ForgejoWire {

    public static final String SYSTEM = "forgejo";
    /** Forgejo's {@code MAX_RESPONSE_ITEMS}: a larger {@code limit} is silently capped. */
    public static final int PAGE_LIMIT = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A SHA-1 or SHA-256 commit id or a prefix of one; anything else never reaches a URL path. */
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{4,64}");

    public ForgejoWire() {}

    // ---- requests ----

    /**
     * {@code GET /repos/{o}/{r}/issues?state=open&type=issues&labels=…&sort=oldest}, paged by {@code limit=50};
     * {@code state=all} when the query includes closed issues. {@code type=issues} keeps pull requests out; oldest
     * first so that an issue filed during the listing lands on the last page instead of shifting the others.
     */
    public static ForgejoPaging listIssues(ListIssues q, int maxPages) {
        HttpCall first = HttpCall.get(SYSTEM, "list-issues", repoPath(q.repo()) + "/issues",
                "state=" + (q.includeClosed() ? "all" : "open") + "&type=issues&labels=" + enc(q.label())
                        + "&sort=oldest");
        return ForgejoPaging.start(first, PAGE_LIMIT, maxPages, true);
    }

    /**
     * {@code GET …/issues?state=closed&type=issues&sort=recentupdate&since=…}: the closed issues updated since, newest
     * update first (docs/reference/trackers.md §2), in pages of {@value #PAGE_LIMIT}; only the pages {@code q.max()}
     * needs are read.
     */
    public static ForgejoPaging listClosed(ListClosed q) {
        HttpCall first = HttpCall.get(SYSTEM, "list-closed", repoPath(q.repo()) + "/issues",
                "state=closed&type=issues&sort=recentupdate&since=" + enc(q.since().toString()));
        return ForgejoPaging.start(first, PAGE_LIMIT, (q.max() + PAGE_LIMIT - 1) / PAGE_LIMIT, true);
    }

    /** The closed issues of a {@link #listClosed} listing, at most {@code q.max()}, each item read alone. */
    public static IssueListing closedIssues(ForgejoPaging listing, ListClosed q) {
        return IssueItems.closedListing(listing.items(), q, ForgejoWire::isPullRequest);
    }

    public static HttpCall getIssue(IssueKey key) {
        return HttpCall.get(SYSTEM, "get-issue", issuePath(key), null);
    }

    /** {@code POST …/issues/{n}/labels {"labels":["name"]}} (names since Forgejo v8). Idempotent. */
    public static HttpCall addLabel(LabelChange change) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("labels").add(change.label());
        return HttpCall.send(SYSTEM, "add-label", "POST", issuePath(change.key()) + "/labels", body.toString(), true);
    }

    /**
     * {@code GET …/issues/{n}/labels}: the labels on the issue with their ids. Removal needs the numeric id; reading
     * it from the issue (not the repository's label list) also finds organisation labels and tells at once whether
     * there is anything to remove.
     */
    public static HttpCall issueLabels(LabelChange change) {
        return HttpCall.get(SYSTEM, "remove-label", issuePath(change.key()) + "/labels", null);
    }

    /** {@code DELETE …/issues/{n}/labels/{id}} → 204. */
    public static HttpCall removeLabel(LabelChange change, long labelId) {
        return HttpCall.send(SYSTEM, "remove-label", "DELETE", issuePath(change.key()) + "/labels/" + labelId, null, true);
    }

    /** {@code GET …/issues/{n}/comments}: the spec has no paging parameters; every comment comes back. */
    public static HttpCall listComments(IssueKey key) {
        return HttpCall.get(SYSTEM, "find-afk-comment", issuePath(key) + "/comments", null);
    }

    /**
     * {@code GET …/issues/{n}/comments?since=…} for {@code list-comments}. Forgejo's {@code since} compares the
     * comments' <em>updated</em> time (an old comment edited later comes back too) and the endpoint has no paging:
     * every matching comment is in the one reply. {@code since} is sent rounded down to the second (the trackers'
     * resolution), so the server never drops a comment the exact filter of {@link #comments} keeps.
     */
    public static HttpCall listComments(CommentQuery q) {
        return HttpCall.get(SYSTEM, "list-comments", issuePath(q.issue()) + "/comments",
                q.since() == null ? null : "since=" + enc(sinceParam(q.since())));
    }

    /**
     * Create ({@code POST …/issues/{n}/comments} → 201; not idempotent, never retried) or edit in place
     * ({@code PATCH /repos/{o}/{r}/issues/comments/{id}} → 200, the non-deprecated path).
     */
    public static HttpCall writeComment(CommentWrite write) {
        String body = JSON.createObjectNode().put("body", write.body()).toString();
        if (write.commentId() == null) {
            return HttpCall.send(SYSTEM, "write-afk-comment", "POST", issuePath(write.key()) + "/comments", body, false);
        }
        return HttpCall.send(SYSTEM, "write-afk-comment", "PATCH",
                repoPath(write.key().repo()) + "/issues/comments/" + write.commentId(), body, true);
    }

    /**
     * {@code POST /repos/{o}/{r}/issues {"title","body"}} → 201 Issue; not idempotent, never retried. The label is
     * added by name afterwards ({@link #createdLabel}): {@code CreateIssueOption.labels} takes ids only.
     */
    public static HttpCall createIssue(IssueCreate create) {
        String body = JSON.createObjectNode().put("title", create.title()).put("body", create.body()).toString();
        return HttpCall.send(SYSTEM, "create-issue", "POST", repoPath(create.repo()) + "/issues", body, false);
    }

    /** The issue just created, from the 201 reply. */
    public static Issue created(String body, IssueCreate create) {
        return issue(parse(body, "create-issue"), create.repo(), "create-issue");
    }

    /** The label of a created issue: {@code POST …/issues/{n}/labels {"labels":[name]}} (idempotent). */
    public static HttpCall createdLabel(Issue created, IssueCreate create) {
        return addLabel(new LabelChange(created.key(), create.label()));
    }

    /** The created issue with the labels now on it; an unknown label is REJECTED (Forgejo drops it silently). */
    public static Issue labelled(String body, Issue created, IssueCreate create) {
        Set<String> names = addedLabels(body, new LabelChange(created.key(), create.label()));
        return new Issue(created.key(), created.title(), created.body(), names, created.author(), created.createdAt(),
                created.open(), created.pullRequest(), created.htmlUrl());
    }

    /** {@code PATCH …/issues/{n} {"state":"closed"}} → 201 (Forgejo has no {@code state_reason}). */
    public static HttpCall closeIssue(IssueKey key) {
        String body = JSON.createObjectNode().put("state", "closed").toString();
        return HttpCall.send(SYSTEM, "close-issue", "PATCH", issuePath(key), body, true);
    }

    /** {@code GET …/issues/{n}/timeline}, paged; its {@code X-Total-Count} is the page's size, not a total. */
    public static ForgejoPaging timeline(LabelerQuery q, int maxPages) {
        HttpCall first = HttpCall.get(SYSTEM, "labeler", issuePath(q.key()) + "/timeline", null);
        return ForgejoPaging.start(first, PAGE_LIMIT, maxPages, false);
    }

    /**
     * {@code GET /repos/{o}/{r}/collaborators/{login}/permission}. 404 (no such user) is an answer: {@code none}.
     * Forgejo answers 403 unless AFK's own user is an admin of the repository (or a site admin): read by
     * {@link #permissionLevel} as a failure (AUTH) that says so, never as a level.
     */
    public static HttpCall permission(PermissionQuery q) {
        return HttpCall.get(SYSTEM, "permission", repoPath(q.repo()) + "/collaborators/" + login(q, SYSTEM)
                + "/permission", null).tolerating(403, 404);
    }

    /**
     * The normalized level of a permission reply: Forgejo's access modes {@code owner} and {@code admin} are
     * {@code admin}, {@code write} and {@code read} themselves; {@code none}, a 404 and anything unknown are
     * {@code none} (fail closed).
     */
    public static String permissionLevel(String body, Integer status, PermissionQuery q) {
        if (status != null && status == 404) {
            return "none";
        }
        if (status != null && status == 403) {
            throw new AdapterFailure(AdapterFailure.Kind.AUTH, SYSTEM, "permission", 403, null,
                    "Forgejo lets only an admin of " + q.repo() + " read another user's permission: make AFK's"
                            + " tracker user an admin of the repository, or set AFK_TRUSTED_LABELERS", null);
        }
        JsonNode reply = parse(body, "permission");
        if (!reply.isObject()) {
            throw malformed("permission", "the permission is not an object");
        }
        return level(reply.path("permission").asText(""));
    }

    /** admin, write, read or none, from either dialect's words (GitHub's roles maintain and triage included). */
    static String level(String permission) {
        return switch (permission.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "owner", "admin" -> "admin";
            case "maintain", "write" -> "write";
            case "triage", "read" -> "read";
            default -> "none";
        };
    }

    /** A login as one path segment; a blank one is never sent. */
    static String login(PermissionQuery q, String system) {
        if (q.login().isBlank()) {
            throw new AdapterFailure(AdapterFailure.Kind.BAD_REQUEST, system, "permission", 0, null,
                    "no login to ask the permission of", null);
        }
        return encPath(q.login().strip());
    }

    /** Whether {@code sha} looks like a commit id; a reported value that does not is never sent. */
    public static boolean isSha(String sha) {
        return sha != null && SHA.matcher(sha).matches();
    }

    public static boolean isCommitId(CommitRef ref) {
        return isSha(ref.sha());
    }

    /** {@code GET /repos/{o}/{r}/git/commits/{sha}}: 404 (unknown) and 422 (not a commit id) answer "no". */
    public static HttpCall getCommit(CommitRef ref) {
        return HttpCall.get(SYSTEM, "commit-exists", repoPath(ref.repo()) + "/git/commits/" + sha(ref, "commit-exists"),
                null).tolerating(404, 422);
    }

    /**
     * {@code GET /repos/{o}/{r}/compare/{base}...{sha}}: the commits reachable from {@code sha} and not from
     * {@code base} (from their merge base). 404 (either commit unknown) answers "not new".
     */
    public static HttpCall compare(CommitRef ref) {
        if (!isSha(ref.base())) {
            throw new AdapterFailure(AdapterFailure.Kind.BAD_REQUEST, SYSTEM, "commit-exists", 0, null,
                    "not a commit id for the base: '" + ref.base() + "'", null);
        }
        return HttpCall.get(SYSTEM, "commit-exists", repoPath(ref.repo()) + "/compare/" + ref.base() + "..."
                + sha(ref, "commit-exists"), null).tolerating(404);
    }

    /** {@code GET /repos/{o}/{r}}: the repository, for {@code default_branch} and {@code empty}. */
    public static HttpCall getRepo(RepoRef repo) {
        return HttpCall.get(SYSTEM, "default-head", repoPath(repo), null);
    }

    /**
     * {@code GET /repos/{o}/{r}/branches/{branch}} for the repository's default branch (slashes of the name kept:
     * this endpoint accepts them), or null when the repository is empty and has no branch to read.
     */
    public static HttpCall defaultBranch(String repoBody, RepoRef repo) {
        JsonNode r = parse(repoBody, "default-head");
        if (!r.isObject()) {
            throw malformed("default-head", "the repository is not an object");
        }
        String branch = r.path("default_branch").asText("");
        if (r.path("empty").asBoolean(false) || branch.isEmpty()) {
            return null;
        }
        return HttpCall.get(SYSTEM, "default-head", repoPath(repo) + "/branches/" + branchPath(branch), null)
                .tolerating(404);
    }

    /** The branch's head commit id ({@code commit.id}); null when the branch does not exist (404). */
    public static String branchHead(String body, Integer status) {
        if (status != null && status == 404) {
            return null;
        }
        String id = parse(body, "default-head").path("commit").path("id").asText("");
        if (!isSha(id)) {
            throw malformed("default-head", "the branch has no commit id");
        }
        return id;
    }

    /**
     * {@code GET …/commits/{sha}/status}, without paging parameters: the server pages the statuses only when asked
     * to, and computes its own {@code state} from the page alone.
     */
    public static HttpCall combinedStatus(CommitRef ref, String op) {
        return HttpCall.get(SYSTEM, op, repoPath(ref.repo()) + "/commits/" + sha(ref, op) + "/status", null);
    }

    // ---- replies ----

    /** Parses a reply body; an empty body is JSON null. Not JSON → {@link AdapterFailure.Kind#MALFORMED}. */
    public static JsonNode parse(String body, String op) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw HttpReplies.wrap(e, SYSTEM, op);
        }
    }

    /** The paging state after one more page (the reply body and its {@code X-Total-Count}). */
    public static ForgejoPaging nextPage(ForgejoPaging paging, String body, String totalCount) {
        return paging.next(parse(body, paging.first().op()), totalCount);
    }

    /**
     * Issues carrying the label (open ones, or all with {@code includeClosed}), each item read on its own
     * ({@link IssueItems}): a malformed item is listed as unreadable instead of failing the listing. The label is
     * re-checked on every item because Forgejo silently drops a label filter naming no repository label and returns
     * everything; pull requests ({@code pull_request} not null) are dropped too.
     */
    public static IssueListing issues(ForgejoPaging listing, ListIssues q) {
        return IssueItems.listing(listing.items(), q, ForgejoWire::isPullRequest);
    }

    /** Forgejo sends {@code "pull_request": null} on plain issues, so the key alone proves nothing. */
    static boolean isPullRequest(JsonNode item) {
        return item.hasNonNull("pull_request");
    }

    /** One issue from {@code GET …/issues/{n}}; closed issues and pull requests are returned as they are. */
    public static Issue issue(String body, IssueKey key) {
        JsonNode item = parse(body, "get-issue");
        Issue issue = issue(item, key.repo(), "get-issue");
        if (issue.key().number() != key.number()) {
            throw malformed("get-issue", "asked for #" + key.number() + ", got #" + issue.key().number());
        }
        return issue;
    }

    static Issue issue(JsonNode item, RepoRef repo, String op) {
        return IssueItems.one(item, repo, item != null && isPullRequest(item), SYSTEM, op);
    }

    /**
     * The labels now on the issue after {@code POST …/labels}. Forgejo drops an unknown name without an error, so a
     * reply without the asked-for label is a refusal naming it.
     */
    public static Set<String> addedLabels(String body, LabelChange change) {
        Set<String> names = labelNames(parse(body, "add-label"), "add-label");
        if (!names.contains(change.label())) {
            throw new AdapterFailure(AdapterFailure.Kind.REJECTED, SYSTEM, "add-label", 200, null,
                    "label '" + change.label() + "' was not added to " + change.key()
                            + ": Forgejo ignores names that are not labels of the repository (or its organisation);"
                            + " create the label", null);
        }
        return names;
    }

    /** The id of {@code change.label()} among the issue's labels, or null when it is not on the issue. */
    public static Long labelId(String body, LabelChange change) {
        JsonNode labels = parse(body, "remove-label");
        labelNames(labels, "remove-label"); // shape check
        for (JsonNode l : labels) {
            if (change.label().equals(l.path("name").asText()) && l.path("id").isIntegralNumber()) {
                return l.path("id").asLong();
            }
        }
        return null;
    }

    /** The issue's labels without {@code change.label()}: the state after the removal (a 204 has no body). */
    public static Set<String> labelsWithout(String issueLabelsBody, LabelChange change) {
        Set<String> names = new LinkedHashSet<>(labelNames(parse(issueLabelsBody, "remove-label"), "remove-label"));
        names.remove(change.label());
        return Set.copyOf(names);
    }

    /** Label names of a {@code Label[]}. */
    static Set<String> labelNames(JsonNode array, String op) {
        if (array == null || array.isMissingNode() || array.isNull()) {
            return Set.of();
        }
        if (!array.isArray()) {
            throw malformed(op, "labels is not a list");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode l : array) {
            String name = l.path("name").asText("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }

    /** The first comment whose body carries AFK's marker, or null. */
    public static AfkComment afkComment(String body) {
        return afkComment(body, "");
    }

    /**
     * The first comment carrying AFK's marker written by {@code author} (AFK's own tracker user,
     * {@code AFK_TRACKER_LOGIN}); any author when it is blank. The comment is trusted state, so a marker pasted by
     * anyone else must not be taken for it.
     */
    public static AfkComment afkComment(String body, String author) {
        JsonNode comments = parse(body, "find-afk-comment");
        if (comments.isNull()) {
            return null;
        }
        if (!comments.isArray()) {
            throw malformed("find-afk-comment", "expected a list of comments");
        }
        for (JsonNode c : comments) {
            if (PhaseChecklist.isAfkComment(c.path("body").asText(""))
                    && byAuthor(c.path("user").path("login").asText(""), author)) {
                return comment(c, "find-afk-comment");
            }
        }
        return null;
    }

    /**
     * The comments of a {@code list-comments} reply, oldest first, created at or after {@code q.since()} (the
     * server's {@code since} is on the updated time, so it is applied again here, exactly, on the created time).
     * Forgejo has no user type: the accounts that are not people are its system users, which have negative ids
     * (the ghost of a deleted user -1, Forgejo Actions -2), and a comment carried over by a migration
     * ({@code original_author} set) was not written by a user of this tracker; both read as bots, as does a
     * {@code …[bot]} login.
     */
    public static List<IssueComment> comments(String body, CommentQuery q) {
        JsonNode comments = parse(body, "list-comments");
        if (!comments.isArray()) {
            throw malformed("list-comments", "expected a list of comments");
        }
        return readComments(comments, q, SYSTEM, ForgejoWire::isForgejoBot);
    }

    static boolean isForgejoBot(JsonNode c) {
        JsonNode user = c.path("user");
        return user.path("id").asLong(0) < 0 || !c.path("original_author").asText("").isEmpty()
                || isBotLogin(user.path("login").asText(""));
    }

    /** A login GitHub gives its apps ({@code dependabot[bot]}); never a person's on either tracker. */
    static boolean isBotLogin(String login) {
        return login.toLowerCase(java.util.Locale.ROOT).endsWith("[bot]");
    }

    /**
     * The comments of {@code items} created at or after {@code q.since()}, sorted by (created, id): the shared
     * reading of both dialects. A comment without an integer id or a readable {@code created_at} fails the read
     * (MALFORMED): a reader of steering commands must not guess. A comment without an author reads as a bot.
     */
    static List<IssueComment> readComments(Iterable<JsonNode> items, CommentQuery q, String system,
            java.util.function.Predicate<JsonNode> bot) {
        List<IssueComment> out = new java.util.ArrayList<>();
        for (JsonNode c : items) {
            if (!c.path("id").isIntegralNumber()) {
                throw new AdapterFailure(AdapterFailure.Kind.MALFORMED, system, "list-comments", 0, null,
                        "the reply is not what the contract promises: a comment without an id", null);
            }
            Instant created;
            try {
                created = OffsetDateTime.parse(c.path("created_at").asText("")).toInstant();
            } catch (DateTimeParseException e) {
                throw new AdapterFailure(AdapterFailure.Kind.MALFORMED, system, "list-comments", 0, null,
                        "the reply is not what the contract promises: comment " + c.path("id").asLong()
                                + " has no created_at time", null);
            }
            if (q.since() != null && created.isBefore(q.since())) {
                continue;
            }
            String login = c.path("user").path("login").asText("");
            out.add(new IssueComment(c.path("id").asLong(), login, login.isBlank() || bot.test(c), created,
                    c.path("body").asText("")));
        }
        out.sort(java.util.Comparator.comparing(IssueComment::createdAt).thenComparingLong(IssueComment::id));
        return List.copyOf(out);
    }

    /** {@code since} for a query: RFC 3339 in UTC, rounded down to the second. */
    static String sinceParam(Instant since) {
        return since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /**
     * The comment as stored after a create (201) or edit (200). An edit may answer 204 without a body (a comment
     * type without content); then the requested text is what is stored.
     */
    public static AfkComment writtenComment(String body, Integer status, CommentWrite write) {
        if (status != null && status == 204 && write.commentId() != null) {
            return new AfkComment(write.commentId(), write.body());
        }
        return comment(parse(body, "write-afk-comment"), "write-afk-comment");
    }

    static AfkComment comment(JsonNode c, String op) {
        if (c == null || !c.path("id").isIntegralNumber()) {
            throw malformed(op, "a comment without an id");
        }
        return new AfkComment(c.path("id").asLong(), c.path("body").asText(""));
    }

    /**
     * Who most recently added {@code label}: the {@code user.login} of the latest timeline entry with
     * {@code type "label"}, {@code body "1"} (added; {@code ""} is a removal) for it, or null.
     */
    public static String labeler(ForgejoPaging timeline, LabelerQuery q) {
        return labeler(timeline.items(), q.label());
    }

    static String labeler(List<JsonNode> entries, String label) {
        return LabelHistory.latestActor(entries,
                e -> "label".equals(e.path("type").asText()) && "1".equals(e.path("body").asText())
                        && label.equals(e.path("label").path("name").asText()),
                "user", t -> instant(t, "labeler"));
    }

    /**
     * A 200 proves the commit only when the returned SHA is the reported one (a short prefix may resolve to another
     * commit); 404/422 mean no such commit. The base itself is never new relative to itself.
     */
    public static boolean commitExists(String body, Integer status, CommitRef ref) {
        if (status == null || status != 200) {
            return false;
        }
        String sha = parse(body, "commit-exists").path("sha").asText("");
        return !sha.isEmpty() && sha.equalsIgnoreCase(ref.sha()) && !ref.sha().equalsIgnoreCase(ref.base());
    }

    /** Whether a known commit still has to be compared with the run's base. */
    public static boolean needsCompare(Boolean exists, CommitRef ref) {
        return Boolean.TRUE.equals(exists) && ref.base() != null;
    }

    /**
     * The compare reply: {@code sha} is new relative to {@code base} when at least one commit is reachable from it
     * and not from the base ({@code total_commits > 0}, or a non-empty {@code commits}); none means it is the base
     * or one of its ancestors. 404: one of the two is unknown, so nothing proves it new.
     */
    public static boolean aheadOfBase(String body, Integer status) {
        if (status != null && status == 404) {
            return false;
        }
        JsonNode c = parse(body, "commit-exists");
        if (!c.isObject() || !(c.path("total_commits").isIntegralNumber() || c.path("commits").isArray())) {
            throw malformed("commit-exists", "the comparison has neither total_commits nor commits");
        }
        return c.path("total_commits").asLong(0) > 0 || c.path("commits").size() > 0;
    }

    public static CiVerdict ciVerdict(String body, String deployContext) {
        return ForgejoVerdicts.ci(parse(body, "ci-verdict"), deployContext);
    }

    public static DeployVerdict deployVerdict(String body, String deployContext) {
        return ForgejoVerdicts.deploy(parse(body, "deploy-verdict"), deployContext);
    }

    // ---- helpers ----

    static AdapterFailure malformed(String op, String what) {
        return new AdapterFailure(AdapterFailure.Kind.MALFORMED, SYSTEM, op, 0, null,
                "the reply is not what the contract promises: " + what, null);
    }

    static String repoPath(RepoRef repo) {
        return "/repos/" + encPath(repo.owner()) + "/" + encPath(repo.name());
    }

    static String issuePath(IssueKey key) {
        return repoPath(key.repo()) + "/issues/" + key.number();
    }

    private static String sha(CommitRef ref, String op) {
        if (!isSha(ref.sha())) {
            throw new AdapterFailure(AdapterFailure.Kind.BAD_REQUEST, SYSTEM, op, 0, null,
                    "not a commit id: '" + ref.sha() + "'", null);
        }
        return ref.sha();
    }

    private static Instant instant(JsonNode node, String op) {
        try {
            return OffsetDateTime.parse(node.asText("")).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(op, "not an RFC 3339 time: '" + node.asText("") + "'");
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String encPath(String segment) {
        return enc(segment).replace("+", "%20");
    }

    /** A branch name in a path: each {@code /}-separated part encoded, the slashes kept. */
    static String branchPath(String branch) {
        return java.util.Arrays.stream(branch.split("/", -1)).map(ForgejoWire::encPath)
                .collect(java.util.stream.Collectors.joining("/"));
    }

    static boolean byAuthor(String login, String author) {
        return author == null || author.isBlank() || author.strip().equalsIgnoreCase(login);
    }
}
