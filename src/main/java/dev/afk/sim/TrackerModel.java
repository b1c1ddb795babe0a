package dev.afk.sim;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The in-memory state of a simulated issue tracker: repositories, issues, labels, comments, commits, commit
 * statuses and deployments. Both HTTP dialects (Forgejo, GitHub) front this one model, so the sandbox, the route
 * tests and the end-to-end tests can set state up and assert on the real effect of AFK's calls.
 * Thread-safe: every method is synchronized; returned values are snapshots.
 */
public final class TrackerModel {

    public record Label(long id, String name) {}

    public record LabelEvent(String label, boolean added, String actor, Instant at) {}

    public record Comment(long id, String body, String user, Instant createdAt, Instant updatedAt) {}

    public record Status(long id, String context, String state, String description, String targetUrl, Instant at) {}

    public record Deployment(long id, String sha, String environment, String state, Instant at) {}

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
    private final Map<String, Set<String>> commits = new TreeMap<>();
    private final Map<String, List<Status>> statuses = new TreeMap<>();        // "repo@sha"
    private final Map<String, List<Deployment>> deployments = new TreeMap<>(); // "repo@sha"
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
        MutableIssue issue = find(repo, number);
        if (issue == null) {
            return Optional.empty();
        }
        Instant at = clock.instant();
        Comment c = new Comment(nextId++, body, user, at, at);
        comments.put(c.id(), c);
        commentIssue.put(c.id(), repo + "#" + number);
        issue.comments.add(c.id());
        logChange(repo, number, ChangeKind.COMMENT_ADDED, body, user, c.id());
        touch(issue);
        return Optional.of(c);
    }

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

    // ---- commits, statuses, deployments ----

    public synchronized void addCommit(String repo, String sha) {
        commits.computeIfAbsent(repo, r -> new LinkedHashSet<>()).add(sha);
        version++;
    }

    public synchronized boolean hasCommit(String repo, String sha) {
        return commits.getOrDefault(repo, Set.of()).contains(sha);
    }

    public synchronized Status addStatus(String repo, String sha, String context, String state, String description,
            String targetUrl) {
        Status s = new Status(nextId++, context, state, description, targetUrl, clock.instant());
        statuses.computeIfAbsent(repo + "@" + sha, k -> new ArrayList<>()).add(s);
        version++;
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
    public enum ChangeKind { ISSUE_CREATED, LABEL_ADDED, LABEL_REMOVED, CLOSED, REOPENED, COMMENT_ADDED, COMMENT_EDITED }

    /**
     * One change to an issue. {@code seq} numbers the changes in the order the model applied them, across every
     * repository and issue (1, 2, 3, ...); {@code at} is the model clock right after the change. {@code value} is the
     * label for label changes, the new body for comment changes, the initial labels joined by commas for
     * {@code ISSUE_CREATED}, and the state reason (or null) for {@code CLOSED}/{@code REOPENED}. {@code actor} is who
     * made the change (the comment's author for comment changes; null for open/close, which the model does not
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
        changes.add(new Change(changes.size() + 1L, clock.instant(), repo, number, kind, value, actor, commentId));
    }
}
