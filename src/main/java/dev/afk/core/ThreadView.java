package dev.afk.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What AFK knows of one T3 thread: the session and latest turn from the fleet read, and the agent's phase reports
 * and error text from the thread detail (empty until the detail was read).
 * Nullable: {@code sessionStatus}, {@code latestTurnId}, {@code latestTurnState}, {@code latestTurnRequestedAt},
 * {@code lastError} — T3 reports {@code session: null} and {@code latestTurn: null} right after a dispatch.
 */
public record ThreadView(
        String threadId,
        String sessionStatus,
        String latestTurnId,
        String latestTurnState,
        Instant latestTurnRequestedAt,
        String lastError,
        Instant updatedAt,
        List<PhaseReport> reports,
        List<String> errors) {

    public ThreadView {
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        reports = reports == null ? List.of() : List.copyOf(reports);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** The same thread with the detail's phase reports and error texts attached. */
    public ThreadView withDetail(List<PhaseReport> detailReports, List<String> detailErrors) {
        return new ThreadView(threadId, sessionStatus, latestTurnId, latestTurnState, latestTurnRequestedAt,
                lastError, updatedAt, detailReports, detailErrors);
    }

    /**
     * The T3 watcher rule (docs/reference/t3-orchestration.md §10) for the turn AFK requested at {@code turnRequestedSince}:
     * an older turn's verdict never counts, so a fix-forward turn is not judged by the previous turn's error.
     */
    public ThreadHealth health(Instant turnRequestedSince) {
        boolean ourTurn = latestTurnRequestedAt != null && !latestTurnRequestedAt.isBefore(turnRequestedSince);
        boolean sessionFailed = "error".equals(sessionStatus)
                || (("stopped".equals(sessionStatus) || "interrupted".equals(sessionStatus)) && lastError != null);
        if (latestTurnState == null) {
            // No turn yet: only a session that failed before any turn started is a verdict.
            return sessionFailed ? ThreadHealth.FAILED : ThreadHealth.RUNNING;
        }
        if (!ourTurn) {
            return ThreadHealth.RUNNING;
        }
        if (sessionFailed || "error".equals(latestTurnState)) {
            return ThreadHealth.FAILED;
        }
        if ("interrupted".equals(latestTurnState)) {
            return ThreadHealth.INTERRUPTED;
        }
        if ("completed".equals(latestTurnState)
                && !"running".equals(sessionStatus) && !"starting".equals(sessionStatus)) {
            return ThreadHealth.FINISHED;
        }
        return ThreadHealth.RUNNING;
    }
}
