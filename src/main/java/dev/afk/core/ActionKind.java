package dev.afk.core;

/**
 * The name a route switches on for an {@link Action} ({@code afk-watch-act}). One constant per action, checked by a
 * test, so a renamed class can never silently send a run down no branch.
 */
public enum ActionKind {
    WAIT,
    REFRESH_CHECKLIST,
    FIX_FORWARD,
    ESCALATE,
    CLOSE,
    RELEASE,
    INTERRUPT,
    STOP_SESSION,
    RELAY
}
