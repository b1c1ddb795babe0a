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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * GitHub REST (API version 2022-11-28) request building and reply parsing for the {@code tracker-github} routes:
 * pure functions over Jackson trees (docs/reference/trackers.md §2-§13). CI and deploy verdicts live in {@link GitHubVerdicts},
 * {@code Link} paging in {@link GitHubLinks}.
 *
 * <p>Bound as {@code githubWire} by the route file; every method is static and stateless.
 */
public final class GitHubWire {

    public static final String SYSTEM = "github";
    static final ObjectMapper JSON = new ObjectMapper();

    public GitHubWire() {}

    // ---- requests ----

    /**
     * {@code GET /repos/{o}/{r}/issues?state=open&labels=…&per_page=100} ({@code state=all} when the query includes
     * closed issues); never {@code type=} (that is the issue type).
     */
    public static HttpCall listIssues(ListIssues q) {
        return HttpCall.get(SYSTEM, "list-issues", repoPath(q.repo()) + "/issues",
                "state=" + (q.includeClosed() ? "all" : "open") + "&labels=" + enc(q.label()) + "&per_page=100");
    }

    /** The most pages a closed listing reads (pull requests share the pages, so {@code max} may need more than one). */
    public static final int CLOSED_MAX_PAGES = 3;

    /**
     * {@code GET …/issues?state=closed&sort=updated&direction=desc&since=…&per_page=100}: the closed issues (and pull
     * requests, dropped by {@link #closedIssues}) updated since, newest update first (docs/reference/trackers.md §2).
     */
    public static HttpCall listClosed(ListClosed q) {
        return HttpCall.get(SYSTEM, "list-closed", repoPath(q.repo()) + "/issues",
                "state=closed&sort=updated&direction=desc&since=" + enc(q.since().toString()) + "&per_page=100");
    }

    /**
     * The next page of a closed listing ({@code rel="next"} as given), or null once the pages read hold
     * {@code q.max()} closed issues, there is no next page, or {@value #CLOSED_MAX_PAGES} pages are read.
     */
    public static HttpCall closedNext(List<JsonNode> items, HttpCall previous, String linkHeader, String baseUrl,
            ListClosed q, int pagesRead) {
        if (pagesRead >= CLOSED_MAX_PAGES || closedIssues(items, q).issues().size() >= q.max()) {
            return null;
        }
        return next(previous, linkHeader, baseUrl);
    }

    /** The closed issues of the pages a {@link #listClosed} listing read, at most {@code q.max()}, each read alone. */
    public static IssueListing closedIssues(List<JsonNode> items, ListClosed q) {
        return IssueItems.closedListing(items == null ? List.of() : items, q, item -> item.has("pull_request"));
    }

    public static HttpCall getIssue(IssueKey key) {
        return HttpCall.get(SYSTEM, "get-issue", issuePath(key), null);
    }

