package dev.afk.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitHub's JSON shapes (API version 2022-11-28) for the simulator's replies, trimmed to the fields AFK reads. */
final class GitHubSimJson {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A check run the simulator holds (TrackerModel has none: only GitHub has check runs). */
    record CheckRun(long id, String repo, String sha, String name, String status, String conclusion, String htmlUrl,
            String title, Instant at) {}

    private GitHubSimJson() {}

    static ObjectNode user(String login) {
        ObjectNode u = JSON.createObjectNode().put("login", login).put("type", "User");
        return u;
    }

    static ObjectNode label(TrackerModel.Label l) {
        return JSON.createObjectNode().put("id", l.id()).put("node_id", "LA_" + l.id())
                .put("url", "").put("name", l.name()).put("color", "ededed").put("default", false)
                .putNull("description");
    }

    static ArrayNode labels(TrackerModel model, String repo, Collection<String> names) {
        ArrayNode out = JSON.createArrayNode();
        for (String n : names) {
            out.add(label(model.repoLabel(repo, n).orElse(new TrackerModel.Label(0, n))));
        }
        return out;
    }

    static ObjectNode issue(TrackerModel model, String base, TrackerModel.Issue i) {
        String web = "https://github.example/" + i.repo() + (i.pullRequest() ? "/pull/" : "/issues/") + i.number();
        ObjectNode n = JSON.createObjectNode().put("id", i.id()).put("node_id", "I_" + i.id())
                .put("url", base + "/repos/" + i.repo() + "/issues/" + i.number()).put("html_url", web)
                .put("number", i.number()).put("state", i.open() ? "open" : "closed").put("title", i.title())
                .put("body", i.body());
        if (i.stateReason() == null) {
            n.putNull("state_reason");
        } else {
            n.put("state_reason", i.stateReason());
        }
        n.set("user", user(i.author()));
        n.set("labels", labels(model, i.repo(), i.labels()));
        n.put("locked", false).put("comments", model.comments(i.repo(), i.number()).size())
                .put("created_at", i.createdAt().toString()).put("updated_at", i.updatedAt().toString());
        if (i.open()) {
            n.putNull("closed_at");
        } else {
            n.put("closed_at", i.updatedAt().toString());
        }
        if (i.pullRequest()) {
            n.putObject("pull_request").put("url", base + "/repos/" + i.repo() + "/pulls/" + i.number())
                    .put("html_url", web).putNull("merged_at");
        }
        return model.corrupted(i, n);
    }

    static ObjectNode comment(String base, String repo, int number, TrackerModel.Comment c) {
        return comment(base, repo, number, c, false);
    }

    /** A comment; a {@code bot} author has {@code user.type "Bot"}. Times to the second, as GitHub gives them. */
    static ObjectNode comment(String base, String repo, int number, TrackerModel.Comment c, boolean bot) {
        ObjectNode n = JSON.createObjectNode().put("id", c.id()).put("node_id", "IC_" + c.id())
                .put("url", base + "/repos/" + repo + "/issues/comments/" + c.id())
                .put("html_url", "https://github.example/" + repo + "/issues/" + number + "#issuecomment-" + c.id())
                .put("issue_url", base + "/repos/" + repo + "/issues/" + number).put("body", c.body());
        ObjectNode user = user(c.user());
        if (bot) {
            user.put("type", "Bot");
        }
        n.set("user", user);
        return n.put("created_at", seconds(c.createdAt())).put("updated_at", seconds(c.updatedAt()));
    }

