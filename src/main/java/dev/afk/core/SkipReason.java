package dev.afk.core;

/**
 * Why the dispatch policy left an issue alone this tick, in ladder order (docs/ARCHITECTURE.md §3). The texts are for
 * logs and the status endpoint; the enum names are the stable part.
 */
public enum SkipReason {
    DISARMED("the plane is disarmed"),
    NOT_ALLOWLISTED("repository is not in AFK_ALLOWLIST"),
    PULL_REQUEST("a pull request, not an issue"),
    CLOSED("issue is closed"),
    HUMAN_LABEL("handed to a human (ready-for-human)"),
    RUNNING("a run is in flight"),
    REPO_LOCKED("repository already has a run in flight"),
    GLOBAL_CAP("AFK_MAX_IN_FLIGHT reached"),
    UNTRUSTED_LABELER("ready-for-agent was not applied by a trusted labeler"),
    NOT_READY("carries neither ready-for-agent nor in-progress"),
    /** An open hold issue (or a fleet pause) holds the repo; the detail names it (docs/ARCHITECTURE.md §3.1). */
    HELD("dispatch is held by a hold issue"),
    /**
     * The next attempt would exceed {@code AFK_MAX_ATTEMPTS} plus the {@code /afk budget +1} grants: decided when
     * the attempt is admitted ({@link Budget#admit}), after the plan, so the plan's ladder never yields it.
     */
    ATTEMPTS_EXHAUSTED("the issue used every attempt AFK_MAX_ATTEMPTS allows (a trusted /afk budget +1 allows one more)"),
    /**
     * The T3 breaker is open ({@link T3Breaker}): T3 refused or failed {@code AFK_T3_BREAKER_FAILURES} dispatches in
     * a row, so no dispatch is attempted until a fleet read succeeds again. Decided when the dispatch starts, after
     * the plan, so the plan's ladder never yields it.
     */
    T3_DOWN("T3 is failing every dispatch; none is attempted until a fleet read succeeds again");

    private final String text;

    SkipReason(String text) {
        this.text = text;
    }

    /** Short human text for a log line. */
    public String text() {
        return text;
    }
}
