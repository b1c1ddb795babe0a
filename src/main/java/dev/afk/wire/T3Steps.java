package dev.afk.wire;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.FixForwardTurn;
import dev.afk.adapter.SteerTurn;
import dev.afk.adapter.StopRequest;
import dev.afk.adapter.T3Accepted;
import dev.afk.adapter.T3Sent;
import dev.afk.adapter.T3StopState;
import dev.afk.core.Config;
import dev.afk.core.ImplementerPrompt;
import dev.afk.core.IssueKey;
import dev.afk.core.PhaseMarkers;
import dev.afk.core.RunIds;
import dev.afk.core.ThreadView;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The mapping steps of {@code routes/t3.camel.yaml}, bound as {@code t3Steps} (pure: no Camel): build each
 * {@link HttpCall} from the adapter contract records and the configuration, and read each reply with
 * {@link T3Wire}, turning a reply outside the contract into an {@link AdapterFailure}. The routes keep the order of
 * calls; the HTTP call, its retries and its failures are the kernel's ({@code routes/http-call.camel.yaml}).
 *
 * <p>The clock only stamps a command's {@code createdAt}, which T3 replaces with its receive time.
 */
public final class T3Steps {

    public static final String SYSTEM = "t3";

    private final Clock clock;

    public T3Steps() {
        this(Clock.systemUTC());
    }

    public T3Steps(Clock clock) {
        this.clock = clock;
    }

    // ---- requests ----

    /** The run's thread, derived (never drawn) so a re-run of the same dispatch addresses the same thread. */
    public String threadId(DispatchRequest request) {
        return RunIds.threadId(request.issue().key(), request.attempt());
    }

    /** The id of the first turn's user message, derived like the thread's: T3 dates the turn by it. */
    public String firstTurnMessageId(DispatchRequest request) {
        return RunIds.turnMessageId(threadId(request));
    }

    /**
     * One more turn on a run's existing thread, whatever it is for: the one request of the turn routes
     * ({@code t3-turn}, {@code t3-steer}, both instances of the template {@code t3-thread-turn}), which send it as
     * {@code thread.turn.start} with the fix-forward's body shape (same runtime and interaction mode) and date it by
     * T3's {@code createdAt} of the user message {@code messageId}.
     */
    public record ThreadTurn(String threadId, String commandId, String messageId, String text) {}

    /** Fix-forward round {@code turn.round()}: the ids derived per round, the prompt quoting the failing checks. */
    public ThreadTurn fixForwardTurn(FixForwardTurn turn, Config config) {
        String text = ImplementerPrompt.fixForward(turn.key(), turn.round(), config.maxFixForward(), turn.sha(),
                turn.evidence());
        return new ThreadTurn(turn.threadId(), RunIds.fixForwardCommandId(turn.threadId(), turn.round()),
                RunIds.fixForwardMessageId(turn.threadId(), turn.round()), text);
    }

    /** A relay turn: ids and text as the caller derived them (from what is relayed), sent unchanged. */
    public ThreadTurn steerTurn(SteerTurn turn) {
        return new ThreadTurn(turn.threadId(), turn.commandId(), turn.messageId(), turn.text());
    }

    public String turnThreadId(ThreadTurn turn) {
        return turn.threadId();
    }

    /** The turn's user message, by whose T3 {@code createdAt} the turn is dated. */
    public String turnMessageId(ThreadTurn turn) {
        return turn.messageId();
    }

    /** {@code POST /api/orchestration/dispatch} {@code thread.create}; safe to repeat (derived commandId). */
    public HttpCall threadCreate(DispatchRequest request, Config config) {
        IssueKey key = request.issue().key();
        String projectId = config.t3Projects().get(key.repo());
        if (projectId == null || projectId.isBlank()) {
            throw new AdapterFailure(Kind.BAD_REQUEST, SYSTEM, "thread.create", 0, null,
                    "AFK_T3_PROJECTS has no T3 project for " + key.repo() + " (add " + key.repo() + "=<projectId>)",
                    null);
        }
        String threadId = threadId(request);
        return command("thread.create", T3Wire.toJson(T3Wire.threadCreate(RunIds.createCommandId(threadId),
                threadId, projectId, key.toString(), config.t3Instance(), config.t3ModelName(), clock.instant())));
    }

    public HttpCall firstTurn(DispatchRequest request, Config config) {
        String threadId = threadId(request);
        String text = ImplementerPrompt.firstTurn(request.issue(), request.attempt(), config.promptMaxBodyChars(),
                request.earlier());
        return command("thread.turn.start", T3Wire.toJson(T3Wire.turnStart(RunIds.turnCommandId(threadId),
                threadId, RunIds.turnMessageId(threadId), text, clock.instant())));
    }

    /** {@code thread.turn.start} of {@code turn} on its thread; safe to repeat (the commandId is the caller's, derived). */
    public HttpCall turnStart(ThreadTurn turn) {
        return command("thread.turn.start", T3Wire.toJson(T3Wire.turnStart(turn.commandId(), turn.threadId(),
                turn.messageId(), turn.text(), clock.instant())));
    }

