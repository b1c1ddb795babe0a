package dev.afk.core;

/** The watcher verdict on the turn AFK is waiting for (docs/reference/t3-orchestration.md §10). */
public enum ThreadHealth {
    /** Starting, running, or not visible yet. */
    RUNNING,
    /** The turn completed normally. */
    FINISHED,
    /** The session or the turn failed. */
    FAILED,
    /** Settled as interrupted with no error: someone stopped it. Escalated rather than waited on. */
    INTERRUPTED
}
