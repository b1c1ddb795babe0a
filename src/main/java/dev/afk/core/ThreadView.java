package dev.afk.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What AFK knows of one T3 thread: the session and latest turn from the fleet read, and the agent's phase reports
 * and error text from the thread detail (empty until the detail was read).
 * Nullable: {@code sessionStatus}, {@code latestTurnId}, {@code latestTurnState}, {@code latestTurnRequestedAt},
 * {@code lastError} — T3 reports {@code session: null} and {@code latestTurn: null} right after a dispatch.
 *
 * @param latestTurnAnswered from the detail: whether {@code messages[]} holds an assistant message of the latest
 *                           turn (a stopped turn has none, docs/reference/t3-control.md §0 item 1); null when unknown (the fleet read
 *                           alone, or no latest turn)
 * @param tokens             from the detail: the largest cumulative token count T3 reports for the thread, over its
 *                           {@code context-window.updated} activities ({@code totalProcessedTokens}, else
 *                           {@code usedTokens}; docs/reference/t3-control.md §5.4); null when none is reported (the
 *                           fleet read alone, or a provider such as Cursor/ACP that meters nothing, §5.1)
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
        List<String> errors,
        Boolean latestTurnAnswered,
        Long tokens) {

    public ThreadView {
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        reports = reports == null ? List.of() : List.copyOf(reports);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A thread without token figures (the fleet read; a provider that reports no usage). */
    public ThreadView(String threadId, String sessionStatus, String latestTurnId, String latestTurnState,
                      Instant latestTurnRequestedAt, String lastError, Instant updatedAt, List<PhaseReport> reports,
                      List<String> errors, Boolean latestTurnAnswered) {
        this(threadId, sessionStatus, latestTurnId, latestTurnState, latestTurnRequestedAt, lastError, updatedAt,
                reports, errors, latestTurnAnswered, null);
    }

    /** A thread whose detail has not been read (whether the latest turn was answered is unknown). */
    public ThreadView(String threadId, String sessionStatus, String latestTurnId, String latestTurnState,
                      Instant latestTurnRequestedAt, String lastError, Instant updatedAt, List<PhaseReport> reports,
                      List<String> errors) {
        this(threadId, sessionStatus, latestTurnId, latestTurnState, latestTurnRequestedAt, lastError, updatedAt,
                reports, errors, null);
    }

    /** The same thread with the detail's phase reports and error texts attached (answered as it was). */
    public ThreadView withDetail(List<PhaseReport> detailReports, List<String> detailErrors) {
        return withDetail(detailReports, detailErrors, latestTurnAnswered);
    }

    /** The same thread with the detail's phase reports, error texts and whether the latest turn was answered. */
    public ThreadView withDetail(List<PhaseReport> detailReports, List<String> detailErrors, Boolean answered) {
        return new ThreadView(threadId, sessionStatus, latestTurnId, latestTurnState, latestTurnRequestedAt,
                lastError, updatedAt, detailReports, detailErrors, answered, tokens);
    }

    /** The same thread with the detail's token figure ({@code tokens}, null: none reported). */
    public ThreadView withTokens(Long detailTokens) {
        return new ThreadView(threadId, sessionStatus, latestTurnId, latestTurnState, latestTurnRequestedAt,
                lastError, updatedAt, reports, errors, latestTurnAnswered, detailTokens);
    }

    /**
     * No agent work runs on the thread as far as this read shows: a session exists, it is neither {@code starting}
     * nor {@code running}, and the latest turn is not {@code running}. A thread without a session is not settled
     * (a requested turn may still be picked up, and an interrupt cannot stop it: docs/reference/t3-control.md §3.3).
     */
    public boolean settled() {
        return sessionStatus != null && !"starting".equals(sessionStatus) && !"running".equals(sessionStatus)
                && !"running".equals(latestTurnState);
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
        boolean settledTurn = !"running".equals(sessionStatus) && !"starting".equals(sessionStatus);
        if ("interrupted".equals(latestTurnState)
                || ("completed".equals(latestTurnState) && settledTurn && Boolean.FALSE.equals(latestTurnAnswered))) {
            // docs/reference/t3-control.md §0 item 1: a stopped turn reads completed with lastError null; only the missing reply tells.
            return ThreadHealth.STOPPED;
        }
        if ("completed".equals(latestTurnState) && settledTurn) {
            return ThreadHealth.FINISHED;
        }
        return ThreadHealth.RUNNING;
    }
}
