package dev.afk.core;

/** The ways a run is handed back to a person (docs/ARCHITECTURE.md §4.2). */
public enum EscalationReason {
    /** The thread errored, stopped with an error, finished without a push, or stalled. */
    AGENT_FAILED,
    /** CI or deploy still failing after the last fix-forward round. */
    CI_EXHAUSTED,
    /**
     * The AFK comment carries the state marker but it cannot be read (edited or garbled): AFK cannot tell what the
     * run did, so it hands the issue back loudly instead of guessing or waiting.
     */
    RECORD_UNREADABLE,
    /** A user allowed to steer commented {@code /afk stop} on the issue while the run was in flight. */
    STOPPED_BY_PERSON,
    /** The operator halted AFK ({@code AFK_KILL_SWITCH_FILE} says {@code halt}): every run in flight is handed back. */
    HALTED,
    /**
     * The run crossed a limit of its issue's budget ({@link Budget}: turns, minutes or tokens); the evidence names the
     * limit and every figure ({@link Budget#limitOf} reads the limit back from the record).
     */
    BUDGET_EXHAUSTED,
    /**
     * A fix-forward round's checks failed with the same fingerprint ({@link CiFingerprint}: the failing contexts and
     * their descriptions, normalised) as the failure that round was sent to fix: the agent's fix changed nothing, so
     * AFK hands the issue back at once instead of spending another round. The evidence names the repeated contexts.
     */
    CI_REPEATED,
    /**
     * CI reported an infrastructure error (a commit status {@code error}, a check run cancelled, timed out or waiting
     * for an action) on the run's commit for longer than {@code AFK_CI_INFRA_GRACE_MINUTES}: not the agent's failure,
     * so it never got a fix-forward turn; a person must look at the CI system.
     */
    CI_INFRA
}
