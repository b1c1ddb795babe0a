package dev.afk.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Forgejo's JSON shapes (the swagger definitions Issue, Label, Comment, TimelineComment, Commit, CombinedStatus,
 * CommitStatus) rendered from {@link TrackerModel} snapshots. Only the fields a client may reasonably read are
 * filled, with the types and nulls Forgejo uses (a plain issue has {@code "pull_request": null}; a status's result
 * is in {@code status}, not {@code state}).
 */
final class ForgejoSimJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String rootUrl;

    /** @param rootUrl Forgejo's configured {@code ROOT_URL} (ends with '/'), used in every URL it renders */
    ForgejoSimJson(String rootUrl) {
        this.rootUrl = rootUrl;
    }

    static String time(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    static String message(String message, String url) {
        return JSON.createObjectNode().put("message", message).put("url", url).toString();
    }

    ObjectNode user(String login) {
        ObjectNode u = JSON.createObjectNode();
        u.put("id", Math.abs((long) login.hashCode()) % 100_000 + 1);
        u.put("login", login);
        u.put("login_name", "");
        u.put("full_name", "");
        u.put("email", login + "@noreply.localhost");
        u.put("html_url", rootUrl + login);
        return u;
    }

    ObjectNode label(String repo, TrackerModel.Label l) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", l.id());
        n.put("name", l.name());
        n.put("exclusive", false);
        n.put("is_archived", false);
        n.put("color", "e11d21");
        n.put("description", "");
        n.put("url", rootUrl + "api/v1/repos/" + repo + "/labels/" + l.id());
        return n;
    }

    ArrayNode labels(String repo, Collection<TrackerModel.Label> labels) {
        ArrayNode a = JSON.createArrayNode();
        labels.forEach(l -> a.add(label(repo, l)));
        return a;
    }

    ObjectNode issue(TrackerModel.Issue i, List<TrackerModel.Label> labels, int comments) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", i.id());
        n.put("url", rootUrl + "api/v1/repos/" + i.repo() + "/issues/" + i.number());
        n.put("html_url", rootUrl + i.repo() + (i.pullRequest() ? "/pulls/" : "/issues/") + i.number());
        n.put("number", i.number());
        n.set("user", user(i.author()));
        n.put("original_author", "");
        n.put("original_author_id", 0);
        n.put("title", i.title());
        n.put("body", i.body());
        n.put("ref", "");
        n.set("assets", JSON.createArrayNode());
        n.set("labels", labels(i.repo(), labels));
        n.putNull("milestone");
        n.putNull("assignee");
        n.putNull("assignees");
        n.put("state", i.open() ? "open" : "closed");
        n.put("is_locked", false);
        n.put("comments", comments);
        n.put("created_at", time(i.createdAt()));
        n.put("updated_at", time(i.updatedAt()));
        if (i.open()) {
            n.putNull("closed_at");
        } else {
            n.put("closed_at", time(i.updatedAt()));
        }
        n.putNull("due_date");
        if (i.pullRequest()) {
            ObjectNode pr = n.putObject("pull_request");
            pr.put("merged", false);
            pr.putNull("merged_at");
            pr.put("draft", false);
            pr.put("html_url", rootUrl + i.repo() + "/pulls/" + i.number());
        } else {
            n.putNull("pull_request");
        }
        ObjectNode repo = n.putObject("repository");
        repo.put("id", Math.abs((long) i.repo().hashCode()) % 100_000 + 1);
        repo.put("name", i.repo().substring(i.repo().indexOf('/') + 1));
        repo.put("owner", i.repo().substring(0, i.repo().indexOf('/')));
        repo.put("full_name", i.repo());
        n.put("pin_order", 0);
        return n;
    }

    ObjectNode comment(String repo, int number, TrackerModel.Comment c) {
        return comment(repo, number, c, false);
    }

    /**
     * A comment; Forgejo has no user type, so a {@code bot} author is rendered as its system account for Actions
     * (id -2). Times to the second, as Forgejo stores them.
     */
    ObjectNode comment(String repo, int number, TrackerModel.Comment c, boolean bot) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.id());
        n.put("html_url", rootUrl + repo + "/issues/" + number + "#issuecomment-" + c.id());
        n.put("pull_request_url", "");
        n.put("issue_url", rootUrl + repo + "/issues/" + number);
        ObjectNode user = user(c.user());
        if (bot) {
            user.put("id", -2);
        }
        n.set("user", user);
        n.put("original_author", "");
        n.put("original_author_id", 0);
        n.put("body", c.body());
        n.set("assets", JSON.createArrayNode());
        n.put("created_at", time(c.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        n.put("updated_at", time(c.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        return n;
    }

    /** {@code RepoCollaboratorPermission}: {@code permission} and {@code role_name} are the same access mode. */
    ObjectNode permission(String login, String mode) {
        ObjectNode n = JSON.createObjectNode();
        n.put("permission", mode);
        n.put("role_name", mode);
        n.set("user", user(login));
        return n;
    }

    /** A label change as the timeline shows it: {@code body} "1" when added, "" when removed. */
    ObjectNode labelEntry(String repo, int number, long id, TrackerModel.LabelEvent e, TrackerModel.Label label) {
        ObjectNode n = timelineEntry(repo, number, id, "label", e.added() ? "1" : "", e.actor(), e.at());
        n.set("label", label(repo, label));
        return n;
    }

    ObjectNode commentEntry(String repo, int number, TrackerModel.Comment c) {
        return timelineEntry(repo, number, c.id(), "comment", c.body(), c.user(), c.createdAt());
    }

    private ObjectNode timelineEntry(String repo, int number, long id, String type, String body, String user,
            Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("type", type);
        n.put("html_url", rootUrl + repo + "/issues/" + number + "#issuecomment-" + id);
        n.put("pull_request_url", "");
        n.put("issue_url", rootUrl + repo + "/issues/" + number);
        n.set("user", user(user));
        n.put("body", body);
        n.put("created_at", time(at));
        n.put("updated_at", time(at));
        return n;
    }

    ObjectNode commit(String repo, String sha, Instant at) {
        return commit(repo, sha, List.of(), at);
    }

    ObjectNode commit(String repo, String sha, List<String> parents, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("url", rootUrl + "api/v1/repos/" + repo + "/git/commits/" + sha);
        n.put("sha", sha);
        n.put("created", time(at));
        n.put("html_url", rootUrl + repo + "/commit/" + sha);
        ObjectNode c = n.putObject("commit");
        c.put("url", rootUrl + "api/v1/repos/" + repo + "/git/commits/" + sha);
        c.put("message", "simulated commit\n");
        c.putObject("tree").put("sha", sha);
        ArrayNode ps = n.putArray("parents");
        parents.forEach(p -> ps.addObject().put("sha", p).put("url", rootUrl + "api/v1/repos/" + repo
                + "/git/commits/" + p));
        return n;
    }

    /** A Repository (trimmed): {@code default_branch}, and {@code empty} while the repository has no commit. */
    ObjectNode repository(String repo, String defaultBranch, boolean empty) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", Math.abs((long) repo.hashCode()) % 100_000 + 1);
        n.set("owner", user(repo.substring(0, repo.indexOf('/'))));
        n.put("name", repo.substring(repo.indexOf('/') + 1));
        n.put("full_name", repo);
        n.put("empty", empty);
        n.put("private", false);
        n.put("fork", false);
        n.put("archived", false);
        n.put("html_url", rootUrl + repo);
        n.put("clone_url", rootUrl + repo + ".git");
        n.put("default_branch", defaultBranch);
        return n;
    }

    /** A Branch: its head as a PayloadCommit, whose commit id is {@code id} (not {@code sha}). */
    ObjectNode branch(String repo, String name, String sha, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        ObjectNode c = n.putObject("commit");
        c.put("id", sha);
        c.put("message", "simulated commit\n");
        c.put("url", rootUrl + repo + "/commit/" + sha);
        c.put("timestamp", time(at));
        n.put("protected", false);
        n.put("required_approvals", 0);
        n.put("enable_status_check", false);
        n.set("status_check_contexts", JSON.createArrayNode());
        n.put("user_can_push", true);
        n.put("user_can_merge", true);
        n.put("effective_branch_protection_name", "");
        return n;
    }

    /** A Compare: the commits of {@code base...head} (reachable from head, not from base), oldest first. */
    ObjectNode compare(String repo, List<String> ahead, Function<String, List<String>> parents, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("total_commits", ahead.size());
        ArrayNode commits = n.putArray("commits");
        ahead.forEach(sha -> commits.add(commit(repo, sha, parents.apply(sha), at)));
        return n;
    }

    /**
     * The combined status: the latest status per context, {@code state} the worst of them in the order
     * error &lt; failure &lt; warning &lt; pending &lt; success. No statuses at all is {@code {}}.
     */
    ObjectNode combinedStatus(String repo, String sha, Map<String, TrackerModel.Status> latest) {
        ObjectNode n = JSON.createObjectNode();
        if (latest.isEmpty()) {
            return n;
        }
        List<String> order = List.of("error", "failure", "warning", "pending", "success");
        String worst = "success";
        ArrayNode statuses = JSON.createArrayNode();
        for (TrackerModel.Status s : latest.values()) {
            int rank = order.indexOf(s.state());
            if (rank >= 0 && rank < order.indexOf(worst)) {
                worst = s.state();
            }
            ObjectNode st = statuses.addObject();
            st.put("id", s.id());
            st.put("status", s.state());
            st.put("target_url", s.targetUrl() == null ? "" : s.targetUrl());
            st.put("description", s.description() == null ? "" : s.description());
            st.put("url", rootUrl + "api/v1/repos/" + repo + "/statuses/" + sha);
            st.put("context", s.context());
            st.putNull("creator");
            st.put("created_at", time(s.at()));
            st.put("updated_at", time(s.at()));
        }
        n.put("state", worst);
        n.put("sha", sha);
        n.put("total_count", latest.size());
        n.set("statuses", statuses);
        n.putNull("repository");
        n.put("commit_url", rootUrl + "api/v1/repos/" + repo + "/commits/" + sha);
        n.put("url", rootUrl + "api/v1/repos/" + repo + "/commits/" + sha + "/status");
        return n;
    }
}
