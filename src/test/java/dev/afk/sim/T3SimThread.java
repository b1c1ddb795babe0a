package dev.afk.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afk.sim.T3Simulator.Activity;
import dev.afk.sim.T3Simulator.ControlCommand;
import dev.afk.sim.T3Simulator.Message;
import dev.afk.sim.T3Simulator.ThreadSnapshot;
import dev.afk.sim.T3Simulator.TurnRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable state of one simulated T3 thread and its three wire renderings (/snapshot, /shell, /threads/{id}),
 * shaped as in read-model.schema.json. Not thread-safe: {@link T3Simulator} guards it with its own lock.
 */
final class T3SimThread {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    final String projectId;
    final String title;
    final JsonNode modelSelection;
    final String runtimeMode;
    final String interactionMode;
    final Instant createdAt;
    Instant updatedAt;
    Instant deletedAt;

    /** Null until the provider reactor (the scripted agent) starts a session. */
    String sessionStatus;
    String activeTurnId;
    String lastError;
    Instant sessionUpdatedAt;

    /** Null until a turn starts running. */
    TurnRequest latestTurn;
    String latestTurnState;
    Instant latestTurnStartedAt;
    Instant latestTurnCompletedAt;
    String latestTurnAssistantMessageId;

    /** The session was created by a stop on a thread that had none (§7.2): no provider name, no instance id. */
    boolean providerless;

    /**
     * An interrupt the server accepted whose settle a test delayed: until {@code due} on the server clock, or for
     * {@code readsLeft} more reads when {@code due} is null. Null when nothing is pending.
     */
    record PendingSettle(Instant due, int readsLeft) {}

    PendingSettle pendingSettle;

    /** The largest cumulative token count reported on this thread so far, and that count when the latest turn started. */
    long tokensReported;
    long tokensAtTurnStart;

    final List<ControlCommand> controls = new ArrayList<>();
    final List<TurnRequest> turns = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    final List<Activity> activities = new ArrayList<>();

