package dev.afk.core;

import java.util.Objects;

/** An action plus the record to persist once the action has been carried out. */
public record Decision(Action action, RunRecord next) {

    public Decision {
        Objects.requireNonNull(action, "action");
    }
}