    public String stopThreadId(StopRequest request) {
        return request.threadId();
    }

    /**
     * {@code thread.turn.interrupt} round {@code request.round()}, its commandId derived from the thread and the
     * round, and without {@code turnId}: the server interrupts by session whatever the id says (docs/reference/t3-control.md §3.5).
     */
    public HttpCall turnInterrupt(StopRequest request) {
        return command("thread.turn.interrupt", T3Wire.toJson(T3Wire.turnInterrupt(
                RunIds.interruptCommandId(request.threadId(), request.round()), request.threadId(), null,
                clock.instant())));
    }

    /** {@code thread.session.stop} round {@code request.round()}, without {@code onlyIfSettled} (§7.2). */
    public HttpCall sessionStop(StopRequest request) {
        return command("thread.session.stop", T3Wire.toJson(T3Wire.sessionStop(
                RunIds.sessionStopCommandId(request.threadId(), request.round()), request.threadId(),
                clock.instant())));
    }

    /** {@code GET /api/orchestration/shell}: every live thread. */
    public HttpCall fleetRead() {
        return HttpCall.get(SYSTEM, "fleet", T3Wire.SHELL_PATH, null);
    }

    /** {@code GET /api/orchestration/threads/{id}} for {@code op} ({@code thread} or {@code stop-state}). */
    public HttpCall threadRead(String threadId, String op) {
        if (threadId == null || threadId.isBlank()) {
            throw new AdapterFailure(Kind.BAD_REQUEST, SYSTEM, "thread", 0, null, "no thread id given", null);
        }
        return HttpCall.get(SYSTEM, op, T3Wire.threadPath(threadId), null);
    }

    /** The thread detail read after the first turn, by whose messages the turn is dated. */
    public HttpCall firstTurnDetail(DispatchRequest request) {
        return threadRead(threadId(request), "thread");
    }

    /** The thread detail read after a turn on an existing thread, by whose messages the turn is dated. */
    public HttpCall turnDetail(ThreadTurn turn) {
        return threadRead(turn.threadId(), "thread");
    }

    /** A dispatch command: every one has a derived commandId, so T3 answers a re-sent one from its receipt. */
    private static HttpCall command(String op, String json) {
        return HttpCall.send(SYSTEM, op, "POST", T3Wire.DISPATCH_PATH, json, true);
    }

    // ---- replies ----

    /** The {@code sequence} of a 200 dispatch reply. */
    public Long sequence(String body, String operation) {
        try {
            return T3Wire.sequence(body);
        } catch (Exception e) {
            throw HttpReplies.wrap(e, SYSTEM, operation);
        }
    }

    /**
     * The accepted turn, dated by T3: the {@code createdAt} of the turn's user message {@code messageId} in the
     * thread detail on the exchange. T3 set it at first receipt and answers a re-sent command from its receipt, so
     * a retried or replayed turn gets the original time. A detail without the message contradicts the accepted
     * turn: MALFORMED, so the next tick tries again.
     */
    public T3Accepted accepted(InputStream body, String threadId, String messageId) {
        Instant requestedAt;
        try (InputStream in = body(body)) {
            requestedAt = T3Wire.messageCreatedAt(in, messageId).orElse(null);
        } catch (Exception e) {
            throw HttpReplies.wrap(e, SYSTEM, "thread");
        }
        if (requestedAt == null) {
            throw new AdapterFailure(Kind.MALFORMED, SYSTEM, "thread", 0, null, "T3 accepted the turn but thread "
                    + threadId + " has no message " + messageId + " to date it by", null);
        }
        return new T3Accepted(threadId, requestedAt);
    }

    /** A stop command's 200 reply as {@link T3Sent}; a reply without a {@code sequence} is MALFORMED. */
    public T3Sent sent(String body, String threadId, String operation) {
        return new T3Sent(threadId, sequence(body, operation));
    }

    /** The thread detail on the exchange read as {@link T3StopState} ({@link T3Wire#stopState}). */
    public T3StopState stopState(InputStream body) {
        try (InputStream in = body(body)) {
            return T3Wire.stopState(in);
        } catch (Exception e) {
            throw HttpReplies.wrap(e, SYSTEM, "stop-state");
        }
    }

    public Map<String, ThreadView> fleet(InputStream body) {
        try (InputStream in = body(body)) {
            return T3Wire.fleet(in);
        } catch (Exception e) {
            throw HttpReplies.wrap(e, SYSTEM, "fleet");
        }
    }

    public ThreadView thread(InputStream body) {
        try (InputStream in = body(body)) {
            return T3Wire.threadDetail(in, PhaseMarkers::parse);
        } catch (Exception e) {
            throw HttpReplies.wrap(e, SYSTEM, "thread");
        }
    }

    private static InputStream body(InputStream in) {
        return in != null ? in : InputStream.nullInputStream();
    }
}
