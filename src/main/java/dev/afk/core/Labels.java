package dev.afk.core;

import java.util.Objects;

/** The three label names that carry AFK's queue, lock and hand-back (docs/ARCHITECTURE.md §2). */
public record Labels(String ready, String inProgress, String human) {

    public static final Labels DEFAULT = new Labels("ready-for-agent", "in-progress", "ready-for-human");

    public Labels {
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(inProgress, "inProgress");
        Objects.requireNonNull(human, "human");
    }
}
