package dev.afk.core;

/**
 * What the plane may do right now, decided by {@link KillSwitch#decide}: the start-up keys and the live kill-switch
 * file together. {@code reason} says why the plane is not fully armed, on one line for a log and the status view;
 * it is empty exactly when the mode is {@link Mode#ARMED}.
 */
public record KillSwitchState(Mode mode, String reason) {

    public enum Mode {
        /** Both ticks run: new dispatches and the watch of runs in flight. */
        ARMED,
        /** No new dispatch (the poll tick does nothing); the watch tick still drives runs in flight to their end. */
        DRAINING,
        /**
         * No new dispatch, and every run in flight is stopped and handed back ({@code ready-for-human},
         * {@link EscalationReason#HALTED}); the watch tick keeps running until every run is handed back.
         */
        HALTING,
        /** Neither tick does anything: zero I/O. */
        DISARMED;

        /** The lower-case name used in the status view and as the metric tag. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public KillSwitchState {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        reason = reason == null ? "" : reason;
        if (mode == Mode.ARMED != reason.isEmpty()) {
            throw new IllegalArgumentException("a reason is given exactly when the plane is not armed: " + mode);
        }
    }

    /** May the poll tick run (list the queue and dispatch)? Only when armed. */
    public boolean dispatches() {
        return mode == Mode.ARMED;
    }

    /** May the watch tick run (drive runs in flight)? When armed, draining or halting. */
    public boolean watches() {
        return mode != Mode.DISARMED;
    }

    /** Must the watch tick stop and hand back every run in flight? Only when halting. */
    public boolean halts() {
        return mode == Mode.HALTING;
    }
}
