package dev.afk.adapter;

import dev.afk.core.CiVerdict;
import dev.afk.core.DeployVerdict;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.RepoRef;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tracker contract: every operation a tracker dialect offers, with its message types. A dialect implements each
 * op as the route {@code direct:<dialect>-<suffix>} (see {@link TrackerDialects}); callers use
 * {@code direct:{{afk.tracker}}-<suffix>} and never name a dialect. Every op takes {@link #request()} as body and
 * answers {@link #result()} (or null where the meaning says so), or fails with a typed {@link AdapterFailure}.
 *
 * <p>Checked, not just documented: {@code TrackerContractRoutesTest} fails when a dialect's route file lacks an op
 * of this list or offers one that is not on it, or when a route calls an op that is not here;
 * {@code TrackerContractTest} runs the shared meanings against every dialect's simulator.
 */
public enum TrackerOp {

    LIST_ISSUES("list-issues", ListIssues.class, IssueListing.class,
            "issues of the repo carrying the label (open, or all with includeClosed), every page, unreadable items reported"),
    LIST_CLOSED("list-closed", ListClosed.class, IssueListing.class,
            "the repo's closed issues (whatever their labels) updated at or after since, newest update first, at most"
                    + " max of them from a bounded number of pages; pull requests dropped, unreadable items reported"),
    GET_ISSUE("get-issue", IssueKey.class, Issue.class,
            "one issue, open or closed; a missing issue is NOT_FOUND"),
    ADD_LABEL("add-label", LabelChange.class, Set.class,
            "adds the label (idempotent) and answers the label names now on the issue"),
    REMOVE_LABEL("remove-label", LabelChange.class, Set.class,
            "removes the label (absent is success) and answers the label names now on the issue"),
    FIND_AFK_COMMENT("find-afk-comment", IssueKey.class, AfkComment.class,
            "the first comment with AFK's marker written by AFK's own login, or null"),
    WRITE_AFK_COMMENT("write-afk-comment", CommentWrite.class, AfkComment.class,
            "creates the AFK comment (never retried) or, given its id, edits it in place"),
    CLOSE_ISSUE("close-issue", IssueKey.class, Void.class,
            "closes the issue; answers null"),
    CREATE_ISSUE("create-issue", IssueCreate.class, Issue.class,
            "opens an issue with the title, body and the one label (never retried) and answers it, the label on it"),
    LABELER("labeler", LabelerQuery.class, String.class,
            "login of whoever most recently added the label, or null when it was never added"),
    DEFAULT_HEAD("default-head", RepoRef.class, String.class,
            "SHA at the head of the default branch, or null for a repo without commits"),
    COMMIT_EXISTS("commit-exists", CommitRef.class, Boolean.class,
            "the exact SHA is known and, with a base, new relative to it (not the base, not an ancestor)"),
    CI_VERDICT("ci-verdict", CommitRef.class, CiVerdict.class,
            "CI state of the commit from the latest result per check, the deploy context left out"),
    DEPLOY_VERDICT("deploy-verdict", CommitRef.class, DeployVerdict.class,
            "whether the commit was deployed, from the AFK_DEPLOY_CONTEXT status (GitHub: or its deployments)"),
    LIST_COMMENTS("list-comments", CommentQuery.class, List.class,
            "the issue's comments (dev.afk.core.IssueComment) created at or after since, every page, oldest first;"
                    + " AFK's own included, with author and bot flag so callers can leave them out"),
    PERMISSION("permission", PermissionQuery.class, String.class,
            "the user's level on the repo, normalized to admin, write, read or none; a user the tracker does not know"
                    + " is none (fail closed)");

    private final String suffix;
    private final Class<?> request;
    private final Class<?> result;
    private final String meaning;

    TrackerOp(String suffix, Class<?> request, Class<?> result, String meaning) {
        this.suffix = suffix;
        this.request = request;
        this.result = result;
        this.meaning = meaning;
    }

    /** The route name after the dialect: {@code direct:<dialect>-<suffix>}. */
    public String suffix() {
        return suffix;
    }

    /** The body the op takes. */
    public Class<?> request() {
        return request;
    }

    /** The body the op answers ({@link Void} for none; {@code Set} holds label names). */
    public Class<?> result() {
        return result;
    }

    public String meaning() {
        return meaning;
    }

    /** The endpoint callers use: {@code direct:{{afk.tracker}}-<suffix>}. */
    public String callerUri() {
        return "direct:{{afk.tracker}}-" + suffix;
    }

    /** Every route suffix, in declaration order. */
    public static List<String> suffixes() {
        return Arrays.stream(values()).map(TrackerOp::suffix).toList();
    }

    public static Optional<TrackerOp> bySuffix(String suffix) {
        return Arrays.stream(values()).filter(op -> op.suffix.equals(suffix)).findFirst();
    }
}
