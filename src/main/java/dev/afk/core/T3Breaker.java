package dev.afk.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The T3 breaker (issue 12, docs/ARCHITECTURE.md §3.1): after {@code threshold} dispatches in a row that T3 refused
 * or failed (any T3 failure of the dispatch call: 5xx, unreachable or timed out, refused, auth), whatever repos they
 * were for, AFK makes no dispatch attempt until a fleet read succeeds again. While it is open, each poll tick does
 * one fleet read as the probe: a read that works closes it (and that tick dispatches); one that fails keeps it open
 * (and that tick dispatches nothing).
 *
 * <p>A value, and every transition a function of it: the plane keeps the current value in memory (a restart starts
 * counting again from closed; nothing is written anywhere, so there is nothing to re-derive but the next tick's
 * outcomes). The typed {@link Change} says what a transition did, so the log says it once on a trip and once on a
 * recovery.
 *
 * @param threshold {@code AFK_T3_BREAKER_FAILURES}, at least 1
 * @param failures  failed dispatches in a row since the last one that went through (or the last recovery)
 * @param openSince when it tripped; null while closed
 * @param evidence  the failure that tripped it (an adapter failure's message); empty while closed
 */
public record T3Breaker(int threshold, int failures, Instant openSince, String evidence) {

    /** Default of {@code AFK_T3_BREAKER_FAILURES}. */
    public static final int DEFAULT_THRESHOLD = 3;

    /** What one transition did. */
    public enum Change { NONE, TRIPPED, RECOVERED }

    /** The breaker after an outcome, and what the outcome changed. */
    public record Step(T3Breaker breaker, Change change) {
        public Step {
            Objects.requireNonNull(breaker, "breaker");
            Objects.requireNonNull(change, "change");
        }
    }

    /** What a poll tick does first. */
    public enum TickKind {
        /** Closed: dispatch as the plan says. */
        DISPATCH,
        /** Open: one fleet read decides whether this tick may dispatch. */
        PROBE
    }

    public T3Breaker {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1 (got " + threshold + ")");
        }
        failures = Math.max(0, failures);
        evidence = evidence == null ? "" : evidence;
    }

    /** Closed, nothing counted. */
    public static T3Breaker closed(int threshold) {
        return new T3Breaker(threshold, 0, null, "");
    }

    public boolean open() {
        return openSince != null;
    }

    /** Whether a dispatch may be attempted now. */
    public boolean allowsDispatch() {
        return !open();
    }

    public TickKind tick() {
        return open() ? TickKind.PROBE : TickKind.DISPATCH;
    }

    /**
     * T3 refused or failed one dispatch at {@code at}. The {@code threshold}-th in a row trips the breaker (and
     * keeps that failure as the evidence); once open, further failures (a dispatch that was already under way when
     * it tripped) change nothing but the count.
     */
    public Step dispatchFailed(Instant at, String why) {
        Objects.requireNonNull(at, "at");
        int count = failures == Integer.MAX_VALUE ? failures : failures + 1;
        if (open()) {
            return new Step(new T3Breaker(threshold, count, openSince, evidence), Change.NONE);
        }
        if (count >= threshold) {
            return new Step(new T3Breaker(threshold, count, at, why), Change.TRIPPED);
        }
        return new Step(new T3Breaker(threshold, count, null, ""), Change.NONE);
    }

    /** T3 accepted a dispatch: the count starts again (and an open breaker closes: T3 is up). */
    public Step dispatchSucceeded() {
        return new Step(closed(threshold), open() ? Change.RECOVERED : Change.NONE);
    }

    /** The probe's fleet read worked ({@code ok}) or failed. Only a read that worked closes an open breaker. */
    public Step probed(boolean ok) {
        if (!open()) {
            return new Step(this, Change.NONE);
        }
        return ok ? new Step(closed(threshold), Change.RECOVERED) : new Step(this, Change.NONE);
    }

    /** The status line: why no dispatch is attempted; empty while closed. */
    public String why() {
        if (!open()) {
            return "";
        }
        return "T3 refused or failed " + failures + " dispatch" + (failures == 1 ? "" : "es") + " in a row (open since "
                + openSince + "; AFK_T3_BREAKER_FAILURES=" + threshold + "); no dispatch until a fleet read "
                + "succeeds; last: " + evidence;
    }
}
