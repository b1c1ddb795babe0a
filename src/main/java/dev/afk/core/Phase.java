package dev.afk.core;

import java.util.Optional;

/** How far a run got, in order. The agent reports the middle three; AFK observes the rest. */
public enum Phase {
    DISPATCHED("dispatched"),
    TESTS_RED("tests-red"),
    GREEN("green"),
    PUSHED("pushed"),
    CI_GREEN("ci-green"),
    DEPLOYED("deployed");

    private final String wire;

    Phase(String wire) {
        this.wire = wire;
    }

    /** The name used in {@code AFK-PHASE:} markers, the AFK comment and logs. */
    public String wire() {
        return wire;
    }

    public static Optional<Phase> fromWire(String s) {
        for (Phase p : values()) {
            if (p.wire.equals(s)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean atLeast(Phase other) {
        return compareTo(other) >= 0;
    }
}
