package dev.afk.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The in-memory state of a simulated issue tracker: repositories, issues, labels, comments, commits (with their
 * parents), branches (each repository has a default branch, {@value #DEFAULT_BRANCH} unless set), commit statuses
 * and deployments. Both HTTP dialects (Forgejo, GitHub) front this one model, so the sandbox, the route tests and
 * the end-to-end tests can set state up and assert on the real effect of AFK's calls.
 *
 * <p>Commit history: {@link #addCommit(String, String, String...)} adds a commit with its parents,
 * {@link #pushCommit} adds one on top of a branch and moves the branch, {@link #mergeCommit} merges another commit
 * into a branch, {@link #setBranchHead}/{@link #setDefaultHead} move a branch to a known commit, and
 * {@link #compare} answers what both dialects' compare endpoints need. {@link #corruptIssueField} makes one issue
 * render with a malformed field in every dialect (listings and single reads).
 * Thread-safe: every method is synchronized; returned values are snapshots.
 */
public final class TrackerModel {

    public record Label(long id, String name) {}

    public record LabelEvent(String label, boolean added, String actor, Instant at) {}

    public record Comment(long id, String body, String user, Instant createdAt, Instant updatedAt) {}

    public record Status(long id, String context, String state, String description, String targetUrl, Instant at) {}

    public record Deployment(long id, String sha, String environment, String state, Instant at) {}

    /**
     * {@code base...head}: the commits reachable from {@code head} and not from {@code base} ({@code ahead}) and the
     * reverse ({@code behind}), each oldest first; {@code mergeBase} is their newest common ancestor, or null when
     * the two histories share none.
     */
    public record Comparison(String base, String head, String mergeBase, List<String> ahead, List<String> behind) {

        public Comparison {
            ahead = List.copyOf(ahead);
            behind = List.copyOf(behind);
        }

        /** GitHub's {@code status}: identical, ahead, behind or diverged. */
        public String status() {
            if (ahead.isEmpty() && behind.isEmpty()) {
                return "identical";
            }
            return behind.isEmpty() ? "ahead" : ahead.isEmpty() ? "behind" : "diverged";
        }
    }

    /** The branch every repository starts with as its default. */
    public static final String DEFAULT_BRANCH = "main";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A snapshot of one issue. */
    public record Issue(String repo, int number, long id, String title, String body, String author, Set<String> labels,
            boolean open, String stateReason, boolean pullRequest, Instant createdAt, Instant updatedAt) {}

    private static final class MutableIssue {
        final String repo;
        final int number;
        final long id;
        String title;
        String body;
        final String author;
        final Set<String> labels = new LinkedHashSet<>();
        boolean open = true;
        String stateReason;
        final boolean pullRequest;
        final Instant createdAt;
        Instant updatedAt;
        final List<Long> comments = new ArrayList<>();
        final List<LabelEvent> events = new ArrayList<>();

        MutableIssue(String repo, int number, long id, String title, String body, String author, boolean pr,
                Instant at) {
            this.repo = repo;
            this.number = number;
            this.id = id;
            this.title = title;
            this.body = body;
            this.author = author;
            this.pullRequest = pr;
            this.createdAt = at;
            this.updatedAt = at;
        }

        Issue snapshot() {
            return new Issue(repo, number, id, title, body, author, Set.copyOf(labels), open, stateReason,
                    pullRequest, createdAt, updatedAt);
        }
    }

    private final Clock clock;
    private long nextId = 1000;
    private final Map<String, Map<Integer, MutableIssue>> issues = new TreeMap<>();
    private final Map<String, Map<String, Label>> repoLabels = new TreeMap<>();
    private final Map<Long, Comment> comments = new LinkedHashMap<>();
    private final Map<Long, String> commentIssue = new LinkedHashMap<>(); // comment id -> "repo#n"
    private final Map<String, Map<String, List<String>>> commits = new TreeMap<>(); // repo -> sha -> parents, oldest first
    private final Map<String, Map<String, String>> branches = new TreeMap<>();      // repo -> branch -> head
    private final Map<String, String> defaultBranches = new TreeMap<>();
    private final Map<String, Map<String, String>> corruptions = new TreeMap<>();   // "repo#n" -> field -> raw JSON
    private final Map<String, List<Status>> statuses = new TreeMap<>();        // "repo@sha"
    private final Map<String, List<Deployment>> deployments = new TreeMap<>(); // "repo@sha"
    private final Set<String> users = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> bots = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Map<String, String>> roles = new TreeMap<>();        // repo -> login -> role
    private final Set<String> privateRepos = new java.util.TreeSet<>();
    private long version;

    public TrackerModel(Clock clock) {
        this.clock = clock;
    }

    /** Increases on every change; the GitHub dialect derives ETags from it. */
    public synchronized long version() {
        return version;
    }

    public synchronized Instant now() {
        return clock.instant();
    }

    // ---- repositories and labels ----

    /** Creates the repository (if new) with the given repository labels. */
    public synchronized void createRepo(String repo, String... labels) {
        issues.computeIfAbsent(repo, r -> new TreeMap<>());
        for (String l : labels) {
            ensureLabel(repo, l);
        }
        version++;
    }

    public synchronized boolean hasRepo(String repo) {
        return issues.containsKey(repo);
    }

    public synchronized List<Label> repoLabels(String repo) {
        return List.copyOf(repoLabels.getOrDefault(repo, Map.of()).values());
    }

    public synchronized Optional<Label> repoLabel(String repo, String name) {
        return Optional.ofNullable(repoLabels.getOrDefault(repo, Map.of()).get(name));
    }

    public synchronized Optional<Label> repoLabelById(String repo, long id) {
        return repoLabels.getOrDefault(repo, Map.of()).values().stream().filter(l -> l.id() == id).findFirst();
    }

    /** Creates a repository label if missing (GitHub creates unknown labels on add; Forgejo does not). */
    public synchronized Label ensureLabel(String repo, String name) {
        return repoLabels.computeIfAbsent(repo, r -> new LinkedHashMap<>())
                .computeIfAbsent(name, n -> new Label(nextId++, n));
    }

    // ---- issues ----

    public synchronized Issue createIssue(String repo, String title, String body, String author, boolean pullRequest,
            String... labels) {
        Map<Integer, MutableIssue> repoIssues = issues.computeIfAbsent(repo, r -> new TreeMap<>());
        int number = repoIssues.size() + 1;
        MutableIssue issue = new MutableIssue(repo, number, nextId++, title, body, author, pullRequest, clock.instant());
        if (author != null) {
            users.add(author);
        }
        repoIssues.put(number, issue);
        for (String l : labels) {
            ensureLabel(repo, l);
            issue.labels.add(l);
            issue.events.add(new LabelEvent(l, true, author, clock.instant()));
        }
        logChange(repo, number, ChangeKind.ISSUE_CREATED, String.join(",", labels), author, 0);
        version++;
        return issue.snapshot();
    }

    /**
     * Edits the issue's title and/or body ({@code null}: unchanged) as {@code actor}, as a {@code PATCH} of the issue
     * does: the issue's {@code updated_at} moves to now; one {@code ISSUE_EDITED} change (value the new body, or the
     * new title when only it changed). The tests' way to script a person editing an issue mid-run. Empty for an
     * unknown issue; nothing changes when both are null.
     */
    public synchronized Optional<Issue> editIssue(String repo, int number, String title, String body, String actor) {
        MutableIssue issue = find(repo, number);
        if (issue == null) {
            return Optional.empty();
        }
        if (title == null && body == null) {
            return Optional.of(issue.snapshot());
        }
        if (actor != null) {
            users.add(actor);
        }
        if (title != null) {
            issue.title = title;
        }
        if (body != null) {
            issue.body = body;
        }
        logChange(repo, number, ChangeKind.ISSUE_EDITED, body != null ? body : title, actor, 0);
        touch(issue);
        return Optional.of(issue.snapshot());
    }

    /** A person ({@code actor}) rewrites the issue's description: {@link #editIssue} with the title unchanged. */
    public synchronized Optional<Issue> editIssueBody(String repo, int number, String body, String actor) {
        return editIssue(repo, number, null, body, actor);
    }

    public synchronized List<Issue> issues(String repo) {
        return issues.getOrDefault(repo, Map.of()).values().stream().map(MutableIssue::snapshot).toList();
    }

    public synchronized Optional<Issue> issue(String repo, int number) {
        return Optional.ofNullable(issues.getOrDefault(repo, Map.of()).get(number)).map(MutableIssue::snapshot);
    }

    /** Adds a label as {@code actor}; returns false when the issue does not exist. Idempotent. */
    public synchronized boolean addLabel(String repo, int number, String label, String actor) {
        MutableIssue issue = find(repo, number);
        if (issue == null) {
            return false;
        }
        ensureLabel(repo, label);
        if (actor != null) {
            users.add(actor);
        }
        if (issue.labels.add(label)) {
            issue.events.add(new LabelEvent(label, true, actor, clock.instant()));
            logChange(repo, number, ChangeKind.LABEL_ADDED, label, actor, 0);
            touch(issue);
        }
        return true;
    }

    /** Removes a label as {@code actor}; returns whether it was on the issue. */
    public synchronized boolean removeLabel(String repo, int number, String label, String actor) {
        MutableIssue issue = find(repo, number);
        if (issue == null || !issue.labels.remove(label)) {
            return false;
        }
        issue.events.add(new LabelEvent(label, false, actor, clock.instant()));
        logChange(repo, number, ChangeKind.LABEL_REMOVED, label, actor, 0);
        touch(issue);
        return true;
    }

    public synchronized List<LabelEvent> labelEvents(String repo, int number) {
        MutableIssue issue = find(repo, number);
        return issue == null ? List.of() : List.copyOf(issue.events);
    }

    /** Closes (or reopens) an issue; {@code reason} is GitHub's state_reason, null on Forgejo. */
    public synchronized boolean setOpen(String repo, int number, boolean open, String reason) {
        MutableIssue issue = find(repo, number);
        if (issue == null) {
            return false;
        }
        logChange(repo, number, open ? ChangeKind.REOPENED : ChangeKind.CLOSED, reason, null, 0);
        issue.open = open;
        issue.stateReason = reason;
        touch(issue);
        return true;
    }

    // ---- comments ----

    public synchronized Optional<Comment> addComment(String repo, int number, String body, String user) {
        return addComment(repo, number, body, user, clock.instant());
    }

    /**
     * A comment by {@code user} created at {@code createdAt} (a person's comment written earlier, say): the tests'
     * way to put comments on both sides of an instant. Ids still grow in the order comments are added, as the
     * trackers list them.
     */
    public synchronized Optional<Comment> addComment(String repo, int number, String body, String user,
            Instant createdAt) {
        MutableIssue issue = find(repo, number);
        if (issue == null) {
            return Optional.empty();
        }
        Instant at = createdAt;
        if (user != null) {
            users.add(user);
        }
        Comment c = new Comment(nextId++, body, user, at, at);
        comments.put(c.id(), c);
        commentIssue.put(c.id(), repo + "#" + number);
        issue.comments.add(c.id());
        logChange(repo, number, ChangeKind.COMMENT_ADDED, body, user, c.id());
        touch(issue);
        return Optional.of(c);
    }

    /**
     * Rewrites a comment of the repository (the simulators' {@code PATCH …/issues/comments/{id}}, and the tests' way to
     * script a person editing their comment): the body changes, the comment's {@code updated_at} and its issue's move
     * to now, its author and {@code created_at} stay. Empty for a comment the repository does not have.
     */
    public synchronized Optional<Comment> editComment(String repo, long id, String body) {
        Comment old = comments.get(id);
        String owner = commentIssue.get(id);
        if (old == null || owner == null || !owner.startsWith(repo + "#")) {
            return Optional.empty();
        }
        Comment c = new Comment(id, body, old.user(), old.createdAt(), clock.instant());
        comments.put(id, c);
        MutableIssue issue = find(repo, Integer.parseInt(owner.substring(owner.indexOf('#') + 1)));
        if (issue != null) {
            logChange(repo, issue.number, ChangeKind.COMMENT_EDITED, body, c.user(), id);
            touch(issue);
        }
        return Optional.of(c);
    }

    public synchronized List<Comment> comments(String repo, int number) {
        MutableIssue issue = find(repo, number);
        return issue == null ? List.of() : issue.comments.stream().map(comments::get).toList();
    }

    // ---- users, bots and repository permissions ----

    /** The roles a user can hold on a repository; each dialect renders them its own way. */
    public static final Set<String> ROLES = Set.of("owner", "admin", "maintain", "write", "triage", "read");

    /** Makes {@code login} a known user (authors, actors and collaborators become known on their own). */
    public synchronized void addUser(String login) {
        users.add(login);
    }

    public synchronized boolean hasUser(String login) {
        return users.stream().anyMatch(u -> u.equalsIgnoreCase(login));
    }

    /** Makes {@code login} a known account that is not a person (an app, CI): each dialect renders it as such. */
    public synchronized void markBot(String login) {
        users.add(login);
        bots.add(login);
        version++;
    }

    public synchronized boolean isBot(String login) {
        return login != null && bots.contains(login);
    }

    /** {@code login}'s role on {@code repo} (one of {@link #ROLES}), or null to make them no collaborator. */
    public synchronized void setRole(String repo, String login, String role) {
        if (role != null && !ROLES.contains(role)) {
            throw new IllegalArgumentException("not a role: " + role);
        }
        users.add(login);
        Map<String, String> repoRoles = roles.computeIfAbsent(repo, r -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
        if (role == null) {
            repoRoles.remove(login);
        } else {
            repoRoles.put(login, role);
        }
        version++;
    }

    /** The collaborator role of {@code login} on {@code repo}, if any. */
    public synchronized Optional<String> role(String repo, String login) {
        return Optional.ofNullable(roles.getOrDefault(repo, Map.of()).get(login));
    }

    /** A private repository gives a user who is no collaborator no access; a public one (the default) read. */
    public synchronized void setPrivate(String repo, boolean isPrivate) {
        if (isPrivate) {
            privateRepos.add(repo);
        } else {
            privateRepos.remove(repo);
        }
        version++;
    }

    public synchronized boolean isPrivate(String repo) {
        return privateRepos.contains(repo);
    }

    /**
     * Makes issue {@code number} render with {@code field} set to {@code rawJson} (any JSON text, e.g.
     * {@code {"name":"x"}} for {@code labels}), or without the field when {@code rawJson} is null: the issue item is
     * then malformed in both dialects, in listings and single reads, while every other issue stays intact.
     */
    public synchronized void corruptIssueField(String repo, int number, String field, String rawJson) {
        if (find(repo, number) == null) {
            throw new IllegalArgumentException("no issue " + repo + "#" + number);
        }
        if (rawJson != null) {
            try {
                JSON.readTree(rawJson);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON: " + rawJson, e);
            }
        }
        corruptions.computeIfAbsent(repo + "#" + number, k -> new LinkedHashMap<>()).put(field, rawJson);
        version++;
    }

    /** Undoes {@link #corruptIssueField} for the issue. */
    public synchronized void repairIssue(String repo, int number) {
        if (corruptions.remove(repo + "#" + number) != null) {
            version++;
        }
    }

    /** {@code rendered} (an issue as a dialect renders it) with the issue's corrupted fields applied. */
    synchronized ObjectNode corrupted(Issue issue, ObjectNode rendered) {
        Map<String, String> fields = corruptions.get(issue.repo() + "#" + issue.number());
        if (fields == null) {
            return rendered;
        }
        ObjectNode out = rendered.deepCopy();
        fields.forEach((field, raw) -> {
            if (raw == null) {
                out.remove(field);
            } else {
                try {
                    out.set(field, JSON.readTree(raw));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e); // checked when stored
                }
            }
        });
        return out;
    }

    // ---- commits and branches ----

    /**
     * Adds a commit with the given parents (none: a root commit), on no branch; the parents must be known. Adding a
     * known commit again changes nothing.
     */
    public synchronized void addCommit(String repo, String sha, String... parents) {
        Map<String, List<String>> repoCommits = commits.computeIfAbsent(repo, r -> new LinkedHashMap<>());
        if (repoCommits.containsKey(sha)) {
            return;
        }
        for (String p : parents) {
            if (!repoCommits.containsKey(p)) {
                throw new IllegalArgumentException("unknown parent " + p + " of " + sha + " in " + repo);
            }
        }
        repoCommits.put(sha, List.of(parents));
        version++;
    }

    public synchronized boolean hasCommit(String repo, String sha) {
        return commits.getOrDefault(repo, Map.of()).containsKey(sha);
    }

    /** Every commit of the repository, oldest first. */
    public synchronized List<String> commits(String repo) {
        return List.copyOf(commits.getOrDefault(repo, Map.of()).keySet());
    }

    /** The parents of a known commit, empty for a root or unknown commit. */
    public synchronized List<String> parents(String repo, String sha) {
        return commits.getOrDefault(repo, Map.of()).getOrDefault(sha, List.of());
    }

    /**
     * Adds commit {@code sha} on top of {@code branch} (its only parent is the branch's head, none on a new branch)
     * and moves the branch to it: a push, or a fast-forward merge into the default branch.
     */
    public synchronized String pushCommit(String repo, String branch, String sha) {
        String head = branchHead(repo, branch).orElse(null);
        if (head == null) {
            addCommit(repo, sha);
        } else {
            addCommit(repo, sha, head);
        }
        branches.computeIfAbsent(repo, r -> new TreeMap<>()).put(branch, sha);
        version++;
        return sha;
    }

    /**
     * Merges the known commit {@code other} into {@code branch}: a new commit {@code mergeSha} with the parents
     * (branch head, other) becomes the branch's head. On an empty branch the branch simply moves to {@code other}
     * and {@code mergeSha} is not created.
     */
    public synchronized String mergeCommit(String repo, String branch, String mergeSha, String other) {
        if (!hasCommit(repo, other)) {
            throw new IllegalArgumentException("unknown commit " + other + " in " + repo);
        }
        String head = branchHead(repo, branch).orElse(null);
        if (head == null) {
            setBranchHead(repo, branch, other);
            return other;
        }
        addCommit(repo, mergeSha, head, other);
        setBranchHead(repo, branch, mergeSha);
        return mergeSha;
    }

    /** Points {@code branch} at the known commit {@code sha} (creating the branch), as a force-push would. */
    public synchronized void setBranchHead(String repo, String branch, String sha) {
        if (!hasCommit(repo, sha)) {
            throw new IllegalArgumentException("unknown commit " + sha + " in " + repo);
        }
        branches.computeIfAbsent(repo, r -> new TreeMap<>()).put(branch, sha);
        version++;
    }

    /** {@link #setBranchHead} for the repository's default branch. */
    public synchronized void setDefaultHead(String repo, String sha) {
        setBranchHead(repo, defaultBranch(repo), sha);
    }

    public synchronized Optional<String> branchHead(String repo, String branch) {
        return Optional.ofNullable(branches.getOrDefault(repo, Map.of()).get(branch));
    }

    /** The head of the default branch; empty while the repository has no commit on it. */
    public synchronized Optional<String> defaultHead(String repo) {
        return branchHead(repo, defaultBranch(repo));
    }

    /** Makes {@code branch} the default from now on (no branch is created, renamed or moved). */
    public synchronized void setDefaultBranch(String repo, String branch) {
        defaultBranches.put(repo, branch);
        version++;
    }

    public synchronized String defaultBranch(String repo) {
        return defaultBranches.getOrDefault(repo, DEFAULT_BRANCH);
    }

    /** {@code base...head} from the commit ancestry; empty when either commit is unknown. */
    public synchronized Optional<Comparison> compare(String repo, String base, String head) {
        if (!hasCommit(repo, base) || !hasCommit(repo, head)) {
            return Optional.empty();
        }
        Set<String> fromBase = reachable(repo, base);
        Set<String> fromHead = reachable(repo, head);
        List<String> ahead = new ArrayList<>();
        List<String> behind = new ArrayList<>();
        String mergeBase = null;
        for (String sha : commits.get(repo).keySet()) { // insertion order is a topological order
            boolean b = fromBase.contains(sha);
            boolean h = fromHead.contains(sha);
            if (h && !b) {
                ahead.add(sha);
            } else if (b && !h) {
                behind.add(sha);
            } else if (b) {
                mergeBase = sha;
            }
        }
        return Optional.of(new Comparison(base, head, mergeBase, ahead, behind));
    }

    private Set<String> reachable(String repo, String from) {
        Map<String, List<String>> repoCommits = commits.getOrDefault(repo, Map.of());
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String sha = todo.pop();
            if (seen.add(sha)) {
                todo.addAll(repoCommits.getOrDefault(sha, List.of()));
            }
        }
        return seen;
    }

    // ---- statuses, deployments ----

    public synchronized Status addStatus(String repo, String sha, String context, String state, String description,
            String targetUrl) {
        Status s = new Status(nextId++, context, state, description, targetUrl, clock.instant());
        statuses.computeIfAbsent(repo + "@" + sha, k -> new ArrayList<>()).add(s);
        version++;
        hook(new HookEvent("STATUS", repo, 0, state, null, sha));
        return s;
    }

    /** Every status of the commit, oldest first (the latest per context is the one that counts). */
    public synchronized List<Status> statuses(String repo, String sha) {
        return List.copyOf(statuses.getOrDefault(repo + "@" + sha, List.of()));
    }

    public synchronized Deployment addDeployment(String repo, String sha, String environment, String state) {
        Deployment d = new Deployment(nextId++, sha, environment, state, clock.instant());
        deployments.computeIfAbsent(repo + "@" + sha, k -> new ArrayList<>()).add(d);
        version++;
        hook(new HookEvent("DEPLOYMENT_STATUS", repo, 0, state, null, sha));
        return d;
    }

    public synchronized List<Deployment> deployments(String repo, String sha) {
        return List.copyOf(deployments.getOrDefault(repo + "@" + sha, List.of()));
    }

    /** One deployment of the repository by id (GitHub's {@code /deployments/{id}/statuses} names no SHA). */
    public synchronized Optional<Deployment> deployment(String repo, long id) {
        String prefix = repo + "@";
        return deployments.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .flatMap(e -> e.getValue().stream()).filter(d -> d.id() == id).findFirst();
    }

    private MutableIssue find(String repo, int number) {
        return issues.getOrDefault(repo, Map.of()).get(number);
    }

    private void touch(MutableIssue issue) {
        issue.updatedAt = clock.instant();
        version++;
    }

    // ---- the change log: every change to an issue, in one order across all repos (fleet-wide checks) ----

    /** What an entry of {@link #changes()} records. */
    public enum ChangeKind {
        ISSUE_CREATED, LABEL_ADDED, LABEL_REMOVED, CLOSED, REOPENED, COMMENT_ADDED, COMMENT_EDITED, ISSUE_EDITED
    }

    /**
     * One change to an issue. {@code seq} numbers the changes in the order the model applied them, across every
     * repository and issue (1, 2, 3, ...); {@code at} is the model clock right after the change. {@code value} is the
     * label for label changes, the new body for comment changes and issue edits (the new title when only the title
     * changed), the initial labels joined by commas for
     * {@code ISSUE_CREATED}, and the state reason (or null) for {@code CLOSED}/{@code REOPENED}. {@code actor} is who
     * made the change (the comment's author for comment changes, the editor for issue edits; null for open/close, which the model does not
     * attribute). {@code commentId} is the comment's id for comment changes, else 0.
     */
    public record Change(long seq, Instant at, String repo, int number, ChangeKind kind, String value, String actor,
            long commentId) {}

    private final List<Change> changes = new ArrayList<>();

    /** Every change so far, oldest first (a snapshot). */
    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    private void logChange(String repo, int number, ChangeKind kind, String value, String actor, long commentId) {
        Change c = new Change(changes.size() + 1L, clock.instant(), repo, number, kind, value, actor, commentId);
        changes.add(c);
        hook(new HookEvent(kind.name(), repo, number, value, actor, null));
    }

    // ---- what a tracker's webhooks would report (issue 13): issue changes, statuses, deployments, check runs ----

    /**
     * One thing a tracker's webhook reports: {@code kind} is a {@link ChangeKind} name, or {@code STATUS},
     * {@code DEPLOYMENT_STATUS}, {@code CHECK_RUN}; {@code value} as in {@link Change} (the state or conclusion for
     * the commit events), {@code sha} for the commit events (number 0).
     */
    public record HookEvent(String kind, String repo, int number, String value, String actor, String sha) {}

    private final List<java.util.function.Consumer<HookEvent>> hookListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Calls {@code listener} with every {@link HookEvent}, in the order of the changes (from the changing thread). */
    public void onHook(java.util.function.Consumer<HookEvent> listener) {
        hookListeners.add(listener);
    }

    /** Reports a commit event (a status, a deployment's status, a check run). */
    void hook(HookEvent e) {
        hookListeners.forEach(l -> l.accept(e));
    }
}
