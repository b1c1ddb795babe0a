package dev.afk.adapter;

/**
 * {@code direct:t3-interrupt} and {@code direct:t3-session-stop} in: round {@code round} (1-based) of that stop
 * command on the thread {@code threadId}. The command's {@code commandId} is derived from the two
 * ({@code RunIds.interruptCommandId} / {@code RunIds.sessionStopCommandId}), so sending the same request again
 * (after a crash, a timeout, a restart) is the same command: T3 answers it from its receipt with the original
 * sequence and does nothing twice. A further command that must act again, such as the second interrupt a queued
 * steer needs (docs/reference/t3-control.md §3.4), is the next round. Out: {@link T3Sent}.
 */
public record StopRequest(String threadId, int round) {

    public StopRequest {
        if (threadId == null || threadId.isBlank()) {
            throw new IllegalArgumentException("threadId must not be blank");
        }
        if (round < 1) {
            throw new IllegalArgumentException("round must be >= 1: " + round);
        }
    }

    /** Round 1, the usual case. */
    public static StopRequest first(String threadId) {
        return new StopRequest(threadId, 1);
    }

    /** The same command one round later (a new commandId, so T3 acts on it). */
    public StopRequest next() {
        return new StopRequest(threadId, round + 1);
    }
}
