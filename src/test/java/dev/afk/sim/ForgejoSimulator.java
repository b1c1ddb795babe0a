package dev.afk.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Forgejo (v12) API server over {@link TrackerModel}: {@code /api/v1/...} for every call AFK makes, with Forgejo's
 * shapes and quirks (docs/reference/trackers.md):
 * <ul>
 *   <li>the issue list's {@code labels} filter names repository labels; names that match none are dropped, and with
 *       none left the filter vanishes, so every issue and pull request comes back; several names are ANDed;</li>
 *   <li>{@code limit} defaults to 30 and is capped at 50; {@code X-Total-Count}; {@code Link} built from
 *       {@link #ROOT_URL}, which is not the address the simulator listens on;</li>
 *   <li>labels are added by name (unknown names silently dropped; strings mixed with ids → 400) and removed by id
 *       ({@code 204}, unknown id {@code 422}, a label not on the issue is still {@code 204});</li>
 *   <li>{@code PATCH} an issue → {@code 201}; the combined status of a commit without statuses is {@code {}};
 *       timeline label entries have {@code body} "1" (added) or "" (removed), and its {@code X-Total-Count} is the
 *       size of the returned page;</li>
 *   <li>{@code Authorization: token <t>} ({@code token} case-sensitive) or {@code Bearer <t>} (any case).</li>
 * </ul>
 * Every request is checked against {@code contracts/forgejo-swagger.json} (path, method, query, body); a violation
 * is recorded in {@link #violations()} and answered the way Forgejo answers a request it cannot bind (422, or 404
 * for a path the API does not have).
 */
public class ForgejoSimulator extends SimServer {

    /** Forgejo's configured ROOT_URL: deliberately not this server, as behind a proxy or in a container. */
    public static final String ROOT_URL = "http://forgejo.invalid:3000/";

    private static final int DEFAULT_LIMIT = 30;
    private static final int MAX_LIMIT = 50;
    private static final String NAME = "([^/]+)";

    private final Clock clock;
    private final TrackerModel model;
    private final String acceptedToken;
    private final String actorLogin;
    private final ForgejoSimJson json = new ForgejoSimJson(ROOT_URL);
    private final List<Endpoint> endpoints = new ArrayList<>();

    private record Endpoint(String method, Pattern path, Function<Call, Reply> handler) {}

    /** One routed request: the path's captured groups (owner, repo, …), the query and the body. */
    private record Call(String[] groups, Map<String, String> query, String body) {
        String repo() {
            return groups[0] + "/" + groups[1];
        }

        int number() {
            return Integer.parseInt(groups[2]);
        }

        long id(int group) {
            return Long.parseLong(groups[group]);
        }
    }

    /**
     * @param port          0 for any free port
     * @param clock         the simulator's time (commit dates); the model carries its own
     * @param model         the shared tracker state tests seed and assert on
     * @param acceptedToken the only token accepted
     * @param actorLogin    the user the token belongs to: the actor of its label changes and the author of its
     *                      comments
     */
    public ForgejoSimulator(int port, Clock clock, TrackerModel model, String acceptedToken, String actorLogin) {
        super(port);
        this.clock = clock;
        this.model = model;
        this.acceptedToken = acceptedToken;
        this.actorLogin = actorLogin;
        String repo = "/repos/" + NAME + "/" + NAME;
        on("GET", repo, this::repository);
        on("GET", repo + "/branches/(.+)", this::branch);
        on("GET", repo + "/compare/([^/]+)", this::compare);
        on("GET", repo + "/issues", this::listIssues);
        on("POST", repo + "/issues", this::createIssue);
        on("GET", repo + "/issues/(\\d+)", c -> withIssue(c, i -> Reply.json(200, issueJson(i).toString())));
        on("PATCH", repo + "/issues/(\\d+)", this::editIssue);
        on("GET", repo + "/issues/(\\d+)/labels", c -> withIssue(c, i -> Reply.json(200, issueLabels(i).toString())));
        on("POST", repo + "/issues/(\\d+)/labels", this::addLabels);
        on("DELETE", repo + "/issues/(\\d+)/labels/(\\d+)", this::removeLabel);
        on("GET", repo + "/labels", this::repoLabels);
        on("GET", repo + "/issues/(\\d+)/comments", this::listComments);
        on("POST", repo + "/issues/(\\d+)/comments", this::createComment);
        on("PATCH", repo + "/issues/comments/(\\d+)", this::editComment);
        on("GET", repo + "/issues/(\\d+)/timeline", this::timeline);
        on("GET", repo + "/collaborators/([^/]+)/permission", this::permission);
        on("GET", repo + "/git/commits/([^/]+)", this::commit);
        on("GET", repo + "/commits/([^/]+)/status", this::combinedStatus);
        ForgejoSimContract.preload();
    }

    @Override
    public ForgejoSimulator start() {
        super.start();
        return this;
    }

    /** The base URL AFK is configured with ({@code AFK_TRACKER_URL}). */
    public String apiUrl() {
        return baseUrl() + "/api/v1";
    }

    public TrackerModel model() {
        return model;
    }

    private void on(String method, String pathRegex, Function<Call, Reply> handler) {
        endpoints.add(new Endpoint(method, Pattern.compile(pathRegex), handler));
    }

    @Override
    protected Reply handle(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body) {
        if (!path.startsWith("/api/v1/")) {
            return new Reply(404, "404 page not found\n", Map.of("Content-Type", "text/plain; charset=utf-8"));
        }
        if (!authorized(headers)) {
            return Reply.json(401, ForgejoSimJson.message("token is required", ROOT_URL + "api/swagger"));
        }
        List<String> problems = ForgejoSimContract.violations(method, contractPath(path), query, headers, body);
        if (!problems.isEmpty()) {
            violation(method + " " + path + (query.isEmpty() ? "" : " " + query) + ": "
                    + String.join("; ", problems));
            boolean noSuchPath = problems.stream().anyMatch(p -> p.startsWith("validation.request.path.missing"));
            boolean noSuchMethod = problems.stream().anyMatch(p -> p.startsWith("validation.request.operation"));
            return noSuchPath ? notFound() : noSuchMethod ? Reply.empty(405)
                    : Reply.json(422, ForgejoSimJson.message(String.join("; ", problems), ROOT_URL + "api/swagger"));
        }
        String apiPath = path.substring("/api/v1".length());
        for (Endpoint e : endpoints) {
            Matcher m = e.path().matcher(apiPath);
            if (e.method().equals(method) && m.matches()) {
                String[] groups = new String[m.groupCount()];
                for (int g = 0; g < groups.length; g++) {
                    groups[g] = m.group(g + 1);
                }
                Call call = new Call(groups, query, body);
                if (!model.hasRepo(call.repo())) {
                    return notFound();
                }
                return e.handler().apply(call);
            }
        }
        violation(method + " " + path + ": a Forgejo call the simulator does not serve");
        return notFound();
    }

    /**
     * The path as the swagger check sees it. {@code GET …/branches/{branch}} accepts a branch name with slashes
     * (docs/reference/trackers.md §8: Forgejo routes the rest of the path to it), which the one-segment template cannot express, so
     * the rest is checked as one segment.
     */
    private static String contractPath(String path) {
        Matcher m = BRANCH_PATH.matcher(path);
        return m.matches() ? m.group(1) + m.group(2).replace("/", "%2F") : path;
    }

    private static final Pattern BRANCH_PATH = Pattern.compile("(/api/v1/repos/[^/]+/[^/]+/branches/)(.+)");

    /** {@code token <t>} with exactly that lower-case word, or {@code Bearer <t>} in any case. */
    private boolean authorized(Map<String, String> headers) {
        String auth = null;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Authorization")) {
                auth = h.getValue();
            }
        }
        if (auth == null) {
            return false;
        }
        String token;
        if (auth.startsWith("token ")) {
            token = auth.substring(6);
        } else if (auth.length() > 7 && auth.substring(0, 7).equalsIgnoreCase("bearer ")) {
            token = auth.substring(7);
        } else {
            return false;
        }
        return token.strip().equals(acceptedToken);
    }

    // ---- issues ----

    private Reply listIssues(Call c) {
        String state = c.query().getOrDefault("state", "open");
        String type = c.query().get("type");
        List<String> labelFilter = new ArrayList<>();
        for (String name : c.query().getOrDefault("labels", "").split(",")) {
            // Resolved against repository labels only; an unknown name is discarded without a word.
            if (!name.isBlank() && model.repoLabel(c.repo(), name.strip()).isPresent()) {
                labelFilter.add(name.strip());
            }
        }
        // since and before compare the updated time, at Forgejo's resolution of one second.
        java.time.Instant since = time(c.query().get("since"));
        java.time.Instant before = time(c.query().get("before"));
        Comparator<TrackerModel.Issue> oldest = Comparator.comparing(TrackerModel.Issue::createdAt)
                .thenComparingInt(TrackerModel.Issue::number);
        Comparator<TrackerModel.Issue> leastUpdate = Comparator.comparing(TrackerModel.Issue::updatedAt)
                .thenComparingInt(TrackerModel.Issue::number);
        // sort: oldest / latest (the default) on the created time, leastupdate / recentupdate on the updated time
        Comparator<TrackerModel.Issue> order = switch (c.query().getOrDefault("sort", "latest")) {
            case "oldest" -> oldest;
            case "recentupdate" -> leastUpdate.reversed();
            case "leastupdate" -> leastUpdate;
            default -> oldest.reversed();
        };
        List<TrackerModel.Issue> matching = model.issues(c.repo()).stream()
                .filter(i -> "all".equals(state) || (i.open() == "open".equals(state)))
                .filter(i -> type == null || ("pulls".equals(type) == i.pullRequest()))
                .filter(i -> i.labels().containsAll(labelFilter))
                .filter(i -> since == null || !seconds(i.updatedAt()).isBefore(since))
                .filter(i -> before == null || seconds(i.updatedAt()).isBefore(before))
                .sorted(order)
                .toList();
        return paged(c, matching, this::issueJson, true, "/issues");
    }

    /** {@code EditIssueOption}: a {@code title} or {@code body} rewrites it (moving {@code updated_at}), a {@code state} opens or closes. */
    private Reply editIssue(Call c) {
        return withIssue(c, issue -> {
            JsonNode edit = parse(c.body());
            String title = edit.path("title").isTextual() ? edit.path("title").asText() : null;
            String text = edit.path("body").isTextual() ? edit.path("body").asText() : null;
            model.editIssue(c.repo(), c.number(), title, text, actorLogin);
            String state = edit.path("state").asText("");
            if (state.equals("closed") || state.equals("open")) {
                model.setOpen(c.repo(), c.number(), state.equals("open"), null);
            }
            return Reply.json(201, issueJson(model.issue(c.repo(), c.number()).orElseThrow()).toString());
        });
    }

    // ---- labels ----

    private Reply addLabels(Call c) {
        return withIssue(c, issue -> {
            JsonNode labels = parse(c.body()).path("labels");
            boolean names = false;
            boolean ids = false;
            for (JsonNode l : labels) {
                names |= l.isTextual();
                ids |= l.isIntegralNumber();
            }
            if (names && ids) {
                return Reply.json(400, ForgejoSimJson.message("labels must be all names or all ids",
                        ROOT_URL + "api/swagger"));
            }
            for (JsonNode l : labels) {
                Optional<TrackerModel.Label> label = l.isTextual() ? model.repoLabel(c.repo(), l.asText())
                        : model.repoLabelById(c.repo(), l.asLong());
                // An unknown name or id is dropped silently: no error, and no label is created.
                label.ifPresent(x -> model.addLabel(c.repo(), c.number(), x.name(), actorLogin));
            }
            return Reply.json(200, issueLabels(model.issue(c.repo(), c.number()).orElseThrow()).toString());
        });
    }

    private Reply removeLabel(Call c) {
        return withIssue(c, issue -> {
            Optional<TrackerModel.Label> label = model.repoLabelById(c.repo(), c.id(3));
            if (label.isEmpty()) {
                return Reply.json(422, ForgejoSimJson.message("label does not exist [id: " + c.id(3) + "]",
                        ROOT_URL + "api/swagger"));
            }
            model.removeLabel(c.repo(), c.number(), label.get().name(), actorLogin); // not on the issue: still 204
            return Reply.empty(204);
        });
    }

    private Reply repoLabels(Call c) {
        return paged(c, model.repoLabels(c.repo()), l -> json.label(c.repo(), l), true, "/labels");
    }

    // ---- comments and timeline ----

    /**
     * Every comment at once (the endpoint has no paging). {@code since} and {@code before} compare the
     * <em>updated</em> time at Forgejo's resolution of one second, so an old comment edited later is listed too.
     */
    private Reply listComments(Call c) {
        return withIssue(c, issue -> {
            java.time.Instant since = time(c.query().get("since"));
            java.time.Instant before = time(c.query().get("before"));
            ArrayNode a = ForgejoSimJson.JSON.createArrayNode();
            model.comments(c.repo(), c.number()).stream()
                    .filter(x -> since == null || !seconds(x.updatedAt()).isBefore(since))
                    .filter(x -> before == null || seconds(x.updatedAt()).isBefore(before))
                    .forEach(x -> a.add(json.comment(c.repo(), c.number(), x, model.isBot(x.user()))));
            return Reply.json(200, a.toString());
        });
    }

    private static java.time.Instant time(String rfc3339) {
        return rfc3339 == null || rfc3339.isBlank() ? null
                : java.time.OffsetDateTime.parse(rfc3339).toInstant(); // the contract check has validated it
    }

    private static java.time.Instant seconds(java.time.Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /**
     * {@code GET …/collaborators/{login}/permission}, as Forgejo answers it: 403 unless AFK's own user is an admin
     * of the repository (or asks about itself); 404 for a user that does not exist; else the access mode
     * ({@code owner}, {@code admin}, {@code write}, {@code read}, {@code none}: a user who is no collaborator reads a
     * public repository and has no access to a private one).
     */
    private Reply permission(Call c) {
        String login = c.groups()[2];
        String own = model.role(c.repo(), actorLogin).orElse("");
        if (!login.equalsIgnoreCase(actorLogin) && !own.equals("admin") && !own.equals("owner")) {
            return Reply.json(403, ForgejoSimJson.message("Only admins can query all permissions, repo admins can "
                    + "query all repo permissions, collaborators can query only their own", ROOT_URL + "api/swagger"));
        }
        if (!model.hasUser(login)) {
            return Reply.json(404, ForgejoSimJson.message("user does not exist [uid: 0, name: " + login + "]",
                    ROOT_URL + "api/swagger"));
        }
        String mode = model.role(c.repo(), login).map(r -> switch (r) {
            case "maintain" -> "write";
            case "triage" -> "read";
            default -> r;
        }).orElse(model.isPrivate(c.repo()) ? "none" : "read");
        return Reply.json(200, json.permission(login, mode).toString());
    }

    /**
     * {@code POST …/issues} (CreateIssueOption: {@code title} required, {@code labels} are ids) → 201 Issue, as its
     * author the token's user; an unknown label id is 422.
     */
    private Reply createIssue(Call c) {
        if (!model.hasRepo(c.repo())) {
            return notFound();
        }
        JsonNode b = parse(c.body());
        List<String> labels = new ArrayList<>();
        for (JsonNode id : b.path("labels")) {
            Optional<TrackerModel.Label> l = model.repoLabelById(c.repo(), id.asLong());
            if (l.isEmpty()) {
                return Reply.json(422, ForgejoSimJson.message("label does not exist", ROOT_URL + "api/swagger"));
            }
            labels.add(l.get().name());
        }
        TrackerModel.Issue created = model.createIssue(c.repo(), b.path("title").asText(), b.path("body").asText(""),
                actorLogin, false, labels.toArray(String[]::new));
        return Reply.json(201, issueJson(created).toString());
    }

    private Reply createComment(Call c) {
        return withIssue(c, issue -> {
            String body = parse(c.body()).path("body").asText("");
            TrackerModel.Comment comment = model.addComment(c.repo(), c.number(), body, actorLogin).orElseThrow();
            return Reply.json(201, json.comment(c.repo(), c.number(), comment).toString());
        });
    }

    private Reply editComment(Call c) {
        long id = c.id(2);
        String body = parse(c.body()).path("body").asText("");
        Optional<TrackerModel.Comment> edited = model.editComment(c.repo(), id, body);
        if (edited.isEmpty()) {
            return notFound();
        }
        for (TrackerModel.Issue i : model.issues(c.repo())) {
            if (model.comments(c.repo(), i.number()).stream().anyMatch(x -> x.id() == id)) {
                return Reply.json(200, json.comment(c.repo(), i.number(), edited.get()).toString());
            }
        }
        return notFound();
    }

    /** Label changes and comments, oldest first; at equal times a label change comes before a comment. */
    private Reply timeline(Call c) {
        return withIssue(c, issue -> {
            record Entry(java.time.Instant at, int kind, int seq, JsonNode node) {}
            List<Entry> entries = new ArrayList<>();
            List<TrackerModel.LabelEvent> events = model.labelEvents(c.repo(), c.number());
            for (int i = 0; i < events.size(); i++) {
                TrackerModel.LabelEvent e = events.get(i);
                TrackerModel.Label label = model.repoLabel(c.repo(), e.label()).orElseThrow();
                long id = 5_000_000L + issue.id() * 1000 + i; // timeline ids of label changes: distinct, stable
                entries.add(new Entry(e.at(), 0, i, json.labelEntry(c.repo(), c.number(), id, e, label)));
            }
            List<TrackerModel.Comment> comments = model.comments(c.repo(), c.number());
            for (int i = 0; i < comments.size(); i++) {
                TrackerModel.Comment x = comments.get(i);
                entries.add(new Entry(x.createdAt(), 1, i, json.commentEntry(c.repo(), c.number(), x)));
            }
            entries.sort(Comparator.comparing(Entry::at).thenComparingInt(Entry::kind).thenComparingInt(Entry::seq));
            // On this endpoint X-Total-Count is the size of the returned page, not the total.
            return paged(c, entries.stream().map(Entry::node).toList(), n -> n, false, null);
        });
    }

    // ---- repository, branches, commits ----

    /** {@code empty} is true while the repository has no commit at all, as Forgejo's {@code IsEmpty}. */
    private Reply repository(Call c) {
        return Reply.json(200, json.repository(c.repo(), model.defaultBranch(c.repo()),
                model.commits(c.repo()).isEmpty()).toString());
    }

    /** The branch's head; the path may contain slashes. 404 for an unknown branch (so on an empty repository). */
    private Reply branch(Call c) {
        String name = c.groups()[2];
        return model.branchHead(c.repo(), name)
                .map(sha -> Reply.json(200, json.branch(c.repo(), name, sha, clock.instant()).toString()))
                .orElseGet(ForgejoSimulator::notFound);
    }

    /**
     * {@code base...head} (three dots: from the merge base) over commit ids; 404 when either is unknown. Two-dot
     * and branch names are not simulated (AFK sends neither) and are recorded as violations.
     */
    private Reply compare(Call c) {
        String basehead = c.groups()[2];
        int dots = basehead.indexOf("...");
        if (dots <= 0 || dots + 3 >= basehead.length()) {
            violation("GET compare/" + basehead + ": only base...head is simulated");
            return notFound();
        }
        String base = basehead.substring(0, dots);
        String head = basehead.substring(dots + 3);
        return model.compare(c.repo(), base, head)
                .map(cmp -> Reply.json(200, json.compare(c.repo(), cmp.ahead(),
                        sha -> model.parents(c.repo(), sha), clock.instant()).toString()))
                .orElseGet(ForgejoSimulator::notFound);
    }

    private Reply commit(Call c) {
        String sha = c.groups()[2];
        if (!model.hasCommit(c.repo(), sha)) {
            return notFound();
        }
        return Reply.json(200, json.commit(c.repo(), sha, model.parents(c.repo(), sha), clock.instant()).toString());
    }

    private Reply combinedStatus(Call c) {
        String sha = c.groups()[2];
        List<TrackerModel.Status> all = model.statuses(c.repo(), sha);
        Map<String, TrackerModel.Status> latest = new LinkedHashMap<>();
        all.forEach(s -> latest.put(s.context(), s));
        for (TrackerModel.Status s : latest.values()) {
            if (!ForgejoSimContract.commitStatusStates().contains(s.state())) {
                // Forgejo stores only the states its API defines: a test that sets another one tests nothing real.
                violation("commit status '" + s.context() + "' of " + sha + " has state '" + s.state()
                        + "', which is not one of the swagger's " + ForgejoSimContract.commitStatusStates());
            }
        }
        if (c.query().containsKey("page") || c.query().containsKey("limit")) {
            // Paged only when asked, and then the combined state covers the page alone (as Forgejo does).
            List<TrackerModel.Status> page = page(c.query(), new ArrayList<>(latest.values()));
            latest.clear();
            page.forEach(s -> latest.put(s.context(), s));
        }
        return Reply.json(200, json.combinedStatus(c.repo(), sha, latest).toString());
    }

    // ---- helpers ----

    private Reply withIssue(Call c, Function<TrackerModel.Issue, Reply> then) {
        return model.issue(c.repo(), c.number()).map(then).orElseGet(ForgejoSimulator::notFound);
    }

    private JsonNode issueJson(TrackerModel.Issue i) {
        return model.corrupted(i, json.issue(i, labelsOf(i), model.comments(i.repo(), i.number()).size()));
    }

    private JsonNode issueLabels(TrackerModel.Issue i) {
        return json.labels(i.repo(), labelsOf(i));
    }

    private List<TrackerModel.Label> labelsOf(TrackerModel.Issue i) {
        return i.labels().stream().sorted().map(n -> model.repoLabel(i.repo(), n).orElseThrow()).toList();
    }

    /** One page of {@code items}, with {@code X-Total-Count} and a {@code Link} header built from ROOT_URL. */
    private <T> Reply paged(Call c, List<T> items, Function<T, JsonNode> render, boolean totalIsTotal,
            String linkPath) {
        List<T> page = page(c.query(), items);
        ArrayNode a = ForgejoSimJson.JSON.createArrayNode();
        page.forEach(x -> a.add(render.apply(x)));
        Reply reply = Reply.json(200, a.toString())
                .withHeader("X-Total-Count", String.valueOf(totalIsTotal ? items.size() : page.size()));
        if (linkPath != null) {
            int limit = limit(c.query());
            int p = pageNumber(c.query());
            int last = Math.max(1, (items.size() + limit - 1) / limit);
            String base = ROOT_URL + "api/v1/repos/" + c.repo() + linkPath + "?limit=" + limit + "&page=";
            List<String> links = new ArrayList<>();
            if (p < last) {
                links.add("<" + base + (p + 1) + ">; rel=\"next\"");
                links.add("<" + base + last + ">; rel=\"last\"");
            }
            if (!links.isEmpty()) {
                reply = reply.withHeader("Link", String.join(",", links));
            }
        }
        return reply;
    }

    private static <T> List<T> page(Map<String, String> query, List<T> items) {
        int limit = limit(query);
        long from = (long) (pageNumber(query) - 1) * limit;
        if (from >= items.size()) {
            return List.of();
        }
        return items.subList((int) from, (int) Math.min(items.size(), from + limit));
    }

    private static int limit(Map<String, String> query) {
        int limit = intParam(query, "limit");
        return limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }

    private static int pageNumber(Map<String, String> query) {
        return Math.max(1, intParam(query, "page"));
    }

    private static int intParam(Map<String, String> query, String name) {
        try {
            return Integer.parseInt(query.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0; // the contract check has already recorded it
        }
    }

    private static JsonNode parse(String body) {
        try {
            return ForgejoSimJson.JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            return ForgejoSimJson.JSON.createObjectNode();
        }
    }

    private static Reply notFound() {
        return Reply.json(404, "{\"errors\":[],\"message\":\"The target couldn't be found.\",\"url\":\""
                + ROOT_URL + "api/swagger\"}");
    }
}
