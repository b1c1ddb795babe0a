package dev.afk.wire;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.FixForwardTurn;
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
import dev.afk.plane.HttpReplies;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The Java steps of {@code routes/t3.camel.yaml}, bound as {@code t3Steps}: build each command from the adapter
 * contract records and the configuration, read each reply with {@link T3Wire}, and turn whatever went wrong into
 * an {@link AdapterFailure}. The routes keep the order of calls, the HTTP steps and the retries.
 */
public final class T3Steps {

    /** Rate-limit waits up to this long are retried in the call; longer ones fail fast so the tick moves on. */
    public static final Duration MAX_IN_CALL_WAIT = Duration.ofSeconds(5);

    private static final String SYSTEM = "t3";

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

    public String fixForwardThreadId(FixForwardTurn turn) {
        return turn.threadId();
    }

    /** The id of the fix-forward round's user message, derived per round. */
    public String fixForwardMessageId(FixForwardTurn turn) {
        return RunIds.fixForwardMessageId(turn.threadId(), turn.round());
    }

    public String threadCreate(DispatchRequest request, Exchange exchange) {
        Config config = config(exchange);
        IssueKey key = request.issue().key();
        String projectId = config.t3Projects().get(key.repo());
        if (projectId == null || projectId.isBlank()) {
            throw new AdapterFailure(Kind.BAD_REQUEST, SYSTEM, "thread.create", 0, null,
                    "AFK_T3_PROJECTS has no T3 project for " + key.repo() + " (add " + key.repo() + "=<projectId>)",
                    null);
        }
        String threadId = threadId(request);
        return T3Wire.toJson(T3Wire.threadCreate(RunIds.createCommandId(threadId), threadId, projectId,
                key.toString(), config.t3Instance(), config.t3ModelName(), clock.instant()));
    }

    public String firstTurn(DispatchRequest request, Exchange exchange) {
        Config config = config(exchange);
        String threadId = threadId(request);
        String text = ImplementerPrompt.firstTurn(request.issue(), request.attempt(), config.promptMaxBodyChars());
        return T3Wire.toJson(T3Wire.turnStart(RunIds.turnCommandId(threadId), threadId,
                RunIds.turnMessageId(threadId), text, clock.instant()));
    }

    public String fixForwardTurn(FixForwardTurn turn, Exchange exchange) {
        Config config = config(exchange);
        String text = ImplementerPrompt.fixForward(turn.key(), turn.round(), config.maxFixForward(), turn.sha(),
                turn.evidence());
        return T3Wire.toJson(T3Wire.turnStart(RunIds.fixForwardCommandId(turn.threadId(), turn.round()),
                turn.threadId(), RunIds.fixForwardMessageId(turn.threadId(), turn.round()), text, clock.instant()));
    }

    public String stopThreadId(StopRequest request) {
        return request.threadId();
    }

    /**
     * {@code thread.turn.interrupt} round {@code request.round()}, its commandId derived from the thread and the
     * round, and without {@code turnId}: the server interrupts by session whatever the id says (t3-control.md §3.5).
     */
    public String turnInterrupt(StopRequest request) {
        return T3Wire.toJson(T3Wire.turnInterrupt(RunIds.interruptCommandId(request.threadId(), request.round()),
                request.threadId(), null, clock.instant()));
    }

    /** {@code thread.session.stop} round {@code request.round()}, without {@code onlyIfSettled} (§7.2). */
    public String sessionStop(StopRequest request) {
        return T3Wire.toJson(T3Wire.sessionStop(RunIds.sessionStopCommandId(request.threadId(), request.round()),
                request.threadId(), clock.instant()));
    }

    public String firstTurnDetailPath(DispatchRequest request) {
        return threadPath(threadId(request));
    }

    public String fixForwardDetailPath(FixForwardTurn turn) {
        return threadPath(turn.threadId());
    }

    public String threadPath(String threadId) {
        if (threadId == null || threadId.isBlank()) {
            throw new AdapterFailure(Kind.BAD_REQUEST, SYSTEM, "thread", 0, null, "no thread id given", null);
        }
        return T3Wire.threadPath(threadId);
    }

