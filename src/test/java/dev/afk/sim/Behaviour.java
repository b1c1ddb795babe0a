package dev.afk.sim;

/** How a scripted agent run goes in the sandbox; each seeded issue gets one. */
public enum Behaviour {
    /** tests-red, green, push, CI green, deployed. */
    SUCCEEDS,
    /** CI red on the first push; the fix-forward turn pushes a fix that goes green. */
    CI_RED_ONCE,
    /**
     * CI red on every push, each time with another failing test (the agent moves the failure): escalated once the
     * fix-forward budget is spent.
     */
    CI_RED_FOREVER,
    /**
     * CI red on every push with the same failing test (only its run id and duration change): the fix-forward round
     * changes nothing, so AFK escalates {@code CI_REPEATED} after one round.
     */
    CI_RED_SAME,
    /** CI itself fails on the push: the status is {@code error} ("runner lost"), never green or red by itself. */
    CI_ERRORS,
    /** The turn errors out after tests-red. */
    ERRORS,
    /** The turn starts and then nothing ever happens again. */
    STALLS,
    /** tests-red, green, and the turn completes without pushing. */
    FINISHES_WITHOUT_PUSH
}
