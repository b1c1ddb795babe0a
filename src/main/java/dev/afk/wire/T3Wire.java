package dev.afk.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afk.adapter.T3StopState;
import dev.afk.core.PhaseReport;
import dev.afk.core.ThreadView;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The T3 Code orchestration wire format (docs/reference/t3-orchestration.md §4–§7): request bodies for
 * {@code POST /api/orchestration/dispatch} and parsers for the dispatch reply and the read models. Pure: no clock,
 * no I/O beyond the stream handed in; every value comes from the caller.
 */
public final class T3Wire {

    public static final String DISPATCH_PATH = "/api/orchestration/dispatch";
    public static final String SHELL_PATH = "/api/orchestration/shell";
    public static final String SNAPSHOT_PATH = "/api/orchestration/snapshot";
    public static final String THREADS_PATH = "/api/orchestration/threads/";

    /** AFK's agents run unattended, so the thread must never stop for an approval (§10 "Needs a person"). */
    public static final String RUNTIME_MODE = "full-access";
    public static final String INTERACTION_MODE = "default";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private T3Wire() {}

    /** {@code thread.create}: every required key present, {@code branch}/{@code worktreePath} explicitly null. */
    public static ObjectNode threadCreate(String commandId, String threadId, String projectId, String title,
            String instanceId, String model, Instant createdAt) {
        ObjectNode cmd = envelope("thread.create", commandId);
        cmd.put("threadId", threadId);
        cmd.put("projectId", projectId);
        cmd.put("title", title);
        ObjectNode selection = cmd.putObject("modelSelection");
        selection.put("instanceId", instanceId);
        selection.put("model", model);
        cmd.put("runtimeMode", RUNTIME_MODE);
        cmd.put("interactionMode", INTERACTION_MODE);
        cmd.putNull("branch");
        cmd.putNull("worktreePath");
        cmd.put("createdAt", createdAt.toString());
        return cmd;
    }

    /** {@code thread.turn.start} (the client variant: both modes and an empty attachment list are required). */
    public static ObjectNode turnStart(String commandId, String threadId, String messageId, String text,
            Instant createdAt) {
        ObjectNode cmd = envelope("thread.turn.start", commandId);
        cmd.put("threadId", threadId);
        ObjectNode message = cmd.putObject("message");
        message.put("messageId", messageId);
        message.put("role", "user");
        message.put("text", text);
        message.putArray("attachments");
        cmd.put("runtimeMode", RUNTIME_MODE);
        cmd.put("interactionMode", INTERACTION_MODE);
        cmd.put("createdAt", createdAt.toString());
        return cmd;
    }

    /** {@code project.create}; AFK does not send it in production (operators register projects), the sandbox does. */
    public static ObjectNode projectCreate(String commandId, String projectId, String title, String workspaceRoot,
            Instant createdAt) {
        ObjectNode cmd = envelope("project.create", commandId);
        cmd.put("projectId", projectId);
        cmd.put("title", title);
        cmd.put("workspaceRoot", workspaceRoot);
        cmd.put("createdAt", createdAt.toString());
        return cmd;
    }

    /**
     * {@code thread.turn.interrupt}. Pass a null {@code turnId}, and the key is left out: the server interrupts
     * whatever the session runs whatever the id says, and a {@code turnId} on an idle thread rewrites that finished
     * turn to {@code interrupted} (docs/reference/t3-control.md §3.3, §3.5). {@code "turnId": null} is outside the contract.
     */
    public static ObjectNode turnInterrupt(String commandId, String threadId, String turnId, Instant createdAt) {
        ObjectNode cmd = envelope("thread.turn.interrupt", commandId);
        cmd.put("threadId", threadId);
        if (turnId != null) {
            cmd.put("turnId", turnId);
        }
        cmd.put("createdAt", createdAt.toString());
        return cmd;
    }

