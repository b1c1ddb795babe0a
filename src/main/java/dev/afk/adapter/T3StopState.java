package dev.afk.adapter;

import java.time.Instant;
import java.util.List;

/**
 * {@code direct:t3-stop-state} out: whether a thread's agent has stopped working, read from its
 * {@code /api/orchestration/threads/{id}} detail. Made by {@code T3Wire.stopState}. Section numbers are those of
 * docs/reference/t3-control.md unless another file is named.
 *
 * @param threadId                the thread
 * @param sessionStatus           {@code session.status}; null while the thread has no session
 * @param settled                 no agent work is running: a session exists, its status is neither {@code starting}
 *                                nor {@code running}, and the latest turn is not {@code running}. A thread without a
 *                                session is not settled: a requested turn may still be picked up (docs/reference/t3-orchestration.md
 *                                §9), and an interrupt cannot stop it (§3.3); {@code thread.session.stop} gives it a
 *                                {@code stopped} session (§7.2)
 * @param latestTurn              how the latest turn ended, see {@link TurnEnd}
 * @param latestTurnId            {@code latestTurn.turnId}; null without a turn
 * @param settledAt               T3's time of the settle, when settled: the latest turn's {@code completedAt} (an
 *                                interrupt or stop sets it to the command's server time, §3.2, §7.2; checkpoint
 *                                capture may move it by some milliseconds), else the session's {@code updatedAt};
 *                                null while not settled
 * @param interruptFoundNoSession the detail holds T3's {@code provider.turn.interrupt.failed} activity: an interrupt
 *                                reached a thread whose session was {@code null} or {@code stopped} (§3.3). It has
 *                                tone {@code error} but is not the agent's failure, so it is not in
 *                                {@code agentErrors}
 * @param lastError               {@code session.lastError}; null when none
 * @param agentErrors             {@code lastError}, then the text of every other {@code error}-tone activity
 */
public record T3StopState(
        String threadId,
        String sessionStatus,
        boolean settled,
        TurnEnd latestTurn,
        String latestTurnId,
        Instant settledAt,
        boolean interruptFoundNoSession,
        String lastError,
        List<String> agentErrors) {

    /** How the latest turn ended, as far as the read model shows it. */
    public enum TurnEnd {
        /** {@code latestTurn: null}: no turn has started on the thread. */
        NONE,
        /** {@code latestTurn.state: "running"}. */
        RUNNING,
        /**
         * {@code completed} and {@code messages[]} holds an assistant message of that turn: the agent replied.
         * Caveat (§3.1): a turn interrupted after the agent had already replied once (a steer) looks the same.
         */
        FINISHED,
        /**
         * Stopped or interrupted rather than finished by the agent: {@code interrupted}, or {@code completed} with
         * no assistant message of that turn (its {@code assistantMessageId} is null or the placeholder
         * {@code "assistant:<turnId>"}, and {@code lastError} stays null; §0.1, §3.2, §7.2).
         */
        STOPPED,
        /** {@code latestTurn.state: "error"}. */
        FAILED
    }

    public T3StopState {
        agentErrors = agentErrors == null ? List.of() : List.copyOf(agentErrors);
    }

    /** {@code session.status == "stopped"}: the provider process is gone (only a stop, the idle reaper or a failed start do this, §7.2). */
    public boolean sessionStopped() {
        return "stopped".equals(sessionStatus);
    }
}
