package dev.afk.core;

import java.time.Instant;

/**
 * Whether the agent of an ended attempt has stopped, as the watch read it from T3 ({@code direct:t3-stop-state}) for
 * a run whose record has a stop pending; the watch reads it for no other run.
 *
 * @param settled       no agent work runs: a session exists, it is neither starting nor running, and the latest
 *                      turn is not running (a thread T3 no longer lists counts as settled: nothing is left to stop)
 * @param latestTurn    how the latest turn ended, for the log: {@code none}, {@code running}, {@code finished} (the
 *                      agent replied), {@code stopped} (no reply of its own, docs/reference/t3-control.md §0 item 1), {@code failed},
 *                      or {@code gone}
 * @param settledAt     T3's time of the settle; null while not settled (or not known: AFK then uses its tick)
 * @param sessionStatus {@code session.status}; null without a session
 */
public record StopView(boolean settled, String latestTurn, Instant settledAt, String sessionStatus) {

    /** T3 does not list the thread any more (deleted): nothing is left to stop. */
    public static final StopView GONE = new StopView(true, "gone", null, null);
}