    /**
     * {@code thread.session.stop} without {@code onlyIfSettled}: that flag makes T3 refuse (500) a stop of any
     * thread that was not {@code thread.settle}d first, running or idle alike (docs/reference/t3-control.md §7.2); it is for clean-up
     * after a settle, not for stopping work.
     */
    public static ObjectNode sessionStop(String commandId, String threadId, Instant createdAt) {
        ObjectNode cmd = envelope("thread.session.stop", commandId);
        cmd.put("threadId", threadId);
        cmd.put("createdAt", createdAt.toString());
        return cmd;
    }

    private static ObjectNode envelope(String type, String commandId) {
        ObjectNode cmd = JSON.createObjectNode();
        cmd.put("type", type);
        cmd.put("commandId", commandId);
        return cmd;
    }

    public static String toJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** {@code GET /api/orchestration/threads/{id}}, the id as one encoded path segment. */
    public static String threadPath(String threadId) {
        return THREADS_PATH + URLEncoder.encode(threadId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The 200 dispatch reply {@code {"sequence": N}}. */
    public static long sequence(String replyBody) throws IOException {
        JsonNode reply = JSON.readTree(replyBody == null ? "" : replyBody);
        JsonNode seq = reply == null ? null : reply.get("sequence");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber()) {
            throw new T3WireException("dispatch reply has no integer 'sequence'");
        }
        return seq.asLong();
    }

    /**
     * The fleet from {@code /shell} or {@code /snapshot}, keyed by thread id, deleted threads left out. Streams the
     * document: only one thread's {@code session} / {@code latestTurn} objects are ever held as trees, so a
     * 10,000-thread reply costs the map, not the document (docs/ARCHITECTURE.md §7).
     */
    public static Map<String, ThreadView> fleet(InputStream body) throws IOException {
        Map<String, ThreadView> fleet = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "fleet document");
            boolean sawThreads = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("threads".equals(field)) {
                    expect(value, JsonToken.START_ARRAY, "threads");
                    sawThreads = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        StreamedThread t = readThread(p);
                        if (t.deletedAt == null) {
                            ThreadView view = t.view();
                            fleet.put(view.threadId(), view);
                        }
                    }
                    expect(p.currentToken(), JsonToken.END_ARRAY, "threads");
                } else {
                    p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "fleet document");
            if (!sawThreads) {
                throw new T3WireException("fleet document has no 'threads' array");
            }
            if (p.nextToken() != null) {
                throw new T3WireException("trailing content after the fleet document");
            }
        }
        return fleet;
    }

    /** The fields of one thread a watcher needs, read field by field. */
    private static final class StreamedThread {
        String id;
        JsonNode session;
        JsonNode latestTurn;
        String updatedAt;
        String deletedAt;

        ThreadView view() {
            if (id == null || id.isBlank()) {
                throw new T3WireException("a thread has no 'id'");
            }
            return watchFields(id, session, latestTurn, updatedAt);
        }
    }

    private static StreamedThread readThread(JsonParser p) throws IOException {
        StreamedThread t = new StreamedThread();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> t.id = text(p, value);
                case "updatedAt" -> t.updatedAt = text(p, value);
                case "deletedAt" -> t.deletedAt = text(p, value);
                case "session" -> t.session = value == JsonToken.VALUE_NULL ? null : p.readValueAsTree();
                case "latestTurn" -> t.latestTurn = value == JsonToken.VALUE_NULL ? null : p.readValueAsTree();
                default -> p.skipChildren();
            }
        }
        expect(p.currentToken(), JsonToken.END_OBJECT, "thread");
        return t;
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new T3WireException("expected a string at '" + p.currentName() + "', got " + value);
        }
        return p.getText();
    }

    private static void expect(JsonToken actual, JsonToken wanted, String where) {
        if (actual != wanted) {
            throw new T3WireException("expected " + wanted + " for " + where + ", got " + actual);
        }
    }

    /**
     * {@code GET /api/orchestration/threads/{id}}: the thread's health fields, the phase reports found in its
     * assistant messages (oldest first, each dated by its message), the error texts a person needs — the
     * session's {@code lastError} followed by every {@code error}-tone activity but T3's
     * {@code provider.turn.interrupt.failed} (an interrupt of a session-less thread, docs/reference/t3-control.md §3.3) — and whether
     * the latest turn has an assistant message of its own (a stopped turn has none, §0.1).
     *
     * @param markers turns one assistant message (text, createdAt) into phase reports ({@code PhaseMarkers::parse})
     */
    public static ThreadView threadDetail(InputStream body,
            BiFunction<String, Instant, List<PhaseReport>> markers) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode thread = root == null ? null : root.get("thread");
        if (thread == null || !thread.isObject()) {
            throw new T3WireException("thread detail has no 'thread' object");
        }
        String id = thread.path("id").asText("");
        if (id.isBlank()) {
            throw new T3WireException("thread detail has no 'id'");
        }
        JsonNode session = nullToMissing(thread.get("session"));
        ThreadView view = watchFields(id, session, nullToMissing(thread.get("latestTurn")),
                textOrNull(thread.get("updatedAt")));

        List<PhaseReport> reports = new ArrayList<>();
        for (JsonNode m : thread.path("messages")) {
            if ("assistant".equals(m.path("role").asText())) {
                reports.addAll(markers.apply(completeLines(m), instant(m.get("createdAt"), "message createdAt")));
            }
        }
        Set<String> errors = new LinkedHashSet<>();
        if (view.lastError() != null && !view.lastError().isBlank()) {
            errors.add(view.lastError());
        }
        for (JsonNode a : thread.path("activities")) {
            // An interrupt that found no live session (docs/reference/t3-control.md §3.3) is AFK's own stop, not the agent failing.
            if ("error".equals(a.path("tone").asText()) && !INTERRUPT_FAILED_KIND.equals(a.path("kind").asText())) {
                errors.add(activityText(a));
            }
        }
        Boolean answered = view.latestTurnId() == null ? null
                : hasAssistantMessage(thread.path("messages"), view.latestTurnId());
        return view.withDetail(reports, List.copyOf(errors), answered).withTokens(tokens(thread.path("activities")));
    }

    /** T3's activity for a token-usage report (docs/reference/t3-control.md §5.2). */
    public static final String USAGE_KIND = "context-window.updated";

    /**
     * The largest cumulative token count among a detail's {@code context-window.updated} activities: each one's
     * {@code payload.totalProcessedTokens}, or its {@code usedTokens} when that is absent (T3 sends the total only
     * when it is greater, docs/reference/t3-control.md §5.3, §5.4). The detail keeps one such activity per turn, the
     * turn's last, and the count is cumulative, so the largest is the thread's use so far. Null when there is none (a
     * provider that reports no usage, §5.1); a report without a non-negative integer count is skipped.
     */
    public static Long tokens(JsonNode activities) {
        Long most = null;
        for (JsonNode a : activities) {
            if (!USAGE_KIND.equals(a.path("kind").asText())) {
                continue;
            }
            JsonNode payload = a.path("payload");
            JsonNode count = payload.hasNonNull("totalProcessedTokens") ? payload.get("totalProcessedTokens")
                    : payload.get("usedTokens");
            if (count == null || !count.isIntegralNumber() || !count.canConvertToLong() || count.asLong() < 0) {
                continue;
            }
            most = most == null ? count.asLong() : Math.max(most, count.asLong());
        }
        return most;
    }

    /**
     * The {@code createdAt} T3 recorded for the message {@code messageId} in a {@code /threads/{id}} detail: T3
     * replaces a command's {@code createdAt} with its own receive time, so this is the server's time of the turn's
     * user message. Empty when the thread has no message with that id.
     */
    public static Optional<Instant> messageCreatedAt(InputStream body, String messageId) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode thread = root == null ? null : root.get("thread");
        if (thread == null || !thread.isObject()) {
            throw new T3WireException("thread detail has no 'thread' object");
        }
        JsonNode messages = thread.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new T3WireException("thread detail has no 'messages' array");
        }
        for (JsonNode m : messages) {
            if (messageId.equals(m.path("id").asText(null))) {
                return Optional.of(instant(m.get("createdAt"), "message " + messageId + " createdAt"));
            }
        }
        return Optional.empty();
    }

    /** T3's activity for an interrupt that found no live provider session (docs/reference/t3-control.md §3.3). */
    public static final String INTERRUPT_FAILED_KIND = "provider.turn.interrupt.failed";

    private static final Set<String> SESSION_STATUSES =
            Set.of("idle", "starting", "running", "ready", "interrupted", "stopped", "error");
    private static final Set<String> TURN_STATES = Set.of("running", "interrupted", "completed", "error");

    /**
     * A {@code /api/orchestration/threads/{id}} detail read as a {@link T3StopState}: has the thread's agent stopped,
     * and did its latest turn end because it was stopped or because the agent finished? The rules, from
     * docs/reference/t3-control.md:
     * <ul>
     *   <li>settled: a session exists, {@code session.status} is not {@code starting}/{@code running}, and
     *       {@code latestTurn.state} is not {@code running} (§8: poll until the status is not {@code running});
     *   <li>the latest turn is {@code FINISHED} only when it is {@code completed} and {@code messages[]} has an
     *       {@code assistant} message with its {@code turnId} (§0.1, §8); {@code completed} without one, or
     *       {@code interrupted}, is {@code STOPPED}: an interrupt or a stop leaves {@code completed},
     *       {@code lastError: null} and no assistant message (§3.2, §7.2, {@code thread-detail-interrupted.json});
     *   <li>{@code provider.turn.interrupt.failed} is reported apart from the agent's errors (§3.3, §8).
     * </ul>
     * A status or state outside the contract's enums is a {@link T3WireException}: the reply cannot be judged.
     */
    public static T3StopState stopState(InputStream body) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode thread = root == null ? null : root.get("thread");
        if (thread == null || !thread.isObject()) {
            throw new T3WireException("thread detail has no 'thread' object");
        }
        String id = thread.path("id").asText("");
        if (id.isBlank()) {
            throw new T3WireException("thread detail has no 'id'");
        }
        JsonNode messages = thread.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new T3WireException("thread " + id + " detail has no 'messages' array");
        }
        JsonNode session = nullToMissing(thread.get("session"));
        String status = null;
        String lastError = null;
        Instant sessionUpdatedAt = null;
        if (session != null) {
            status = textOrNull(session.get("status"));
            if (status == null || !SESSION_STATUSES.contains(status)) {
                throw new T3WireException("thread " + id + " has session status " + status + ", not one of T3's");
            }
            lastError = textOrNull(session.get("lastError"));
            JsonNode updated = session.get("updatedAt");
            sessionUpdatedAt = updated == null || updated.isNull() ? null : instant(updated, "session.updatedAt");
        }
        JsonNode turn = nullToMissing(thread.get("latestTurn"));
        String turnId = null;
        T3StopState.TurnEnd end = T3StopState.TurnEnd.NONE;
        Instant completedAt = null;
        if (turn != null) {
            turnId = textOrNull(turn.get("turnId"));
            String state = textOrNull(turn.get("state"));
            if (turnId == null || state == null || !TURN_STATES.contains(state)) {
                throw new T3WireException("thread " + id + " has a latest turn " + turnId + " in state " + state
                        + ", not one of T3's");
            }
            JsonNode completed = turn.get("completedAt");
            completedAt = completed == null || completed.isNull() ? null : instant(completed, "latestTurn.completedAt");
            end = switch (state) {
                case "running" -> T3StopState.TurnEnd.RUNNING;
                case "error" -> T3StopState.TurnEnd.FAILED;
                case "interrupted" -> T3StopState.TurnEnd.STOPPED;
                default -> hasAssistantMessage(messages, turnId)
                        ? T3StopState.TurnEnd.FINISHED : T3StopState.TurnEnd.STOPPED;
            };
        }
        boolean settled = status != null && !"starting".equals(status) && !"running".equals(status)
                && end != T3StopState.TurnEnd.RUNNING;
        Instant settledAt = !settled ? null : completedAt != null ? completedAt : sessionUpdatedAt;

        boolean interruptFoundNoSession = false;
        Set<String> errors = new LinkedHashSet<>();
        if (lastError != null && !lastError.isBlank()) {
            errors.add(lastError);
        }
        for (JsonNode a : thread.path("activities")) {
            if (INTERRUPT_FAILED_KIND.equals(a.path("kind").asText())) {
                interruptFoundNoSession = true;
            } else if ("error".equals(a.path("tone").asText())) {
                errors.add(activityText(a));
            }
        }
        return new T3StopState(id, status, settled, end, turnId, settledAt, interruptFoundNoSession, lastError,
                List.copyOf(errors));
    }

    private static boolean hasAssistantMessage(JsonNode messages, String turnId) {
        for (JsonNode m : messages) {
            if ("assistant".equals(m.path("role").asText()) && turnId.equals(m.path("turnId").asText(null))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A message still being streamed may end in half a line ("AFK-PHASE: pushed 3f2a" of a longer SHA): only its
     * complete lines count until it is finished.
     */
    private static String completeLines(JsonNode message) {
        String text = message.path("text").asText("");
        if (!message.path("streaming").asBoolean(false)) {
            return text;
        }
        int lastNewline = text.lastIndexOf('\n');
        return lastNewline < 0 ? "" : text.substring(0, lastNewline + 1);
    }

    /** "summary: detail" — {@code provider.turn.start.failed} carries {@code payload.detail}, runtime errors {@code payload.message}. */
    private static String activityText(JsonNode activity) {
        String summary = activity.path("summary").asText("").strip();
        JsonNode payload = activity.path("payload");
        String detail = "";
        for (String key : List.of("detail", "message", "error")) {
            JsonNode v = payload.get(key);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                detail = v.asText().strip();
                break;
            }
        }
        if (detail.isEmpty() || detail.equals(summary)) {
            return summary.isEmpty() ? activity.path("kind").asText("error") : summary;
        }
        return summary.isEmpty() ? detail : summary + ": " + detail;
    }

    private static ThreadView watchFields(String id, JsonNode session, JsonNode latestTurn, String updatedAt) {
        if (updatedAt == null) {
            throw new T3WireException("thread " + id + " has no 'updatedAt'");
        }
        String status = null;
        String lastError = null;
        if (session != null && !session.isMissingNode()) {
            status = textOrNull(session.get("status"));
            lastError = textOrNull(session.get("lastError"));
        }
        String turnId = null;
        String state = null;
        Instant requestedAt = null;
        if (latestTurn != null && !latestTurn.isMissingNode()) {
            turnId = textOrNull(latestTurn.get("turnId"));
            state = textOrNull(latestTurn.get("state"));
            JsonNode req = latestTurn.get("requestedAt");
            requestedAt = req == null || req.isNull() ? null : instant(req, "latestTurn.requestedAt");
        }
        return new ThreadView(id, status, turnId, state, requestedAt, lastError,
                parseInstant(updatedAt, "thread updatedAt"), List.of(), List.of());
    }

    private static JsonNode nullToMissing(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Instant instant(JsonNode n, String what) {
        if (n == null || !n.isTextual()) {
            throw new T3WireException(what + " is not a timestamp");
        }
        return parseInstant(n.asText(), what);
    }

    private static Instant parseInstant(String s, String what) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new T3WireException(what + " is not an ISO-8601 instant: " + s);
        }
    }
}
