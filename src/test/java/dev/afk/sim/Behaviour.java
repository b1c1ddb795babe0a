package dev.afk.sim;

/** How a scripted agent run goes in the sandbox; each seeded issue gets one. */
public enum Behaviour {
    /** tests-red, green, push, CI green, deployed. */
    SUCCEEDS,
    /** CI red on the first push; the fix-forward turn pushes a fix that goes green. */
    CI_RED_ONCE,
    /** CI red on every push: escalated once the fix-forward budget is spent. */
    CI_RED_FOREVER,
    /** The turn errors out after tests-red. */
    ERRORS,
    /** The turn starts and then nothing ever happens again. */
    STALLS,
    /** tests-red, green, and the turn completes without pushing. */
    FINISHES_WITHOUT_PUSH
}