    T3SimThread(String id, String projectId, String title, JsonNode modelSelection, String runtimeMode,
            String interactionMode, Instant createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.title = title;
        this.modelSelection = modelSelection.deepCopy();
        this.runtimeMode = runtimeMode;
        this.interactionMode = interactionMode;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    ThreadSnapshot snapshot() {
        return new ThreadSnapshot(id, projectId, title, modelSelection.path("instanceId").asText(null),
                modelSelection.path("model").asText(null), runtimeMode, interactionMode, sessionStatus, activeTurnId,
                lastError, latestTurn == null ? null : latestTurn.turnId(), latestTurnState,
                latestTurn == null ? null : latestTurn.requestedAt(), deletedAt, List.copyOf(messages),
                List.copyOf(turns), List.copyOf(activities));
    }

    /** A turn requested but not started yet, oldest first; null when every requested turn has started. */
    TurnRequest nextPendingTurn() {
        int startedIndex = latestTurn == null ? -1 : turns.indexOf(latestTurn);
        return startedIndex + 1 < turns.size() ? turns.get(startedIndex + 1) : null;
    }

    /** {@code /snapshot}: messages, activities and checkpoints always empty (§7). */
    ObjectNode snapshotJson() {
        ObjectNode t = watchFields();
        t.put("deletedAt", text(deletedAt));
        t.putArray("messages");
        t.putArray("proposedPlans");
        t.putArray("activities");
        t.putArray("checkpoints");
        return t;
    }

    /** {@code /shell}: no arrays, plus the attention flags. */
    ObjectNode shellJson() {
        ObjectNode t = watchFields();
        Instant lastUser = null;
        for (Message m : messages) {
            if ("user".equals(m.role())) {
                lastUser = m.createdAt();
            }
        }
        t.put("latestUserMessageAt", text(lastUser));
        t.put("hasPendingApprovals", false);
        t.put("hasPendingUserInput", false);
        t.put("hasActionableProposedPlan", false);
        t.putNull("backgroundLiveness");
        t.putNull("planProgress");
        return t;
    }

    /** {@code /threads/{id}}: the whole conversation. */
    ObjectNode detailJson() {
        ObjectNode t = watchFields();
        t.put("deletedAt", text(deletedAt));
        ArrayNode ms = t.putArray("messages");
        for (Message m : messages) {
            ObjectNode o = ms.addObject();
            o.put("id", m.id());
            o.put("role", m.role());
            o.put("text", m.text());
            o.putArray("attachments");
            o.put("turnId", m.turnId());
            o.put("streaming", false);
            o.put("createdAt", m.createdAt().toString());
            o.put("updatedAt", m.createdAt().toString());
        }
        t.putArray("proposedPlans");
        ArrayNode as = t.putArray("activities");
        for (Activity a : detailActivities()) {
            ObjectNode o = as.addObject();
            o.put("id", a.id());
            o.put("tone", a.tone());
            o.put("kind", a.kind());
            o.put("summary", a.summary());
            o.set("payload", a.payload() == null ? JSON.createObjectNode() : JSON.valueToTree(a.payload()));
            o.put("turnId", a.turnId());
            o.put("createdAt", a.createdAt().toString());
        }
        t.putArray("checkpoints");
        return t;
    }

    /** T3's kind for a usage report (docs/reference/t3-control.md §5.2). */
    static final String USAGE_KIND = "context-window.updated";

    /** At most this many activities, the most recent, in a thread detail (docs/reference/t3-control.md §5.4). */
    static final int DETAIL_ACTIVITY_LIMIT = 500;

    /**
     * The activities {@code /threads/{id}} shows (docs/reference/t3-control.md §5.4): the 500 most recent, and of
     * those only the last {@code context-window.updated} per {@code turnId} (null being a turnId of its own); every
     * other activity in its place. {@link #activities} keeps everything the thread received.
     */
    List<Activity> detailActivities() {
        List<Activity> recent = activities.subList(Math.max(0, activities.size() - DETAIL_ACTIVITY_LIMIT),
                activities.size());
        Map<String, Activity> lastUsage = new HashMap<>();
        for (Activity a : recent) {
            if (USAGE_KIND.equals(a.kind())) {
                lastUsage.put(a.turnId(), a); // a null turnId is a key of its own
            }
        }
        List<Activity> shown = new ArrayList<>();
        for (Activity a : recent) {
            if (!USAGE_KIND.equals(a.kind()) || lastUsage.get(a.turnId()) == a) {
                shown.add(a);
            }
        }
        return shown;
    }

    private ObjectNode watchFields() {
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id);
        t.put("projectId", projectId);
        t.put("title", title);
        t.set("modelSelection", modelSelection.deepCopy());
        t.put("runtimeMode", runtimeMode);
        t.put("interactionMode", interactionMode);
        t.putNull("branch");
        t.putNull("worktreePath");
        if (latestTurn == null) {
            t.putNull("latestTurn");
        } else {
            ObjectNode lt = t.putObject("latestTurn");
            lt.put("turnId", latestTurn.turnId());
            lt.put("state", latestTurnState);
            lt.put("requestedAt", latestTurn.requestedAt().toString());
            lt.put("startedAt", text(latestTurnStartedAt));
            lt.put("completedAt", text(latestTurnCompletedAt));
            lt.put("assistantMessageId", latestTurnAssistantMessageId);
        }
        t.put("createdAt", createdAt.toString());
        t.put("updatedAt", updatedAt.toString());
        t.putNull("archivedAt");
        t.putNull("settledOverride");
        t.putNull("settledAt");
        if (sessionStatus == null) {
            t.putNull("session");
        } else {
            ObjectNode s = t.putObject("session");
            s.put("threadId", id);
            s.put("status", sessionStatus);
            String instance = modelSelection.path("instanceId").asText(modelSelection.path("provider").asText());
            if (providerless) {
                s.putNull("providerName");
            } else {
                s.put("providerName", instance);
                s.put("providerInstanceId", instance);
            }
            s.put("runtimeMode", runtimeMode);
            s.put("activeTurnId", activeTurnId);
            s.put("lastError", lastError);
            s.put("updatedAt", (sessionUpdatedAt == null ? updatedAt : sessionUpdatedAt).toString());
        }
        return t;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
