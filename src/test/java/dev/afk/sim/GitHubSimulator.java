package dev.afk.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API (version 2022-11-28) at the root path, like {@code api.github.com}, in front of the shared
 * {@link TrackerModel}: the calls AFK makes, with GitHub's shapes and quirks (docs/reference/trackers.md): pull requests in the
 * issue list, cursor paging through {@code Link}, ETag/304 free of the rate limit, {@code x-ratelimit-*} headers,
 * unknown labels created on add, {@code DELETE} label → 200/404, {@code state_reason}, label events, check runs,
 * combined status ({@code pending}, {@code total_count 0} when empty), deployments and their statuses.
 *
 * <p>Every request is validated (token, required headers, body shapes); a violation is answered the way GitHub
 * answers it and recorded in {@link #violations()}, so a test can assert AFK never sent one.
 */
public final class GitHubSimulator extends SimServer {

    /** Request headers a well-behaved client sends; anything else leaked in from somewhere (a violation). */
    private static final Set<String> KNOWN_HEADERS = Set.of("accept", "accept-encoding", "authorization",
            "connection", "content-length", "content-type", "host", "if-none-match", "user-agent",
            "x-github-api-version", "transfer-encoding", "expect", "keep-alive", "upgrade", "http2-settings");
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{4,40}");
    private static final Set<String> STATE_REASONS = Set.of("completed", "not_planned", "reopened", "duplicate");
    private static final Set<String> CHECK_STATUSES = Set.of("queued", "in_progress", "completed", "waiting",
            "requested", "pending");
    /** A completed check run's conclusions (docs/reference/trackers.md §8); null until completed. */
    static final Set<String> CHECK_CONCLUSIONS = Set.of("success", "failure", "neutral", "cancelled", "skipped",
            "timed_out", "action_required", "stale");
    /** A commit status's states (docs/reference/trackers.md §8): error, failure, pending, success. */
    static final Set<String> STATUS_STATES = Set.of("error", "failure", "pending", "success");
    private static final Set<String> PATCH_FIELDS = Set.of("title", "body", "state", "state_reason", "labels",
            "assignees", "assignee", "milestone", "type");

    private final Clock clock;
    private final TrackerModel model;
    private final String acceptedToken;
    private final String actorLogin;
    private final List<GitHubSimJson.CheckRun> checkRuns = new ArrayList<>();
    private long nextCheckRunId = 900_000;
    private long version;           // changes the simulator owns (check runs); ETags include it with the model's
    private int rateLimit = 5000;
    private int rateUsed;
    private long rateResetEpoch;
    private Instant secondaryUntil = Instant.MIN;
    private int secondaryStatus;
    private int maxPageSize = 100;

    public GitHubSimulator(int port, Clock clock, TrackerModel model, String acceptedToken, String actorLogin) {
        super(port);
        this.clock = clock;
        this.model = model;
        this.acceptedToken = acceptedToken;
        this.actorLogin = actorLogin;
        this.rateResetEpoch = clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
    }

    @Override
    public GitHubSimulator start() {
        super.start();
        return this;
    }

    // ---- test API ----

    public TrackerModel model() {
        return model;
    }

    /** Adds a check run (GitHub Actions writes these, not statuses); {@code conclusion} null until completed. */
    public synchronized GitHubSimJson.CheckRun addCheckRun(String repo, String sha, String name, String status,
            String conclusion, String url) {
        return addCheckRun(repo, sha, name, status, conclusion, url, "");
    }

    public synchronized GitHubSimJson.CheckRun addCheckRun(String repo, String sha, String name, String status,
            String conclusion, String url, String title) {
        if (!CHECK_STATUSES.contains(status)) {
            throw new IllegalArgumentException("not a check run status: " + status);
        }
        if (status.equals("completed") ? !CHECK_CONCLUSIONS.contains(conclusion) : conclusion != null) {
            throw new IllegalArgumentException("not a conclusion of a " + status + " check run: " + conclusion);
        }
        GitHubSimJson.CheckRun run = new GitHubSimJson.CheckRun(nextCheckRunId++, repo, sha, name, status,
                conclusion, url, title, clock.instant());
        checkRuns.add(run);
        version++;
        model.hook(new TrackerModel.HookEvent("CHECK_RUN", repo, 0, status + ":" + conclusion, null, sha));
        return run;
    }

    /** A fresh primary rate-limit window of {@code limit} requests (304s are free), resetting in an hour. */
    public synchronized void setRateLimit(int limit) {
        setRateLimit(limit, Duration.ofHours(1));
    }

    /**
     * A fresh primary window of {@code limit} requests that resets {@code resetIn} from now on the simulator's
     * clock. Once used up, every request is refused the way GitHub does it (403, {@code x-ratelimit-remaining: 0},
     * {@code x-ratelimit-reset}, "API rate limit exceeded…"); when the clock passes the reset the window refills to
     * {@code limit} for another hour (a limit of 0 therefore refuses for ever; {@link #useUpRateLimit} empties a
     * window that refills).
     */
    public synchronized void setRateLimit(int limit, Duration resetIn) {
        this.rateLimit = limit;
        this.rateUsed = 0;
        this.rateResetEpoch = clock.instant().plus(resetIn).getEpochSecond();
    }

    /** Uses up the current window (every request is refused as exhausted) and moves its reset to {@code resetIn}. */
    public synchronized void useUpRateLimit(Duration resetIn) {
        this.rateUsed = rateLimit;
        this.rateResetEpoch = clock.instant().plus(resetIn).getEpochSecond();
    }

    /**
     * GitHub's secondary rate limit for {@code duration} on the simulator's clock: every request is answered
     * {@code status} (403 or 429) with {@code retry-after} (the seconds left) and the "secondary rate limit"
     * message; {@link Duration#ZERO} lifts it.
     */
    public synchronized void setSecondaryLimit(int status, Duration duration) {
        this.secondaryStatus = status;
        this.secondaryUntil = clock.instant().plus(duration);
    }

    public synchronized int rateRemaining() {
        return Math.max(0, rateLimit - rateUsed);
    }

    public synchronized long rateResetEpochSecond() {
        return rateResetEpoch;
    }

    /** Caps page sizes below GitHub's 100 so tests can page through a handful of items. */
    public synchronized void setMaxPageSize(int size) {
        this.maxPageSize = Math.max(1, size);
    }

    // ---- HTTP ----

    @Override
    protected synchronized Reply handle(String method, String path, Map<String, String> query,
            Map<String, String> headers, String body) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        String where = method + " " + path;
        Reply refused = checkCredentialsAndHeaders(where, h);
        if (refused != null) {
            return refused;
        }
        Reply limited = rateWindow();
        if (limited != null) {
            return limited;
        }
        if (method.equals("GET")) {
            Reply reply = get(path, query);
            if (reply.status() == 200) {
                String etag = etag(path, query);
                if (etag.equals(h.get("If-None-Match"))) {
                    return rateHeaders(Reply.empty(304).withHeader("ETag", etag)); // free of the rate limit
                }
                reply = reply.withHeader("ETag", etag);
            }
            return spend(reply);
        }
        if (rateRemaining() == 0) {
            return exhausted();
        }
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : GitHubSimJson.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return violation(where + ": body is not JSON", 400, "Problems parsing JSON");
        }
        return spend(mutate(where, method, path, json));
    }

    private Reply checkCredentialsAndHeaders(String where, Map<String, String> h) {
        String auth = h.get("Authorization");
        if (auth == null || !(auth.equals("Bearer " + acceptedToken) || auth.equals("token " + acceptedToken))) {
            violation(where + ": missing or wrong token");
            return Reply.json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest\",\"status\":\"401\"}");
        }
        for (String name : h.keySet()) {
            if (!KNOWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                violation(where + ": unexpected request header " + name);
            }
        }
        String agent = h.get("User-Agent");
        if (agent == null || agent.isBlank()) {
            return violation(where + ": no User-Agent", 403, "Request forbidden by administrative rules. "
                    + "Please make sure your request has a User-Agent header");
        }
        String version = h.get("X-GitHub-Api-Version");
        if (!"2022-11-28".equals(version)) {
            return violation(where + ": X-GitHub-Api-Version is " + version + ", not 2022-11-28", 400,
                    "API version '" + version + "' is not supported.");
        }
        if (!"application/vnd.github+json".equals(h.get("Accept"))) {
            return violation(where + ": Accept is " + h.get("Accept"), 415, "Unsupported 'Accept' header");
        }
        return null;
    }

    // ---- reads ----

    private Reply get(String path, Map<String, String> query) {
        String[] p = segments(path);
        if (p.length < 3 || !p[0].equals("repos")) {
            return unknown("GET " + path);
        }
        String repo = p[1] + "/" + p[2];
        if (!model.hasRepo(repo)) {
            return notFound();
        }
        String[] rest = Arrays.copyOfRange(p, 3, p.length);
        String base = baseUrl();
        if (rest.length == 0) {
            return json(200, GitHubSimJson.repository(base, repo, model.defaultBranch(repo)));
        }
        if (rest.length >= 2 && rest[0].equals("branches")) {
            String name = String.join("/", Arrays.copyOfRange(rest, 1, rest.length));
            return model.branchHead(repo, name)
                    .map(sha -> json(200, GitHubSimJson.branch(base, repo, name, sha, model.parents(repo, sha))))
                    .orElseGet(() -> Reply.json(404, GitHubSimJson.message("Branch not found")));
        }
        if (matches(rest, "compare", "*")) {
            return compare(repo, path, rest[1], query);
        }
        if (matches(rest, "issues")) {
            return listIssues(repo, path, query);
        }
        if (matches(rest, "issues", "#")) {
            return model.issue(repo, Integer.parseInt(rest[1]))
                    .map(i -> json(200, GitHubSimJson.issue(model, base, i))).orElseGet(GitHubSimulator::notFound);
        }
        if (matches(rest, "issues", "#", "labels")) {
            return model.issue(repo, Integer.parseInt(rest[1]))
                    .map(i -> json(200, GitHubSimJson.labels(model, repo, i.labels())))
                    .orElseGet(GitHubSimulator::notFound);
        }
        if (matches(rest, "issues", "#", "comments")) {
            int n = Integer.parseInt(rest[1]);
            if (model.issue(repo, n).isEmpty()) {
                return notFound();
            }
            Instant since;
            try {
                since = query.containsKey("since") ? Instant.parse(query.get("since")) : null;
            } catch (java.time.format.DateTimeParseException e) {
                return violation("GET " + path + ": since=" + query.get("since") + " is not an ISO 8601 time", 422,
                        "Validation Failed");
            }
            if (query.containsKey("page")) {
                violation("GET " + path + ": page= built by the client; follow Link rel=\"next\" instead");
            }
            // since is on the updated time, at GitHub's resolution of one second: an edited old comment is listed.
            List<ObjectNode> all = model.comments(repo, n).stream()
                    .filter(c -> since == null || !c.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .isBefore(since))
                    .map(c -> GitHubSimJson.comment(base, repo, n, c, model.isBot(c.user()))).toList();
            return paged(all, query, path);
        }
        if (matches(rest, "collaborators", "*", "permission")) {
            return permission(repo, rest[1]);
        }
        if (matches(rest, "issues", "#", "events")) {
            int n = Integer.parseInt(rest[1]);
            var issue = model.issue(repo, n);
            if (issue.isEmpty()) {
                return notFound();
            }
            List<TrackerModel.LabelEvent> events = model.labelEvents(repo, n);
            List<ObjectNode> all = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                all.add(GitHubSimJson.event(issue.get().id() * 1000 + i, events.get(i)));
            }
            return paged(all, query, path);
        }
        if (matches(rest, "commits", "*")) {
            return commit(repo, rest[1]);
        }
        if (matches(rest, "commits", "*", "check-runs")) {
            List<ObjectNode> runs = latestCheckRuns(repo, rest[1], query).stream().map(GitHubSimJson::checkRun)
                    .toList();
            GitHubSimPaging.Page<ObjectNode> page = GitHubSimPaging.page(runs, query, base, path, maxPageSize);
            ObjectNode out = GitHubSimJson.JSON.createObjectNode().put("total_count", runs.size());
            out.putArray("check_runs").addAll(page.items());
            return withLink(json(200, out), page.link());
        }
        if (matches(rest, "commits", "*", "status")) {
            for (TrackerModel.Status s : model.statuses(repo, rest[1])) {
                if (!STATUS_STATES.contains(s.state())) {
                    violation("commit status '" + s.context() + "' of " + rest[1] + " has state '" + s.state()
                            + "', which GitHub does not have " + STATUS_STATES);
                }
            }
            return json(200, GitHubSimJson.combinedStatus(repo, rest[1], model.statuses(repo, rest[1])));
        }
        if (matches(rest, "deployments")) {
            String sha = query.get("sha");
            List<TrackerModel.Deployment> ds = sha == null ? List.of() : model.deployments(repo, sha);
            List<ObjectNode> all = ds.stream().sorted(Comparator.comparingLong(TrackerModel.Deployment::id).reversed())
                    .map(d -> GitHubSimJson.deployment(base, repo, d)).toList();
            if (sha == null) {
                violation("GET " + path + ": deployments listed without sha= (this simulator needs it)");
            }
            return paged(all, query, path);
        }
        if (matches(rest, "deployments", "#", "statuses")) {
            return model.deployment(repo, Long.parseLong(rest[1]))
                    .map(d -> paged(List.of(GitHubSimJson.deploymentStatus(repo, d)), query, path))
                    .orElseGet(GitHubSimulator::notFound);
        }
        return unknown("GET " + path);
    }

    /**
     * {@code GET /repos/{o}/{r}/collaborators/{username}/permission}: 404 for a user that does not exist; else the
     * legacy base role ({@code admin}, {@code write}, {@code read}, {@code none}) and the role: a user who is no
     * collaborator reads a public repository ({@code read}) and has {@code none} on a private one.
     */
    private Reply permission(String repo, String login) {
        if (!model.hasUser(login)) {
            return notFound();
        }
        String role = model.role(repo, login).orElse(null);
        if (role == null) {
            String access = model.isPrivate(repo) ? "none" : "read";
            return json(200, GitHubSimJson.permission(login, access, access));
        }
        String base = switch (role) {
            case "owner", "admin" -> "admin";
            case "maintain", "write" -> "write";
            default -> "read";
        };
        return json(200, GitHubSimJson.permission(login, base, role.equals("owner") ? "admin" : role));
    }

    private Reply listIssues(String repo, String path, Map<String, String> query) {
        String where = "GET " + path;
        if ("issues".equals(query.get("type"))) {
            violation(where + ": type=issues filters on an issue TYPE called 'issues' on GitHub");
        }
        if (query.containsKey("page")) {
            violation(where + ": page= on a cursor-paged list; follow Link rel=\"next\" instead");
        }
        String state = query.getOrDefault("state", "open");
        if (!Set.of("open", "closed", "all").contains(state)) {
            return violation(where + ": state=" + state, 422, "Validation Failed");
        }
        String sort = query.getOrDefault("sort", "created");
        String direction = query.getOrDefault("direction", "desc");
        if (!Set.of("created", "updated", "comments").contains(sort) || !Set.of("asc", "desc").contains(direction)) {
            return violation(where + ": sort=" + sort + "&direction=" + direction, 422, "Validation Failed");
        }
        Instant since;
        try {
            since = query.containsKey("since") ? Instant.parse(query.get("since")) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return violation(where + ": since=" + query.get("since") + " is not an ISO 8601 time", 422,
                    "Validation Failed");
        }
        List<String> wanted = query.containsKey("labels") && !query.get("labels").isBlank()
                ? Arrays.stream(query.get("labels").split(",")).map(String::strip).toList() : List.of();
        // sort (created, the default; updated; comments) and direction (desc, the default); ties by number
        Comparator<TrackerModel.Issue> order = switch (sort) {
            case "updated" -> Comparator.comparing(TrackerModel.Issue::updatedAt);
            case "comments" -> Comparator.comparingInt(i -> model.comments(repo, i.number()).size());
            default -> Comparator.comparing(TrackerModel.Issue::createdAt);
        };
        order = order.thenComparingInt(TrackerModel.Issue::number);
        // since is on the updated time, at GitHub's resolution of one second
        List<ObjectNode> all = model.issues(repo).stream()
                .filter(i -> state.equals("all") || (state.equals("open") == i.open()))
                .filter(i -> i.labels().containsAll(wanted))
                .filter(i -> since == null
                        || !i.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isBefore(since))
                .sorted(direction.equals("asc") ? order : order.reversed())
                .map(i -> GitHubSimJson.issue(model, baseUrl(), i)).toList();
        return paged(all, query, path);
    }

    /**
     * {@code base...head} over full commit SHAs, from the model's ancestry: 404 when either is unknown or the two
     * share no history (GitHub: "No common ancestor"). Only three-dot SHA pairs are simulated; anything else is a
     * violation. The commits are paged by {@code per_page}/{@code page} (GitHub's default page is 250).
     */
    private Reply compare(String repo, String path, String basehead, Map<String, String> query) {
        int dots = basehead.indexOf("...");
        String base = dots > 0 ? basehead.substring(0, dots) : "";
        String head = dots > 0 ? basehead.substring(dots + 3) : "";
        if (!SHA.matcher(base).matches() || !SHA.matcher(head).matches()) {
            return violation("GET " + path + ": only base...head over commit SHAs is simulated", 404, "Not Found");
        }
        var cmp = model.compare(repo, base.toLowerCase(Locale.ROOT), head.toLowerCase(Locale.ROOT));
        if (cmp.isEmpty()) {
            return notFound();
        }
        if (cmp.get().mergeBase() == null) {
            return Reply.json(404, GitHubSimJson.message("No common ancestor between " + base + " and " + head + "."));
        }
        int perPage = Math.max(1, Math.min(250, intOr(query.get("per_page"), 250)));
        int page = Math.max(1, intOr(query.get("page"), 1));
        List<String> ahead = cmp.get().ahead();
        int from = Math.min(ahead.size(), (page - 1) * perPage);
        List<String> slice = ahead.subList(from, Math.min(ahead.size(), from + perPage));
        return json(200, GitHubSimJson.comparison(baseUrl(), repo, cmp.get(), slice, sha -> model.parents(repo, sha)));
    }

    private static int intOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private Reply commit(String repo, String sha) {
        if (!SHA.matcher(sha).matches()) {
            return Reply.json(422, GitHubSimJson.message("No commit found for SHA: " + sha));
        }
        String full = sha.toLowerCase(Locale.ROOT);
        if (model.hasCommit(repo, full)) {
            return json(200, GitHubSimJson.commit(repo, full, model.parents(repo, full)));
        }
        // GitHub resolves an unambiguous prefix to the full commit, which is why AFK compares the returned sha
        List<String> known = knownCommitsWithPrefix(repo, sha.toLowerCase(Locale.ROOT));
        if (known.size() == 1) {
            return json(200, GitHubSimJson.commit(repo, known.get(0), model.parents(repo, known.get(0))));
        }
        return Reply.json(404, GitHubSimJson.message("No commit found for SHA: " + sha));
    }

    private List<String> knownCommitsWithPrefix(String repo, String prefix) {
        return model.commits(repo).stream().filter(s -> s.startsWith(prefix)).toList();
    }

    /** {@link TrackerModel#addCommit}: every known commit also resolves by an unambiguous prefix, as on GitHub. */
    public synchronized void addCommit(String repo, String sha) {
        model.addCommit(repo, sha);
    }

    private List<GitHubSimJson.CheckRun> latestCheckRuns(String repo, String sha, Map<String, String> query) {
        Map<String, GitHubSimJson.CheckRun> byName = new LinkedHashMap<>();
        List<GitHubSimJson.CheckRun> all = new ArrayList<>();
        for (GitHubSimJson.CheckRun r : checkRuns) {
            if (r.repo().equals(repo) && r.sha().equalsIgnoreCase(sha)) {
                all.add(r);
                byName.put(r.name(), r);
            }
        }
        return "all".equals(query.get("filter")) ? all : List.copyOf(byName.values());
    }

    // ---- writes ----

    private Reply mutate(String where, String method, String path, JsonNode body) {
        String[] p = segments(path);
        if (p.length < 4 || !p[0].equals("repos")) {
            return unknown(where);
        }
        String repo = p[1] + "/" + p[2];
        if (!model.hasRepo(repo)) {
            return notFound();
        }
        String[] rest = Arrays.copyOfRange(p, 3, p.length);
        String base = baseUrl();
        if (method.equals("POST") && matches(rest, "issues", "#", "labels")) {
            return addLabels(where, repo, Integer.parseInt(rest[1]), body);
        }
        Matcher delete = Pattern.compile("/repos/[^/]+/[^/]+/issues/(\\d+)/labels/(.+)").matcher(path);
        if (method.equals("DELETE") && delete.matches()) {
            int n = Integer.parseInt(delete.group(1));
            if (model.issue(repo, n).isEmpty()) {
                return notFound();
            }
            if (!model.removeLabel(repo, n, delete.group(2), actorLogin)) {
                return Reply.json(404, GitHubSimJson.message("Label does not exist"));
            }
            return json(200, GitHubSimJson.labels(model, repo, model.issue(repo, n).orElseThrow().labels()));
        }
        if (method.equals("POST") && matches(rest, "issues", "#", "comments")) {
            int n = Integer.parseInt(rest[1]);
            String text = requireBodyText(where, body);
            if (text == null) {
                return violation(where + ": body must be {\"body\": \"…\"}", 422, "Validation Failed");
            }
            return model.addComment(repo, n, text, actorLogin)
                    .map(c -> json(201, GitHubSimJson.comment(base, repo, n, c)))
                    .orElseGet(GitHubSimulator::notFound);
        }
        if (method.equals("PATCH") && matches(rest, "issues", "comments", "#")) {
            String text = requireBodyText(where, body);
            if (text == null) {
                return violation(where + ": body must be {\"body\": \"…\"}", 422, "Validation Failed");
            }
            long id = Long.parseLong(rest[2]);
            var edited = model.editComment(repo, id, text);
            if (edited.isEmpty()) {
                return notFound();
            }
            int n = model.issues(repo).stream().filter(i -> model.comments(repo, i.number()).stream()
                    .anyMatch(c -> c.id() == id)).findFirst().map(TrackerModel.Issue::number).orElse(1);
            return json(200, GitHubSimJson.comment(base, repo, n, edited.get(), model.isBot(edited.get().user())));
        }
        if (method.equals("PATCH") && matches(rest, "issues", "#")) {
            return editIssue(where, repo, Integer.parseInt(rest[1]), body);
        }
        if (method.equals("POST") && matches(rest, "issues")) {
            return createIssue(where, repo, body);
        }
        return unknown(where);
    }

    /**
     * {@code POST /repos/{o}/{r}/issues {"title", "body"?, "labels"?: [names]}} → 201 Issue, as its author the token's
     * user; unknown label names are created, as on GitHub.
     */
    private Reply createIssue(String where, String repo, JsonNode body) {
        if (body == null || !body.isObject() || !body.path("title").isTextual() || body.path("title").asText().isBlank()) {
            return violation(where + ": body must be {\"title\": \"…\", …}", 422, "Validation Failed");
        }
        List<String> labels = new ArrayList<>();
        if (body.has("labels")) {
            if (!body.path("labels").isArray()) {
                return violation(where + ": labels must be a list of names", 422, "Validation Failed");
            }
            for (JsonNode l : body.path("labels")) {
                if (!l.isTextual() || l.asText().isBlank()) {
                    return violation(where + ": labels must be names", 422, "Validation Failed");
                }
                labels.add(l.asText());
            }
        }
        TrackerModel.Issue created = model.createIssue(repo, body.path("title").asText(),
                body.path("body").asText(""), actorLogin, false, labels.toArray(String[]::new));
        return json(201, GitHubSimJson.issue(model, baseUrl(), created));
    }

    private Reply addLabels(String where, String repo, int n, JsonNode body) {
        if (body == null || !body.isObject() || !body.path("labels").isArray() || body.path("labels").isEmpty()) {
            return violation(where + ": body must be {\"labels\": [\"name\", …]}", 422,
                    "Invalid request.\n\nNo subschema in \"anyOf\" matched.");
        }
        for (JsonNode l : body.path("labels")) {
            if (!l.isTextual() || l.asText().isBlank()) {
                return violation(where + ": labels must be names", 422, "Invalid request.");
            }
        }
        if (model.issue(repo, n).isEmpty()) {
            return notFound();
        }
        for (JsonNode l : body.path("labels")) {
            model.addLabel(repo, n, l.asText(), actorLogin); // GitHub creates an unknown label (ededed)
        }
        return json(200, GitHubSimJson.labels(model, repo, model.issue(repo, n).orElseThrow().labels()));
    }

    private Reply editIssue(String where, String repo, int n, JsonNode body) {
        if (body == null || !body.isObject()) {
            return violation(where + ": body must be a JSON object", 400, "Problems parsing JSON");
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PATCH_FIELDS.contains(f)) {
                return violation(where + ": unknown field " + f, 422, "Invalid request.\n\n" + f
                        + " is not a permitted key.");
            }
        }
        if (body.has("state_reason") && !body.has("state")) {
            return violation(where + ": state_reason without state", 422,
                    "Invalid request.\n\nstate_reason only applies together with state");
        }
        String state = body.path("state").asText(null);
        if (state != null && !state.equals("open") && !state.equals("closed")) {
            return violation(where + ": state=" + state, 422, "Validation Failed");
        }
        String reason = body.hasNonNull("state_reason") ? body.path("state_reason").asText() : null;
        if (reason != null && !STATE_REASONS.contains(reason)) {
            return violation(where + ": state_reason=" + reason, 422, "Validation Failed");
        }
        var issue = model.issue(repo, n);
        if (issue.isEmpty()) {
            return notFound();
        }
        if (body.hasNonNull("title") && !body.path("title").isTextual()
                || body.hasNonNull("body") && !body.path("body").isTextual()) {
            return violation(where + ": title and body must be strings", 422, "Invalid request.");
        }
        // A new title or body rewrites it and moves updated_at (a person editing the description mid-run).
        model.editIssue(repo, n, body.path("title").isTextual() ? body.path("title").asText() : null,
                body.path("body").isTextual() ? body.path("body").asText() : null, actorLogin);
        if (state != null) {
            model.setOpen(repo, n, state.equals("open"), state.equals("closed") ? reason : null);
        }
        if (body.has("labels")) { // PATCH labels replaces them all
            for (String l : issue.get().labels()) {
                model.removeLabel(repo, n, l, actorLogin);
            }
            body.path("labels").forEach(l -> model.addLabel(repo, n, l.isTextual() ? l.asText()
                    : l.path("name").asText(), actorLogin));
        }
        return json(200, GitHubSimJson.issue(model, baseUrl(), model.issue(repo, n).orElseThrow()));
    }

    private String requireBodyText(String where, JsonNode body) {
        if (body == null || !body.isObject() || !body.path("body").isTextual()) {
            return null;
        }
        return body.path("body").asText();
    }

    // ---- replies ----

    private Reply paged(List<ObjectNode> all, Map<String, String> query, String path) {
        GitHubSimPaging.Page<ObjectNode> page = GitHubSimPaging.page(all, query, baseUrl(), path, maxPageSize);
        ArrayNode array = GitHubSimJson.JSON.createArrayNode();
        array.addAll(page.items());
        return withLink(json(200, array), page.link());
    }

    private static Reply withLink(Reply reply, String link) {
        return link == null ? reply : reply.withHeader("Link", link);
    }

    private static Reply json(int status, JsonNode body) {
        return Reply.json(status, body.toString());
    }

    private static Reply notFound() {
        return Reply.json(404, GitHubSimJson.message("Not Found"));
    }

    private Reply unknown(String where) {
        violation(where + ": no such GitHub endpoint in this simulator");
        return notFound();
    }

    private Reply violation(String what, int status, String message) {
        violation(what);
        return Reply.json(status, GitHubSimJson.message(message));
    }

    /** Counts one request against the primary limit (a refused request too, as GitHub does). */
    private Reply spend(Reply reply) {
        if (rateRemaining() == 0) {
            return exhausted();
        }
        rateUsed++;
        return rateHeaders(reply);
    }

    /** Refills a primary window whose reset has passed; the secondary-limit refusal while one lasts, else null. */
    private Reply rateWindow() {
        Instant now = clock.instant();
        if (now.getEpochSecond() >= rateResetEpoch) {
            rateUsed = 0;
            rateResetEpoch = now.plus(Duration.ofHours(1)).getEpochSecond();
        }
        if (!now.isBefore(secondaryUntil)) {
            return null;
        }
        long wait = Math.max(1, (Duration.between(now, secondaryUntil).toMillis() + 999) / 1000);
        return rateHeaders(Reply.json(secondaryStatus, "{\"message\":\"You have exceeded a secondary rate limit. "
                + "Please wait a few minutes before you try again. If you reach out to GitHub Support for help, "
                + "please include the request ID.\",\"documentation_url\":\"https://docs.github.com/rest/overview/"
                + "rate-limits-for-the-rest-api#about-secondary-rate-limits\",\"status\":\"" + secondaryStatus
                + "\"}").withHeader("retry-after", String.valueOf(wait)));
    }

    private Reply exhausted() {
        return rateHeaders(Reply.json(403, "{\"message\":\"API rate limit exceeded for user ID 1. If you reach out "
                + "to GitHub Support for help, please include the request ID.\",\"documentation_url\":"
                + "\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}"));
    }

    private Reply rateHeaders(Reply reply) {
        return reply.withHeader("x-ratelimit-limit", String.valueOf(rateLimit))
                .withHeader("x-ratelimit-remaining", String.valueOf(rateRemaining()))
                .withHeader("x-ratelimit-used", String.valueOf(Math.min(rateUsed, rateLimit)))
                .withHeader("x-ratelimit-reset", String.valueOf(rateResetEpoch))
                .withHeader("x-ratelimit-resource", "core");
    }

    /** A weak validator that changes whenever the tracker state or this simulator's check runs change. */
    private String etag(String path, Map<String, String> query) {
        String key = model.version() + ":" + version + ":" + path + "?" + new TreeMap<>(query);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/");
    }

    /** {@code #} matches a number, {@code *} any one segment. */
    private static boolean matches(String[] rest, String... pattern) {
        if (rest.length != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("#") ? !rest[i].matches("\\d{1,9}")
                    : !pattern[i].equals("*") && !pattern[i].equals(rest[i])) {
                return false;
            }
        }
        return true;
    }
}