    /** {@code POST …/labels {"labels":[name]}}; unknown names are created by GitHub. */
    public static HttpCall addLabel(LabelChange change) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("labels").add(change.label());
        return HttpCall.send(SYSTEM, "add-label", "POST", issuePath(change.key()) + "/labels", body.toString(),
                true);
    }

    /** {@code DELETE …/labels/{url-encoded name}}; 404 means the label is already gone. */
    public static HttpCall removeLabel(LabelChange change) {
        return HttpCall.send(SYSTEM, "remove-label", "DELETE",
                issuePath(change.key()) + "/labels/" + encPath(change.label()), null, true).tolerating(404);
    }

    /** The labels now on the issue (after a 404 on removal, which does not return them). */
    public static HttpCall listLabels(LabelChange change) {
        return HttpCall.get(SYSTEM, "remove-label", issuePath(change.key()) + "/labels", "per_page=100");
    }

    public static HttpCall listComments(IssueKey key) {
        return HttpCall.get(SYSTEM, "find-afk-comment", issuePath(key) + "/comments", "per_page=100");
    }

    /**
     * {@code GET …/issues/{n}/comments?since=…&per_page=100} for {@code list-comments}, paged by {@code Link}
     * (comments come in ascending id). GitHub's {@code since} is on the <em>updated</em> time; it is sent rounded
     * down to the second and applied again, exactly, on the created time by {@link #comments}.
     */
    public static HttpCall listComments(CommentQuery q) {
        return HttpCall.get(SYSTEM, "list-comments", issuePath(q.issue()) + "/comments",
                (q.since() == null ? "" : "since=" + enc(ForgejoWire.sinceParam(q.since())) + "&") + "per_page=100");
    }

    /**
     * The comments of every page of a {@code list-comments} read, oldest first, created at or after
     * {@code q.since()}; {@code bot} when {@code user.type} is {@code "Bot"} (a GitHub App, Actions'
     * {@code github-actions[bot]}) or the login ends in {@code [bot]}.
     */
    public static List<IssueComment> comments(List<JsonNode> items, CommentQuery q) {
        return ForgejoWire.readComments(items == null ? List.of() : items, q, SYSTEM,
                c -> "Bot".equals(c.path("user").path("type").asText(""))
                        || ForgejoWire.isBotLogin(c.path("user").path("login").asText("")));
    }

    /**
     * {@code GET /repos/{o}/{r}/collaborators/{username}/permission}. 404 (no such user) is an answer: {@code none}.
     */
    public static HttpCall permission(PermissionQuery q) {
        return HttpCall.get(SYSTEM, "permission", repoPath(q.repo()) + "/collaborators/"
                + ForgejoWire.login(q, SYSTEM) + "/permission", null).tolerating(404);
    }

    /**
     * The normalized level: {@code permission} is already GitHub's legacy base role ({@code admin}, {@code write}
     * for maintain too, {@code read} for triage too, {@code none}); an existing user who is no collaborator reads
     * {@code read} on a public repository and {@code none} on a private one. 404 and anything unknown are
     * {@code none} (fail closed).
     */
    public static String permissionLevel(JsonNode reply, Integer status) {
        if (status != null && status == 404) {
            return "none";
        }
        if (reply == null || !reply.isObject()) {
            throw malformed("permission", "the permission is not an object");
        }
        return ForgejoWire.level(reply.path("permission").asText(""));
    }

    /** Create (POST, not idempotent: never retried) or edit in place (PATCH). */
    public static HttpCall writeComment(CommentWrite write) {
        ObjectNode body = JSON.createObjectNode().put("body", write.body());
        if (write.commentId() == null) {
            return HttpCall.send(SYSTEM, "write-afk-comment", "POST", issuePath(write.key()) + "/comments",
                    body.toString(), false);
        }
        return HttpCall.send(SYSTEM, "write-afk-comment", "PATCH",
                repoPath(write.key().repo()) + "/issues/comments/" + write.commentId(), body.toString(), true);
    }

    /**
     * {@code POST /repos/{o}/{r}/issues {"title","body","labels":[name]}} → 201 Issue (an unknown label is created);
     * not idempotent, never retried.
     */
    public static HttpCall createIssue(IssueCreate create) {
        ObjectNode body = JSON.createObjectNode().put("title", create.title()).put("body", create.body());
        body.putArray("labels").add(create.label());
        return HttpCall.send(SYSTEM, "create-issue", "POST", repoPath(create.repo()) + "/issues", body.toString(),
                false);
    }

    /** The issue just created, from the 201 reply (parsed JSON). */
    public static Issue created(JsonNode item, IssueCreate create) {
        return issue(item, create.repo(), "create-issue");
    }

    /** {@code PATCH …/issues/{n} {"state":"closed","state_reason":"completed"}}. */
    public static HttpCall closeIssue(IssueKey key) {
        ObjectNode body = JSON.createObjectNode().put("state", "closed").put("state_reason", "completed");
        return HttpCall.send(SYSTEM, "close-issue", "PATCH", issuePath(key), body.toString(), true);
    }

    public static HttpCall listEvents(LabelerQuery q) {
        return HttpCall.get(SYSTEM, "labeler", issuePath(q.key()) + "/events", "per_page=100");
    }

    /** {@code GET /repos/{o}/{r}/commits/{sha}}: 404 (unknown) and 422 (not a SHA) answer "no". */
    public static HttpCall getCommit(CommitRef ref) {
        return HttpCall.get(SYSTEM, "commit-exists", repoPath(ref.repo()) + "/commits/" + encPath(ref.sha()), null)
                .tolerating(404, 422);
    }

    /**
     * {@code GET /repos/{o}/{r}/compare/{base}...{sha}?per_page=1}: only {@code status} and {@code ahead_by} are read,
     * which cover the whole comparison whatever the page of commits. 404 (unknown commit, or no common history)
     * answers "not new".
     */
    public static HttpCall compare(CommitRef ref) {
        if (ref.base() == null || !ForgejoWire.isSha(ref.base())) {
            throw new AdapterFailure(AdapterFailure.Kind.BAD_REQUEST, SYSTEM, "commit-exists", 0, null,
                    "not a commit id for the base: '" + ref.base() + "'", null);
        }
        return HttpCall.get(SYSTEM, "commit-exists", repoPath(ref.repo()) + "/compare/" + ref.base() + "..."
                + encPath(ref.sha()), "per_page=1").tolerating(404);
    }

    /** {@code GET /repos/{o}/{r}}: the repository, for {@code default_branch}. */
    public static HttpCall getRepo(RepoRef repo) {
        return HttpCall.get(SYSTEM, "default-head", repoPath(repo), null);
    }

    /**
     * {@code GET /repos/{o}/{r}/branches/{branch}} for the repository's default branch; 404 (an empty repository has
     * no branch yet) is an answer. Null when the repository names no default branch.
     */
    public static HttpCall defaultBranch(JsonNode repo, RepoRef ref) {
        if (repo == null || !repo.isObject()) {
            throw malformed("default-head", "the repository is not an object");
        }
        String branch = repo.path("default_branch").asText("");
        if (branch.isEmpty()) {
            return null;
        }
        return HttpCall.get(SYSTEM, "default-head", repoPath(ref) + "/branches/" + ForgejoWire.branchPath(branch), null)
                .tolerating(404);
    }

    /** The branch's head ({@code commit.sha}); null on 404 (no such branch: the repository has no commits). */
    public static String branchHead(JsonNode branch, Integer status) {
        if (status != null && status == 404) {
            return null;
        }
        String sha = branch == null ? "" : branch.path("commit").path("sha").asText("");
        if (!ForgejoWire.isSha(sha)) {
            throw malformed("default-head", "the branch has no commit sha");
        }
        return sha;
    }

    public static HttpCall checkRuns(CommitRef ref) {
        return HttpCall.get(SYSTEM, "ci-verdict", repoPath(ref.repo()) + "/commits/" + encPath(ref.sha())
                + "/check-runs", "filter=latest&per_page=100");
    }

    public static HttpCall combinedStatus(CommitRef ref, String op) {
        return HttpCall.get(SYSTEM, op, repoPath(ref.repo()) + "/commits/" + encPath(ref.sha()) + "/status",
                "per_page=100");
    }

    public static HttpCall deployments(CommitRef ref) {
        return HttpCall.get(SYSTEM, "deploy-verdict", repoPath(ref.repo()) + "/deployments",
                "sha=" + enc(ref.sha()) + "&per_page=100");
    }

    /** Statuses of the newest deployment in {@code deployments}, or null when there is none. */
    public static HttpCall deploymentStatuses(CommitRef ref, JsonNode deployments) {
        JsonNode latest = GitHubVerdicts.newest(deployments);
        if (latest == null) {
            return null;
        }
        return HttpCall.get(SYSTEM, "deploy-verdict",
                repoPath(ref.repo()) + "/deployments/" + latest.path("id").asLong() + "/statuses", "per_page=100");
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

    /**
     * Where the items of a page of {@code call} are: null for a JSON array, else the field holding it
     * ({@code check_runs} on the check-runs endpoint).
     */
    public static String itemsField(HttpCall call) {
        return call.path().endsWith("/check-runs") ? "check_runs" : null;
    }

    /** {@code pages} plus the items of {@code page} (the array itself, or the call's {@link #itemsField}). */
    public static List<JsonNode> append(List<JsonNode> pages, JsonNode page, HttpCall request) {
        String field = itemsField(request);
        JsonNode items = field == null ? page : page.path(field);
        if (!items.isArray()) {
            throw malformed(request.op(), "expected a list" + (field == null ? "" : " in '" + field + "'"));
        }
        List<JsonNode> out = new ArrayList<>(pages == null ? List.of() : pages);
        items.forEach(out::add);
        return out;
    }

    /**
     * Issues carrying the label (open ones, or all with {@code includeClosed}), each item read on its own
     * ({@link IssueItems}): a malformed item is listed as unreadable instead of failing the listing. Pull requests
     * (items with a {@code pull_request} key) are dropped and labels re-checked, since the server-side filter is not
     * trusted.
     */
    public static IssueListing issues(List<JsonNode> items, ListIssues q) {
        return IssueItems.listing(items == null ? List.of() : items, q, item -> item.has("pull_request"));
    }

    public static Issue issue(JsonNode item, RepoRef repo, String op) {
        return IssueItems.one(item, repo, item != null && item.has("pull_request"), SYSTEM, op);
    }

    public static Issue issue(JsonNode item, IssueKey key) {
        return issue(item, key.repo(), "get-issue");
    }

    /** Label names of a {@code Label[]} (objects with {@code name}; plain strings tolerated). */
    public static Set<String> labels(JsonNode array, String op) {
        if (array.isMissingNode() || array.isNull()) {
            return Set.of();
        }
        if (!array.isArray()) {
            throw malformed(op, "labels is not a list");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode l : array) {
            String name = l.isTextual() ? l.asText() : l.path("name").asText("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }

    public static Set<String> labels(JsonNode array) {
        return labels(array, "labels");
    }

    /** The first comment carrying AFK's marker ({@link PhaseChecklist#isAfkComment}), or null. */
    public static AfkComment afkComment(List<JsonNode> comments) {
        return afkComment(comments, "");
    }

    /**
     * As above, written by {@code author} (AFK's own tracker user, {@code AFK_TRACKER_LOGIN}); any author when blank.
     * The comment is trusted state, so a marker pasted by anyone else must not be taken for it.
     */
    public static AfkComment afkComment(List<JsonNode> comments, String author) {
        for (JsonNode c : comments) {
            if (PhaseChecklist.isAfkComment(c.path("body").asText(""))
                    && ForgejoWire.byAuthor(c.path("user").path("login").asText(""), author)) {
                return comment(c);
            }
        }
        return null;
    }

    public static AfkComment comment(JsonNode c) {
        if (!c.path("id").canConvertToLong() || !c.path("id").isNumber()) {
            throw malformed("write-afk-comment", "a comment without an id");
        }
        return new AfkComment(c.path("id").asLong(), c.path("body").asText(""));
    }

    /** Who most recently applied {@code label}: the actor of the latest {@code labeled} event for it, or null. */
    public static String latestLabeler(List<JsonNode> events, String label) {
        return LabelHistory.latestActor(events,
                e -> "labeled".equals(e.path("event").asText()) && label.equals(e.path("label").path("name").asText()),
                "actor", t -> instant(t, "labeler"));
    }

    /** A 200 proves the commit only when the returned SHA is the reported one (a prefix may resolve elsewhere). */
    public static boolean shaMatches(JsonNode reply, String sha) {
        return reply != null && reply.isObject() && reply.path("sha").asText("").equalsIgnoreCase(sha);
    }

    public static String labeler(List<JsonNode> events, LabelerQuery q) {
        return latestLabeler(events, q.label());
    }

    /** The commit is known with exactly that SHA; the base itself is never new relative to itself. */
    public static boolean commitExists(JsonNode reply, CommitRef ref) {
        return shaMatches(reply, ref.sha()) && !ref.sha().equalsIgnoreCase(ref.base());
    }

    /** Whether a known commit still has to be compared with the run's base. */
    public static boolean needsCompare(Boolean exists, CommitRef ref) {
        return Boolean.TRUE.equals(exists) && ref.base() != null;
    }

    /**
     * The compare reply: new when {@code status} is {@code ahead} or {@code diverged} with {@code ahead_by > 0};
     * {@code identical} (it is the base) and {@code behind} (an ancestor of the base) are not. A 404 (the call
     * tolerates it and leaves no body) proves nothing new.
     */
    public static boolean aheadOfBase(JsonNode reply, Integer status) {
        if (status != null && status == 404) {
            return false;
        }
        String state = reply == null ? "" : reply.path("status").asText("");
        switch (state) {
            case "ahead", "diverged" -> {
                return reply.path("ahead_by").asLong(0) > 0;
            }
            case "identical", "behind" -> {
                return false;
            }
            default -> throw malformed("commit-exists", "the comparison has no known status");
        }
    }

    // ---- paging and verdicts, exposed here so the routes need one bean ----

    public static HttpCall next(HttpCall previous, String linkHeader, String baseUrl) {
        return GitHubLinks.next(previous, linkHeader, baseUrl);
    }

    public static CiVerdict ciVerdict(List<JsonNode> checkRuns, JsonNode combinedStatus, String deployContext) {
        return GitHubVerdicts.ci(checkRuns, combinedStatus, deployContext);
    }

    public static DeployVerdict deployFromStatus(JsonNode combinedStatus, String deployContext) {
        return GitHubVerdicts.fromStatus(combinedStatus, deployContext);
    }

    /** The deploy verdict from the status context and, when that is not already SUCCESS, the deployments. */
    public static DeployVerdict deployVerdict(DeployVerdict byStatus, JsonNode deployments, JsonNode statuses) {
        return GitHubVerdicts.combine(byStatus, GitHubVerdicts.fromDeployment(deployments, statuses));
    }

    /** A deploy status that already says SUCCESS saves the two Deployments API calls. */
    public static boolean notDeployed(DeployVerdict verdict) {
        return verdict.state() != DeployVerdict.State.SUCCESS;
    }

    // ---- helpers ----

    static AdapterFailure malformed(String op, String what) {
        return new AdapterFailure(AdapterFailure.Kind.MALFORMED, SYSTEM, op, 0, null,
                "the reply is not the expected shape: " + what, null);
    }

    private static Instant instant(JsonNode node, String op) {
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw malformed(op, "not an ISO 8601 time: '" + node.asText() + "'");
        }
    }

    static String repoPath(RepoRef repo) {
        return "/repos/" + encPath(repo.owner()) + "/" + encPath(repo.name());
    }

    static String issuePath(IssueKey key) {
        return repoPath(key.repo()) + "/issues/" + key.number();
    }

    /** One query value, percent-encoded (a space as {@code %20}). */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One path segment: a space becomes {@code %20}, a slash {@code %2F}. */
    static String encPath(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
