package dev.afk.core;

/** The two ways a run is handed back to a person (ARCHITECTURE.md §4). */
public enum EscalationReason {
    /** The thread errored, stopped with an error, finished without a push, or stalled. */
    AGENT_FAILED,
    /** CI or deploy still failing after the last fix-forward round. */
    CI_EXHAUSTED
}
