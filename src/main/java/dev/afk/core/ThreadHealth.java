package dev.afk.core;

/** The watcher verdict on the turn AFK is waiting for (docs/reference/t3-orchestration.md §10). */
public enum ThreadHealth {
    /** Starting, running, or not visible yet. */
    RUNNING,
    /** The turn completed normally. */
    FINISHED,
    /** The session or the turn failed. */
    FAILED,
    /**
     * Someone stopped the turn (an interrupt or a session stop, in T3 or by an API client): it settled
     * {@code interrupted}, or {@code completed} without an error and without an assistant reply of its own
     * (docs/reference/t3-control.md §0 item 1). Judged as stopped, never as "finished without a push"; escalated rather than waited on.
     */
    STOPPED
}