    // ---- replies ----

    /** The {@code sequence} of a 200 dispatch reply. */
    public Long sequence(Exchange exchange, String operation) {
        try {
            return T3Wire.sequence(exchange.getMessage().getBody(String.class));
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
    public T3Accepted accepted(Exchange exchange, String threadId, String messageId) {
        Instant requestedAt;
        try (InputStream in = body(exchange)) {
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
    public T3Sent sent(Exchange exchange, String threadId, String operation) {
        return new T3Sent(threadId, sequence(exchange, operation));
    }

    /** The thread detail on the exchange read as {@link T3StopState} ({@link T3Wire#stopState}). */
    public T3StopState stopState(Exchange exchange) {
        try (InputStream in = body(exchange)) {
            return T3Wire.stopState(in);
        } catch (Exception e) {
            throw HttpReplies.wrap(e, SYSTEM, "stop-state");
        }
    }

    public Map<String, ThreadView> fleet(Exchange exchange) {
        try (InputStream in = body(exchange)) {
            return T3Wire.fleet(in);
        } catch (Exception e) {
            throw HttpReplies.wrap(e, SYSTEM, "fleet");
        }
    }

    public ThreadView thread(Exchange exchange) {
        try (InputStream in = body(exchange)) {
            return T3Wire.threadDetail(in, PhaseMarkers::parse);
        } catch (Exception e) {
            throw HttpReplies.wrap(e, SYSTEM, "thread");
        }
    }

    private static InputStream body(Exchange exchange) {
        InputStream in = exchange.getMessage().getBody(InputStream.class);
        return in != null ? in : new ByteArrayInputStream(new byte[0]);
    }

    // ---- failures ----

    /**
     * From the call's doCatch: the failure as an {@link AdapterFailure}. A short rate-limit wait becomes this
     * redelivery's delay (Camel's {@code CamelRedeliveryDelay}), so the retry honours the server's Retry-After.
     */
    public void rethrow(Exchange exchange, String operation) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        AdapterFailure failure = missingToken(caught, operation);
        if (failure == null) {
            failure = HttpReplies.wrap(caught == null ? new IllegalStateException("unknown failure") : caught,
                    SYSTEM, operation);
        }
        if (failure.kind() == Kind.RATE_LIMITED && failure.retryAfter() != null
                && failure.retryAfter().compareTo(MAX_IN_CALL_WAIT) <= 0) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, failure.retryAfter().toMillis());
        } else {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY); // back to the configured backoff
        }
        throw failure;
    }

    /** The error handler's question: worth one more bounded try within this call? */
    public boolean retryable(Exchange exchange) {
        Throwable t = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (!(t instanceof AdapterFailure f)) {
            return false;
        }
        return switch (f.kind()) {
            case SERVER, TIMEOUT -> true;
            case RATE_LIMITED -> f.retryAfter() != null && f.retryAfter().compareTo(MAX_IN_CALL_WAIT) <= 0;
            default -> false;
        };
    }

    /** Thrown by {@code direct:t3-call} when {@code AFK_T3_URL} is empty (a disarmed plane never calls it). */
    public void unconfigured(String operation) {
        throw new AdapterFailure(Kind.BAD_REQUEST, SYSTEM, operation, 0, null,
                "AFK_T3_URL is not set: the T3 adapter has no server to call", null);
    }

    /**
     * The token file is read inside the HTTP client, so a missing or empty one arrives as a plain exception naming
     * the variable; it is an authentication problem, not a broken reply.
     */
    private static AdapterFailure missingToken(Throwable t, String operation) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof IllegalStateException && c.getMessage() != null
                    && c.getMessage().startsWith("AFK_T3_TOKEN_FILE")) {
                return new AdapterFailure(Kind.AUTH, SYSTEM, operation, 0, null, c.getMessage(), null);
            }
        }
        return null;
    }

    private static Config config(Exchange exchange) {
        Config config = exchange.getContext().getRegistry().lookupByNameAndType("afkConfig", Config.class);
        if (config == null) {
            throw new IllegalStateException("no afkConfig bean bound");
        }
        return config;
    }
}
