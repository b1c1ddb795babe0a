package dev.afk.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A loopback T3 Code server that behaves like the verified contract (docs/reference/t3-orchestration.md): the dispatch endpoint
 * with command receipts (same {@code commandId} → same reply, §5), 400 with an empty body for a body that fails
 * dispatch-command.schema.json, 500 {@code orchestration_dispatch_failed} for domain rejections, 401/404 JSON
 * errors (§6), and the three read models (§7). The turn lifecycle follows §9: {@code thread.turn.start} only
 * records the request; a scripted agent (via {@link #onTurnStarted}) or a test moves the session and turn with
 * {@link #startTurn}, {@link #completeTurn}, {@link #failTurn} and {@link #stopBeforeTurn}.
 *
 * <p>Stopping follows docs/reference/t3-control.md: {@code thread.turn.interrupt} settles a running turn as session {@code ready},
 * turn {@code completed} with the placeholder {@code assistantMessageId "assistant:<turnId>"} and no assistant message
 * (§0.1, §3.2); on a thread whose session is {@code null} or {@code stopped} it adds the {@code error}-tone activity
 * {@code provider.turn.interrupt.failed} (§3.3). {@code thread.session.stop} leaves the session {@code stopped}
 * (§7.2); with {@code onlyIfSettled: true} it is refused, since this server never settles a thread. Both answer 200
 * and do nothing on a deleted thread (§0.6). Where the real server is awkward, a test scripts it per thread (before
 * or after the thread exists): {@link #settleInterruptsAfterReads}, {@link #settleInterruptsAfter},
 * {@link #holdInterrupts}, {@link #interruptsNeverSettle}, {@link #stopsNeverSettle} and {@link #reportOnInterrupt}.
 *
 * <p>Metering follows docs/reference/t3-control.md §5: a thread whose provider instance reports usage (Codex and
 * Claude do, {@link #METERED_INSTANCES}; Cursor/ACP and the others report none, §5.1) gets
 * {@code context-window.updated} activities shaped as in §5.2, one per report, none with {@code usedTokens <= 0};
 * {@code /threads/{id}} shows only the last of them per {@code turnId} and at most the 500 most recent activities
 * (§5.4). A test scripts the figures: {@link #tokensPerTurn} makes every turn's progress (each assistant message,
 * and the settle) report, the turn's tokens added to the thread's cumulative count; {@link #reportUsage} appends one
 * report with exact figures. {@link #meterUsage} switches reporting per provider instance, {@link #meterThread}
 * per thread.
 *
 * <p>Every request body that fails the schema, and every request to a route T3 does not have, is recorded in
 * {@link #violations()} so a test can assert that AFK only ever sent valid requests.
 */
public final class T3Simulator extends SimServer {

    /** Handed to the scripted agent for every accepted new turn. */
    public record TurnStarted(String threadId, String turnId, String title, String text, Instant requestedAt) {}

    /** One {@code thread.turn.start} the server accepted (a re-sent commandId adds none). */
    public record TurnRequest(String turnId, String commandId, String messageId, String text, Instant requestedAt) {}

    public record Message(String id, String role, String text, String turnId, Instant createdAt) {}

    public record Activity(String id, String tone, String kind, String summary, Map<String, Object> payload,
            String turnId, Instant createdAt) {}

    /**
     * One usage report, the payload of a {@code context-window.updated} activity (T3's {@code ThreadTokenUsageSnapshot},
     * docs/reference/t3-control.md §5.2). {@code usedTokens} is the context-window fill, {@code totalProcessedTokens}
     * the cumulative count: rendered only when it is greater than {@code usedTokens}, as T3 does (§5.3).
     */
    public record Usage(long usedTokens, long totalProcessedTokens, long maxTokens, long inputTokens,
            long cachedInputTokens, long outputTokens) {

        /** A report of {@code usedTokens} filled and {@code totalProcessedTokens} so far, split 9:1 input:output. */
        public static Usage of(long usedTokens, long totalProcessedTokens) {
            long output = Math.max(0, usedTokens / 10);
            return new Usage(usedTokens, totalProcessedTokens, 200_000, usedTokens - output, 0, output);
        }

        Map<String, Object> payload() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("usedTokens", usedTokens);
            if (totalProcessedTokens > usedTokens) {
                p.put("totalProcessedTokens", totalProcessedTokens);
            }
            p.put("maxTokens", maxTokens);
            p.put("inputTokens", inputTokens);
            p.put("cachedInputTokens", cachedInputTokens);
            p.put("outputTokens", outputTokens);
            p.put("lastUsedTokens", usedTokens);
            p.put("compactsAutomatically", true);
            return p;
        }
    }

    /** The provider instances that report token usage unless a test says otherwise (docs/reference/t3-control.md §5.2). */
    public static final Set<String> METERED_INSTANCES = Set.of("codex", "claudeAgent");

    /** A copy of one thread's state, with everything it received. */
    public record ThreadSnapshot(String id, String projectId, String title, String instanceId, String model,
            String runtimeMode, String interactionMode, String sessionStatus, String activeTurnId, String lastError,
            String latestTurnId, String latestTurnState, Instant latestTurnRequestedAt, Instant deletedAt,
            List<Message> messages, List<TurnRequest> turns, List<Activity> activities) {

        public List<Message> userMessages() {
            return messages.stream().filter(m -> "user".equals(m.role())).toList();
        }
    }

    public record Project(String id, String title, String workspaceRoot, Instant createdAt) {}

    /**
     * One {@code thread.turn.interrupt} or {@code thread.session.stop} the server accepted (a re-sent commandId adds
     * none); {@code turnId} is the interrupt's, null when it had none (and always for a stop).
     */
    public record ControlCommand(String type, String commandId, String turnId, Instant receivedAt) {}

    /** How this thread's provider answers interrupts, set by a test; see the knobs below. */
    private static final class InterruptScript {
        int readsBeforeSettle;
        Duration settleDelay;
        int held;
        boolean holdAll;
        boolean stopsHeld;
        String lateReport;
    }

    /** What a command left behind: the reply to repeat for the same commandId, and on which aggregate. */
    private record Receipt(String aggregate, Reply reply) {}

    /** The outcome of one dispatch, computed under the lock; the hook runs after it is released. */
    private record Dispatched(Reply reply, TurnStarted turn) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final String acceptedToken;
    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final Map<String, T3SimThread> threads = new LinkedHashMap<>();
    private final Map<String, Receipt> receipts = new LinkedHashMap<>();
    private final Map<String, InterruptScript> interruptScripts = new HashMap<>();
    private final List<Consumer<TurnStarted>> turnHooks = new CopyOnWriteArrayList<>();
    private final Set<String> meteredInstances = new HashSet<>(METERED_INSTANCES);
    private final Map<String, Boolean> meteredThreads = new HashMap<>();
    private final Map<String, Long> tokensPerTurn = new HashMap<>();
    private long sequence;
    private long traceCounter;
    private long assistantCounter;
    private long activityCounter;

    /**
     * @param port          0 for any free port
     * @param clock         the server's clock: {@code createdAt}/{@code requestedAt} come from it, never the client
     * @param acceptedToken the only bearer token that authenticates
     */
    public T3Simulator(int port, Clock clock, String acceptedToken) {
        super(port);
        this.clock = clock;
        this.acceptedToken = acceptedToken;
    }

    @Override
    public T3Simulator start() {
        super.start();
        return this;
    }

    // ---- HTTP ----

    @Override
    protected Reply handle(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body) {
        Reply denied = authenticate(headers);
        if (denied != null) {
            return denied;
        }
        if ("POST".equals(method) && "/api/orchestration/dispatch".equals(path)) {
            Dispatched d = dispatch(body);
            if (d.turn() != null) {
                turnHooks.forEach(h -> h.accept(d.turn()));
            }
            return d.reply();
        }
        if ("GET".equals(method) && "/api/orchestration/shell".equals(path)) {
            return Reply.json(200, fleetJson(false));
        }
        if ("GET".equals(method) && "/api/orchestration/snapshot".equals(path)) {
            return Reply.json(200, fleetJson(true));
        }
        if ("GET".equals(method) && path.startsWith("/api/orchestration/threads/")) {
            return detail(path.substring("/api/orchestration/threads/".length()));
        }
        violation(method + " " + path + ": T3 has no such route");
        return Reply.json(404, errorJson("EnvironmentResourceNotFoundError", "not_found", "route_not_found"));
    }

    private Reply authenticate(Map<String, String> headers) {
        String auth = null;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Authorization")) {
                auth = h.getValue();
            }
        }
        if (auth == null || auth.isBlank()) {
            return Reply.json(401, errorJson("EnvironmentAuthInvalidError", "auth_invalid", "missing_credential"));
        }
        if (!auth.equals("Bearer " + acceptedToken)) {
            return Reply.json(401, errorJson("EnvironmentAuthInvalidError", "auth_invalid", "invalid_credential"));
        }
        return null;
    }

    private synchronized Dispatched dispatch(String body) {
        JsonNode cmd;
        try {
            cmd = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            cmd = null;
        }
        if (cmd == null || cmd.isMissingNode()) {
            violation("POST /api/orchestration/dispatch: body is not JSON");
            return new Dispatched(Reply.empty(400), null);
        }
        List<String> problems = T3SimSchemas.commandProblems(cmd);
        if (!problems.isEmpty()) {
            violation("POST /api/orchestration/dispatch " + cmd.path("type").asText("(no type)") + ": "
                    + String.join("; ", problems));
            return new Dispatched(Reply.empty(400), null);
        }
        String type = cmd.get("type").asText();
        String commandId = cmd.get("commandId").asText().strip();
        String aggregate = "project.create".equals(type)
                ? "project:" + cmd.get("projectId").asText().strip()
                : "thread:" + cmd.get("threadId").asText().strip();
        Receipt receipt = receipts.get(commandId);
        if (receipt != null) {
            // Command receipts (§5): the same command again changes nothing and gets the same answer.
            return new Dispatched(receipt.aggregate().equals(aggregate) ? receipt.reply() : dispatchFailed(), null);
        }
        Instant now = clock.instant();
        TurnStarted started = null;
        Reply reply;
        switch (type) {
            case "project.create" -> reply = createProject(cmd, now);
            case "thread.create" -> reply = createThread(cmd, now);
            case "thread.turn.start" -> {
                T3SimThread t = liveThread(cmd.get("threadId").asText().strip());
                if (t == null) {
                    reply = dispatchFailed();
                } else {
                    TurnRequest turn = new TurnRequest(
                            UUID.nameUUIDFromBytes(("turn/" + commandId).getBytes(StandardCharsets.UTF_8)).toString(),
                            commandId, cmd.at("/message/messageId").asText().strip(), cmd.at("/message/text").asText(),
                            now);
                    t.turns.add(turn);
                    t.messages.add(new Message(turn.messageId(), "user", turn.text(), null, now));
                    t.updatedAt = now;
                    sequence += 2; // message-sent + turn-start-requested
                    reply = sequenceReply();
                    started = new TurnStarted(t.id, turn.turnId(), t.title, turn.text(), now);
                }
            }
            case "thread.turn.interrupt" -> {
                T3SimThread t = threads.get(cmd.get("threadId").asText().strip());
                if (t == null) {
                    reply = dispatchFailed();
                } else {
                    String turnId = cmd.hasNonNull("turnId") ? cmd.get("turnId").asText().strip() : null;
                    t.controls.add(new ControlCommand(type, commandId, turnId, now));
                    sequence++;
                    reply = sequenceReply();
                    if (t.deletedAt == null) {
                        interrupt(t, turnId, now);
                    }
                }
            }
            case "thread.session.stop" -> {
                T3SimThread t = threads.get(cmd.get("threadId").asText().strip());
                if (t == null || cmd.path("onlyIfSettled").asBoolean(false)) {
                    // Nothing here is ever thread.settle'd, and onlyIfSettled needs that (§7.2).
                    reply = dispatchFailed();
                } else {
                    t.controls.add(new ControlCommand(type, commandId, null, now));
                    sequence++;
                    reply = sequenceReply();
                    if (t.deletedAt == null) {
                        stopSession(t, now);
                    }
                }
            }
            default -> reply = dispatchFailed();
        }
        receipts.put(commandId, new Receipt(aggregate, reply));
        return new Dispatched(reply, started);
    }

    private Reply createProject(JsonNode cmd, Instant now) {
        String id = cmd.get("projectId").asText().strip();
        if (projects.containsKey(id)) {
            return dispatchFailed();
        }
        projects.put(id, new Project(id, cmd.get("title").asText(), cmd.get("workspaceRoot").asText(), now));
        sequence++;
        return sequenceReply();
    }

    private Reply createThread(JsonNode cmd, Instant now) {
        String id = cmd.get("threadId").asText().strip();
        String projectId = cmd.get("projectId").asText().strip();
        if (!projects.containsKey(projectId) || threads.containsKey(id)) {
            return dispatchFailed();
        }
        JsonNode selection = cmd.get("modelSelection").deepCopy();
        if (!selection.has("instanceId") && selection.has("provider")) {
            ((ObjectNode) selection).set("instanceId", selection.get("provider")); // legacy form (§4)
            ((ObjectNode) selection).remove("provider");
        }
        threads.put(id, new T3SimThread(id, projectId, cmd.get("title").asText(), selection,
                cmd.get("runtimeMode").asText(), cmd.path("interactionMode").asText("default"), now));
        sequence++;
        return sequenceReply();
    }

    private synchronized String fleetJson(boolean snapshot) {
        ObjectNode root = JSON.createObjectNode();
        root.put("snapshotSequence", sequence);
        ArrayNode ps = root.putArray("projects");
        Instant latest = Instant.EPOCH;
        for (Project p : projects.values()) {
            ObjectNode o = ps.addObject();
            o.put("id", p.id());
            o.put("title", p.title());
            o.put("workspaceRoot", p.workspaceRoot());
            o.putNull("defaultModelSelection");
            o.putNull("defaultThreadEnvMode");
            o.putNull("faviconPath");
            o.putArray("scripts");
            o.put("createdAt", p.createdAt().toString());
            o.put("updatedAt", p.createdAt().toString());
            o.putNull("deletedAt");
            latest = max(latest, p.createdAt());
        }
        ArrayNode ts = root.putArray("threads");
        for (T3SimThread t : threads.values()) {
            settleOnRead(t);
            if (snapshot) {
                ts.add(t.snapshotJson());
            } else if (t.deletedAt == null) {
                ts.add(t.shellJson());
            }
            latest = max(latest, t.updatedAt);
        }
        root.put("updatedAt", latest.toString());
        return root.toString();
    }

    private synchronized Reply detail(String threadId) {
        T3SimThread t = threads.get(threadId);
        if (t == null) {
            return Reply.json(404, errorJson("EnvironmentResourceNotFoundError", "not_found", "thread_not_found"));
        }
        settleOnRead(t);
        ObjectNode root = JSON.createObjectNode();
        root.put("snapshotSequence", sequence);
        root.set("thread", t.detailJson());
        return Reply.json(200, root.toString());
    }

    private Reply sequenceReply() {
        return Reply.json(200, "{\"sequence\":" + sequence + "}");
    }

    private Reply dispatchFailed() {
        return Reply.json(500, errorJson("EnvironmentInternalError", "internal_error",
                "orchestration_dispatch_failed"));
    }

    private synchronized String errorJson(String tag, String code, String reason) {
        ObjectNode o = JSON.createObjectNode();
        o.put("_tag", tag);
        o.put("code", code);
        o.put("reason", reason);
        o.put("traceId", String.format("%032x", ++traceCounter));
        return o.toString();
    }

    private T3SimThread liveThread(String id) {
        T3SimThread t = threads.get(id);
        return t == null || t.deletedAt != null ? null : t;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    // ---- programmatic API: set-up ----

    /** Registers a project as if {@code t3 project add <root>} had run on the host. */
    public synchronized void createProject(String id, String workspaceRoot) {
        String title = workspaceRoot.substring(workspaceRoot.lastIndexOf('/') + 1);
        projects.put(id, new Project(id, title.isEmpty() ? id : title, workspaceRoot, clock.instant()));
        sequence++;
    }

    public synchronized List<Project> projects() {
        return List.copyOf(projects.values());
    }

    /**
     * Adds a hook called for every accepted new {@code thread.turn.start} (never for a re-sent commandId), after
     * the server's lock is released and before the dispatch reply is sent. A script that wants the realistic gap
     * between the reply and the session appearing (§9) schedules its work instead of doing it inline.
     */
    public T3Simulator onTurnStarted(Consumer<TurnStarted> hook) {
        turnHooks.add(hook);
        return this;
    }

    // ---- programmatic API: inspection ----

    public synchronized List<ThreadSnapshot> threads() {
        return threads.values().stream().map(T3SimThread::snapshot).toList();
    }

    public synchronized Optional<ThreadSnapshot> thread(String threadId) {
        return Optional.ofNullable(threads.get(threadId)).map(T3SimThread::snapshot);
    }

    /** Every accepted turn request of the thread, oldest first (empty for an unknown thread). */
    public synchronized List<TurnRequest> turnsFor(String threadId) {
        T3SimThread t = threads.get(threadId);
        return t == null ? List.of() : List.copyOf(t.turns);
    }

    /** Every stop command the server accepted on the thread, oldest first (empty for an unknown thread). */
    public synchronized List<ControlCommand> controlsFor(String threadId) {
        T3SimThread t = threads.get(threadId);
        return t == null ? List.of() : List.copyOf(t.controls);
    }

    public synchronized long sequence() {
        return sequence;
    }

    // ---- programmatic API: the agent's side of the lifecycle (§9) ----

    /** The provider picked up the oldest requested turn: session running, latest turn running. */
    public synchronized void startTurn(String threadId) {
        T3SimThread t = require(threadId);
        TurnRequest next = t.nextPendingTurn();
        if (next == null) {
            throw new IllegalStateException("thread " + threadId + " has no requested turn to start");
        }
        Instant now = clock.instant();
        t.latestTurn = next;
        t.latestTurnState = "running";
        t.latestTurnStartedAt = now;
        t.latestTurnCompletedAt = null;
        t.latestTurnAssistantMessageId = null;
        t.sessionStatus = "running";
        t.providerless = false;
        t.activeTurnId = next.turnId();
        t.lastError = null;
        t.tokensAtTurnStart = t.tokensReported;
        touch(t, now);
    }

    /** The running turn finished normally: session ready, turn completed (with its last assistant message). */
    public synchronized void completeTurn(String threadId) {
        T3SimThread t = requireRunning(threadId);
        settle(t, "ready", "completed", null, clock.instant());
    }

    /** The running turn failed: session error with {@code lastError}, turn error, a {@code runtime.error} activity. */
    public synchronized void failTurn(String threadId, String error) {
        T3SimThread t = requireRunning(threadId);
        Instant now = clock.instant();
        String turnId = t.activeTurnId;
        settle(t, "error", "error", error, now);
        t.activities.add(activity("error", "runtime.error", "Runtime error", Map.of("message", error), turnId, now));
    }

    /**
     * The provider failed before any turn started (§9 step 7): session {@code stopped} with {@code lastError},
     * the latest turn untouched, and the two error activities the real server records.
     */
    public synchronized void stopBeforeTurn(String threadId, String error) {
        T3SimThread t = require(threadId);
        Instant now = clock.instant();
        t.sessionStatus = "stopped";
        t.activeTurnId = null;
        t.lastError = error;
        t.activities.add(activity("error", "provider.turn.start.failed", "Provider turn start failed",
                Map.of("detail", error), null, now));
        t.activities.add(activity("error", "runtime.error", "Runtime error", Map.of("message", error), null, now));
        touch(t, now);
    }

    /** Sets the session directly (created if the thread had none). */
    public synchronized void setSession(String threadId, String status, String lastError) {
        T3SimThread t = require(threadId);
        t.sessionStatus = status;
        t.lastError = lastError;
        if (!"running".equals(status) && !"starting".equals(status)) {
            t.activeTurnId = null;
        }
        touch(t, clock.instant());
    }

    /** Sets the latest turn's state; the latest requested turn becomes the latest turn if none had started. */
    public synchronized void setLatestTurnState(String threadId, String state) {
        T3SimThread t = require(threadId);
        Instant now = clock.instant();
        if (t.latestTurn == null) {
            if (t.turns.isEmpty()) {
                throw new IllegalStateException("thread " + threadId + " has no turn");
            }
            t.latestTurn = t.turns.get(t.turns.size() - 1);
            t.latestTurnStartedAt = now;
        }
        t.latestTurnState = state;
        t.latestTurnCompletedAt = "running".equals(state) ? null : now;
        touch(t, now);
    }

    /** The agent wrote a (finished) assistant message in the current turn. */
    public synchronized String addAssistantMessage(String threadId, String text) {
        return addAgentMessage(require(threadId), text, clock.instant());
    }

    private String addAgentMessage(T3SimThread t, String text, Instant now) {
        String id = "assistant:" + t.id + ":" + (++assistantCounter);
        String turnId = t.activeTurnId != null ? t.activeTurnId : t.latestTurn == null ? null : t.latestTurn.turnId();
        t.messages.add(new Message(id, "assistant", text, turnId, now));
        if (t.activeTurnId != null) {
            meterProgress(t, false, now);
        }
        touch(t, now);
        return id;
    }

    public synchronized void addActivity(String threadId, String tone, String kind, String summary) {
        T3SimThread t = require(threadId);
        Instant now = clock.instant();
        t.activities.add(activity(tone, kind, summary, Map.of(), t.activeTurnId, now));
        touch(t, now);
    }

    /** Marks a thread deleted: gone from /shell, still in /snapshot with {@code deletedAt} (§7). */
    public synchronized void deleteThread(String threadId) {
        T3SimThread t = require(threadId);
        t.deletedAt = clock.instant();
        touch(t, t.deletedAt);
    }

    // ---- programmatic API: metering (docs/reference/t3-control.md §5) ----

    /**
     * Whether threads of the provider instance {@code instanceId} report usage (by default {@link #METERED_INSTANCES}:
     * Codex and Claude do, Cursor/ACP does not, §5.1). A per-thread switch ({@link #meterThread}) wins.
     */
    public synchronized T3Simulator meterUsage(String instanceId, boolean reports) {
        if (reports) {
            meteredInstances.add(instanceId);
        } else {
            meteredInstances.remove(instanceId);
        }
        return this;
    }

    /** Whether {@code threadId} reports usage, whatever its provider (before or after the thread exists). */
    public synchronized T3Simulator meterThread(String threadId, boolean reports) {
        meteredThreads.put(threadId, reports);
        return this;
    }

    /**
     * Every turn of {@code threadId} (before or after the thread exists) uses {@code tokens}: a metered thread reports
     * half of them at each assistant message of the turn and all of them when the turn settles (completes, fails, or
     * is interrupted or stopped), each report's cumulative count the count before the turn plus that. So after
     * {@code n} settled turns the thread has reported {@code n * tokens}, and the detail keeps one report per turn.
     */
    public synchronized T3Simulator tokensPerTurn(String threadId, long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must be >= 0: " + tokens);
        }
        tokensPerTurn.put(threadId, tokens);
        return this;
    }

    /**
     * One usage report on {@code threadId} now, for its running turn (turnId null when none runs: usage outside a
     * turn, §5.3). False, and nothing recorded, when the thread's provider reports no usage or
     * {@code usedTokens <= 0} (§5.2).
     */
    public synchronized boolean reportUsage(String threadId, Usage usage) {
        T3SimThread t = require(threadId);
        if (!meters(t)) {
            return false;
        }
        Instant now = clock.instant();
        if (!appendUsage(t, usage, t.activeTurnId, now)) {
            return false;
        }
        touch(t, now);
        return true;
    }

    /** The largest cumulative token count the thread has reported (0 when none), whatever the detail still shows. */
    public synchronized long tokensReported(String threadId) {
        T3SimThread t = threads.get(threadId);
        return t == null ? 0 : t.tokensReported;
    }

    // ---- programmatic API: how the provider answers a stop (docs/reference/t3-control.md) ----

    /**
     * After an interrupt of a running turn, the session of {@code threadId} stays {@code running} for the next
     * {@code reads} HTTP reads that show the thread ({@code /threads/{id}}, {@code /shell}, {@code /snapshot}); the
     * read after them shows it settled, dated by that read. The real server settles in about 0.2 s (§3.2, §10).
     */
    public synchronized T3Simulator settleInterruptsAfterReads(String threadId, int reads) {
        if (reads < 0) {
            throw new IllegalArgumentException("reads must be >= 0: " + reads);
        }
        script(threadId).readsBeforeSettle = reads;
        return this;
    }

    /**
     * After an interrupt of a running turn, the session of {@code threadId} stays {@code running} until the server
     * clock has moved {@code delay} past the interrupt; the first read from then on shows it settled, dated by the
     * interrupt's time plus {@code delay} (when the real server would have recorded it).
     */
    public synchronized T3Simulator settleInterruptsAfter(String threadId, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        script(threadId).settleDelay = delay;
        return this;
    }

    /**
     * The next {@code interrupts} interrupts of a running turn on {@code threadId} are answered 200 and cancel only
     * the prompt in flight: the turn keeps running with the same {@code turnId} and an unchanged {@code updatedAt},
     * as when a steer is queued (§3.4). The interrupt after them acts.
     */
    public synchronized T3Simulator holdInterrupts(String threadId, int interrupts) {
        if (interrupts < 0) {
            throw new IllegalArgumentException("interrupts must be >= 0: " + interrupts);
        }
        script(threadId).held = interrupts;
        return this;
    }

    /**
     * No interrupt ever settles a running turn on {@code threadId}: only {@code thread.session.stop} does, as with
     * a thread unarchived while running (§6.1: "an interrupt then does not help").
     */
    public synchronized T3Simulator interruptsNeverSettle(String threadId) {
        script(threadId).holdAll = true;
        return this;
    }

    /**
     * Neither interrupts nor {@code thread.session.stop} settle {@code threadId}: both answer 200 and change
     * nothing, as on a thread archived while running (docs/reference/t3-control.md §0 item 4, §6.1: the agent keeps running).
     */
    public synchronized T3Simulator stopsNeverSettle(String threadId) {
        InterruptScript script = script(threadId);
        script.holdAll = true;
        script.stopsHeld = true;
        return this;
    }

    /**
     * When the next interrupt reaches a running turn on {@code threadId}, the agent's reply {@code text} (say
     * {@code "AFK-PHASE: pushed <sha>"}) lands in that turn just after the interrupt: the reply beat the cancel, and
     * the turn settles with it as its assistant message. Once.
     */
    public synchronized T3Simulator reportOnInterrupt(String threadId, String text) {
        script(threadId).lateReport = text;
        return this;
    }

    /** Back to the real server's prompt answer to interrupts for {@code threadId}; a pending settle stays pending. */
    public synchronized T3Simulator clearInterruptScript(String threadId) {
        interruptScripts.remove(threadId);
        return this;
    }

    private InterruptScript script(String threadId) {
        return interruptScripts.computeIfAbsent(threadId, id -> new InterruptScript());
    }

    private void interrupt(T3SimThread t, String turnId, Instant now) {
        if (t.sessionStatus == null || "stopped".equals(t.sessionStatus)) {
            // §3.3: the provider reactor finds no live session.
            t.activities.add(activity("error", "provider.turn.interrupt.failed", "Provider turn interrupt failed",
                    Map.of("detail", "No active provider session is bound to this thread."), null, now));
            touch(t, now);
            return;
        }
        boolean working = "running".equals(t.sessionStatus) || "starting".equals(t.sessionStatus)
                || "running".equals(t.latestTurnState);
        if (!working) {
            // §3.3: an idle thread shows nothing, unless turnId names its finished turn, which it relabels.
            if (turnId != null && t.latestTurn != null && turnId.equals(t.latestTurn.turnId())) {
                t.latestTurnState = "interrupted";
                touch(t, now);
            }
            return;
        }
        InterruptScript script = interruptScripts.getOrDefault(t.id, new InterruptScript());
        if (script.lateReport != null) {
            String report = script.lateReport;
            script.lateReport = null;
            addAgentMessage(t, report, clock.instant());
        }
        if (script.holdAll || script.held > 0) {
            if (!script.holdAll) {
                script.held--;
            }
            return;
        }
        if (t.pendingSettle != null) {
            return; // an earlier interrupt is already settling this turn
        }
        if (script.settleDelay != null) {
            t.pendingSettle = new T3SimThread.PendingSettle(now.plus(script.settleDelay), 0);
        } else if (script.readsBeforeSettle > 0) {
            t.pendingSettle = new T3SimThread.PendingSettle(null, script.readsBeforeSettle);
        } else {
            stopTurn(t, "ready", now);
        }
    }

    /**
     * A read that shows the thread: settles a delayed interrupt once its reads or its time have passed. The clock is
     * read only when a settle is pending, so reads of other threads take no time from a clock that ticks per reading.
     */
    private void settleOnRead(T3SimThread t) {
        T3SimThread.PendingSettle pending = t.pendingSettle;
        if (pending == null) {
            return;
        }
        Instant now = clock.instant();
        if (pending.due() != null) {
            if (!now.isBefore(pending.due())) {
                stopTurn(t, "ready", pending.due());
            }
        } else if (pending.readsLeft() > 0) {
            t.pendingSettle = new T3SimThread.PendingSettle(null, pending.readsLeft() - 1);
        } else {
            stopTurn(t, "ready", now);
        }
    }

    /**
     * §7.2: the session ends {@code stopped}; a running turn settles as {@code completed} with the placeholder, a
     * requested turn the provider had not picked up never reaches it (it appears already {@code completed}), and a
     * thread without a session gets a provider-less {@code stopped} one.
     */
    private void stopSession(T3SimThread t, Instant now) {
        if (interruptScripts.getOrDefault(t.id, new InterruptScript()).stopsHeld) {
            return; // scripted: the stop does nothing (an archived thread, §6.1)
        }
        boolean hadSession = t.sessionStatus != null;
        if ("running".equals(t.latestTurnState)) {
            stopTurn(t, "stopped", now);
        }
        for (TurnRequest pending = t.nextPendingTurn(); pending != null; pending = t.nextPendingTurn()) {
            t.latestTurn = pending;
            t.latestTurnState = "running";
            t.latestTurnStartedAt = now;
            t.tokensAtTurnStart = t.tokensReported;
            stopTurn(t, "stopped", now, false); // never reached the provider: it used nothing
        }
        if (!hadSession) {
            t.providerless = true;
            t.lastError = null;
        }
        t.sessionStatus = "stopped";
        t.activeTurnId = null;
        t.pendingSettle = null;
        touch(t, now);
    }

    /**
     * An interrupt or a stop settles the running turn (§3.1, §3.2): session {@code sessionStatus} without an
     * error, turn {@code completed} at {@code at}, its {@code assistantMessageId} the turn's last assistant message
     * or the placeholder {@code "assistant:<turnId>"}, and the two {@code checkpoint.captured} activities.
     */
    private void stopTurn(T3SimThread t, String sessionStatus, Instant at) {
        stopTurn(t, sessionStatus, at, true);
    }

    private void stopTurn(T3SimThread t, String sessionStatus, Instant at, boolean metered) {
        t.pendingSettle = null;
        t.sessionStatus = sessionStatus;
        t.activeTurnId = null;
        t.lastError = null;
        if (t.latestTurn != null && "running".equals(t.latestTurnState)) {
            if (metered) {
                meterProgress(t, true, at);
            }
            String turnId = t.latestTurn.turnId();
            t.latestTurnState = "completed";
            t.latestTurnCompletedAt = at;
            t.latestTurnAssistantMessageId = t.messages.stream()
                    .filter(m -> "assistant".equals(m.role()) && turnId.equals(m.turnId()))
                    .map(Message::id).reduce((a, b) -> b).orElse("assistant:" + turnId);
            int turnCount = t.turns.indexOf(t.latestTurn) + 1;
            t.activities.add(activity("info", "checkpoint.captured", "Checkpoint captured",
                    Map.of("turnCount", turnCount, "status", "missing"), turnId, at));
            t.activities.add(activity("info", "checkpoint.captured", "Checkpoint captured",
                    Map.of("turnCount", turnCount, "status", "ready"), turnId, at));
        }
        touch(t, max(t.updatedAt, at));
    }

    private void settle(T3SimThread t, String sessionStatus, String turnState, String error, Instant now) {
        if ("running".equals(t.latestTurnState)) {
            meterProgress(t, true, now);
        }
        t.sessionStatus = sessionStatus;
        t.activeTurnId = null;
        t.lastError = error;
        if (t.latestTurn != null) {
            t.latestTurnState = turnState;
            t.latestTurnCompletedAt = now;
            String turnId = t.latestTurn.turnId();
            t.latestTurnAssistantMessageId = t.messages.stream()
                    .filter(m -> "assistant".equals(m.role()) && turnId.equals(m.turnId()))
                    .map(Message::id).reduce((a, b) -> b).orElse(null);
        }
        touch(t, now);
    }

    /**
     * The latest turn made progress (an assistant message, or its settle when {@code settled}): with
     * {@link #tokensPerTurn} scripted and a metered provider, one usage report for that turn. The turn fills
     * half its tokens by its first messages and all of them by its settle; the thread's cumulative count is the count
     * at the turn's start plus that.
     */
    private void meterProgress(T3SimThread t, boolean settled, Instant at) {
        Long perTurn = tokensPerTurn.get(t.id);
        if (perTurn == null || t.latestTurn == null || !meters(t)) {
            return;
        }
        long used = settled ? perTurn : perTurn / 2;
        long total = t.tokensAtTurnStart + used;
        appendUsage(t, Usage.of(used, total), t.latestTurn.turnId(), at);
    }

    /** One {@code context-window.updated} activity, shaped as in docs/reference/t3-control.md §5.2; none for {@code usedTokens <= 0}. */
    private boolean appendUsage(T3SimThread t, Usage usage, String turnId, Instant at) {
        if (usage.usedTokens() <= 0) {
            return false; // ProviderRuntimeIngestion skips these (§5.2)
        }
        t.activities.add(activity("info", T3SimThread.USAGE_KIND, "Context window updated", usage.payload(), turnId,
                at));
        t.tokensReported = Math.max(t.tokensReported, Math.max(usage.usedTokens(), usage.totalProcessedTokens()));
        return true;
    }

    private boolean meters(T3SimThread t) {
        Boolean perThread = meteredThreads.get(t.id);
        return perThread != null ? perThread
                : meteredInstances.contains(t.modelSelection.path("instanceId").asText(""));
    }

    private Activity activity(String tone, String kind, String summary, Map<String, Object> payload, String turnId,
            Instant at) {
        return new Activity("activity-" + (++activityCounter), tone, kind, summary, payload, turnId, at);
    }

    private void touch(T3SimThread t, Instant now) {
        t.updatedAt = now;
        t.sessionUpdatedAt = now;
        sequence++;
    }

    private T3SimThread require(String threadId) {
        T3SimThread t = threads.get(threadId);
        if (t == null) {
            throw new IllegalArgumentException("no such thread: " + threadId);
        }
        return t;
    }

    private T3SimThread requireRunning(String threadId) {
        T3SimThread t = require(threadId);
        if (t.latestTurn == null || !"running".equals(t.latestTurnState)) {
            throw new IllegalStateException("thread " + threadId + " has no running turn");
        }
        return t;
    }
}