    static String seconds(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /**
     * {@code repository-collaborator-permission}: {@code permission} is the legacy base role (maintain reads as
     * write, triage as read), {@code role_name} the role itself.
     */
    static ObjectNode permission(String login, String permission, String roleName) {
        ObjectNode n = JSON.createObjectNode().put("permission", permission).put("role_name", roleName);
        n.set("user", user(login));
        return n;
    }

    static ObjectNode event(long id, TrackerModel.LabelEvent e) {
        ObjectNode n = JSON.createObjectNode().put("id", id).put("node_id", "LE_" + id)
                .put("event", e.added() ? "labeled" : "unlabeled");
        n.set("actor", user(e.actor()));
        n.putObject("label").put("name", e.label()).put("color", "ededed");
        n.put("created_at", e.at().toString()).putNull("performed_via_github_app");
        return n;
    }

    static ObjectNode commit(String repo, String sha) {
        return commit(repo, sha, List.of());
    }

    static ObjectNode commit(String repo, String sha, List<String> parents) {
        ObjectNode n = JSON.createObjectNode().put("sha", sha).put("node_id", "C_" + sha)
                .put("html_url", "https://github.example/" + repo + "/commit/" + sha);
        n.putObject("commit").put("message", "simulated commit");
        ArrayNode ps = n.putArray("parents");
        parents.forEach(p -> ps.addObject().put("sha", p)
                .put("html_url", "https://github.example/" + repo + "/commit/" + p));
        return n;
    }

    /** A full repository (trimmed to what a client may read). */
    static ObjectNode repository(String base, String repo, String defaultBranch) {
        ObjectNode n = JSON.createObjectNode().put("id", Math.abs((long) repo.hashCode()) % 100_000 + 1)
                .put("node_id", "R_" + repo).put("name", repo.substring(repo.indexOf('/') + 1))
                .put("full_name", repo).put("private", false)
                .put("html_url", "https://github.example/" + repo).put("url", base + "/repos/" + repo)
                .put("default_branch", defaultBranch).put("archived", false).put("disabled", false);
        n.set("owner", user(repo.substring(0, repo.indexOf('/'))));
        return n;
    }

    /** A branch with its head commit ({@code commit.sha}). */
    static ObjectNode branch(String base, String repo, String name, String sha, List<String> parents) {
        ObjectNode n = JSON.createObjectNode().put("name", name);
        ObjectNode c = commit(repo, sha, parents);
        c.put("url", base + "/repos/" + repo + "/commits/" + sha);
        n.set("commit", c);
        n.putObject("_links").put("self", base + "/repos/" + repo + "/branches/" + name)
                .put("html", "https://github.example/" + repo + "/tree/" + name);
        n.put("protected", false);
        return n;
    }

    /**
     * A commit comparison: {@code status}, {@code ahead_by}, {@code behind_by} and {@code total_commits} cover the
     * whole comparison; {@code commits} is the requested page of the ahead commits (oldest first).
     */
    static ObjectNode comparison(String base, String repo, TrackerModel.Comparison cmp, List<String> page,
            java.util.function.Function<String, List<String>> parents) {
        ObjectNode n = JSON.createObjectNode()
                .put("url", base + "/repos/" + repo + "/compare/" + cmp.base() + "..." + cmp.head())
                .put("html_url", "https://github.example/" + repo + "/compare/" + cmp.base() + "..." + cmp.head());
        n.set("base_commit", commit(repo, cmp.base(), parents.apply(cmp.base())));
        n.set("merge_base_commit", commit(repo, cmp.mergeBase(), parents.apply(cmp.mergeBase())));
        n.put("status", cmp.status()).put("ahead_by", cmp.ahead().size()).put("behind_by", cmp.behind().size())
                .put("total_commits", cmp.ahead().size());
        ArrayNode commits = n.putArray("commits");
        page.forEach(sha -> commits.add(commit(repo, sha, parents.apply(sha))));
        n.putArray("files");
        return n;
    }

    static ObjectNode checkRun(CheckRun r) {
        ObjectNode n = JSON.createObjectNode().put("id", r.id()).put("name", r.name()).put("head_sha", r.sha())
                .put("status", r.status()).put("html_url", r.htmlUrl()).put("details_url", r.htmlUrl())
                .put("started_at", r.at().toString());
        if (r.conclusion() == null) {
            n.putNull("conclusion").putNull("completed_at");
        } else {
            n.put("conclusion", r.conclusion()).put("completed_at", r.at().toString());
        }
        n.putObject("output").put("title", r.title() == null ? "" : r.title()).put("summary", "");
        n.putObject("app").put("slug", "github-actions");
        return n;
    }

    /** The latest status per context, and GitHub's combined state: pending with no statuses. */
    static ObjectNode combinedStatus(String repo, String sha, List<TrackerModel.Status> all) {
        Map<String, TrackerModel.Status> latest = new LinkedHashMap<>();
        for (TrackerModel.Status s : all) { // oldest first: later ones replace earlier ones
            latest.remove(s.context());
            latest.put(s.context(), s);
        }
        String state = latest.isEmpty() ? "pending" : "success";
        for (TrackerModel.Status s : latest.values()) {
            if (s.state().equals("failure") || s.state().equals("error")) {
                state = "failure";
            } else if (s.state().equals("pending") && !state.equals("failure")) {
                state = "pending";
            }
        }
        ObjectNode n = JSON.createObjectNode().put("state", state).put("sha", sha)
                .put("total_count", latest.size());
        ArrayNode statuses = n.putArray("statuses");
        List<TrackerModel.Status> newestFirst = new java.util.ArrayList<>(latest.values());
        java.util.Collections.reverse(newestFirst);
        for (TrackerModel.Status s : newestFirst) {
            statuses.addObject().put("id", s.id()).put("context", s.context()).put("state", s.state())
                    .put("description", s.description()).put("target_url", s.targetUrl())
                    .put("created_at", s.at().toString()).put("updated_at", s.at().toString());
        }
        n.putObject("repository").put("full_name", repo);
        return n;
    }

    static ObjectNode deployment(String base, String repo, TrackerModel.Deployment d) {
        return JSON.createObjectNode().put("id", d.id()).put("sha", d.sha()).put("ref", d.sha())
                .put("task", "deploy").put("environment", d.environment()).put("created_at", d.at().toString())
                .put("statuses_url", base + "/repos/" + repo + "/deployments/" + d.id() + "/statuses");
    }

    /** The model keeps one state per deployment: it becomes the deployment's only (newest) status. */
    static ObjectNode deploymentStatus(String repo, TrackerModel.Deployment d) {
        return JSON.createObjectNode().put("id", d.id() * 10 + 1).put("state", d.state())
                .put("environment", d.environment()).put("description", "simulated deployment")
                .put("log_url", "https://github.example/" + repo + "/deployments/" + d.id())
                .put("environment_url", "").put("created_at", d.at().toString());
    }

    static String message(String message) {
        return JSON.createObjectNode().put("message", message)
                .put("documentation_url", "https://docs.github.com/rest").toString();
    }
}
