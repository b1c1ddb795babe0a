package dev.afk.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the dashboard at {@code /} shows, as plain data ({@link DashboardPage} renders it): the plane's state and why,
 * the runs in flight, the queue per repo and the last ended runs. Every text that came from the tracker (titles,
 * links, evidence) is kept as it came; escaping is the page's job.
 *
 * @param state      {@code armed}, {@code draining}, {@code halting} or {@code disarmed}
 * @param reason     why it is not armed; empty when armed
 * @param tracker    {@code forgejo} or {@code github}
 * @param allowlist  the allowlisted repos
 * @param maxInFlight AFK_MAX_IN_FLIGHT
 * @param maxFixForward AFK_MAX_FIX_FORWARD
 * @param now        the plane's clock at rendering
 * @param lastPoll   one line on the last poll tick (when, and what it did or why it was held); empty before the first
 * @param lastWatch  the same for the watch tick
 * @param runs       runs in flight, oldest first
 * @param queue      issues waiting, per repo in allowlist order
 * @param ended      the last ended runs, newest first, at most {@link #MAX_ENDED}
 * @param history    empty when the ended runs were rebuilt from the tracker, else what is missing and why
 * @param holds      every active hold (issue 12), fleet first; the hold issue's title is tracker text
 * @param breakers   the fleet breakers (issue 12: T3, GitHub's rate limit), open or not
 */
public record DashboardView(String state, String reason, String tracker, List<String> allowlist, int maxInFlight,
                            int maxFixForward, Instant now, String lastPoll, String lastWatch, List<InFlight> runs,
                            List<Queued> queue, List<Ended> ended, String history, List<BreakerPolicy.Hold> holds,
                            List<Breaker> breakers) {

    /** A view without holds and breakers. */
    public DashboardView(String state, String reason, String tracker, List<String> allowlist, int maxInFlight,
                         int maxFixForward, Instant now, String lastPoll, String lastWatch, List<InFlight> runs,
                         List<Queued> queue, List<Ended> ended, String history) {
        this(state, reason, tracker, allowlist, maxInFlight, maxFixForward, now, lastPoll, lastWatch, runs, queue,
                ended, history, List.of(), List.of());
    }

    /** The ended runs kept (in memory for the life of the process, rebuilt from the tracker at start). */
    public static final int MAX_ENDED = 50;

    public DashboardView {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        reason = reason == null ? "" : reason;
        tracker = tracker == null ? "" : tracker;
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        lastPoll = lastPoll == null ? "" : lastPoll;
        lastWatch = lastWatch == null ? "" : lastWatch;
        runs = runs == null ? List.of() : List.copyOf(runs);
        queue = queue == null ? List.of() : List.copyOf(queue);
        ended = ended == null ? List.of() : List.copyOf(ended);
        history = history == null ? "" : history;
        holds = holds == null ? List.of() : List.copyOf(holds);
        breakers = breakers == null ? List.of() : List.copyOf(breakers);
    }

    /**
     * A fleet breaker (issue 12).
     *
     * @param name     {@code t3} or {@code ratelimit}
     * @param open     whether it holds AFK back now
     * @param since    when it opened; null while closed
     * @param evidence why it is open (counts, the failure or the figures); empty while closed
     * @param resumes  what closes it; empty while closed
     */
    public record Breaker(String name, boolean open, Instant since, String evidence, String resumes) {
        public Breaker {
            Objects.requireNonNull(name, "name");
            evidence = evidence == null ? "" : evidence;
            resumes = resumes == null ? "" : resumes;
        }
    }

    /**
     * A run in flight.
     *
     * @param issue       {@code owner/repo#n}
     * @param title       the issue's title (tracker text); empty when not seen yet
     * @param url         the issue's web page (tracker text); empty when not known
     * @param attempt     the attempt number
     * @param thread      the T3 thread id
     * @param phase       the furthest phase reached
     * @param dispatchedAt when the attempt was dispatched
     * @param turnAt      the latest turn (first or fix-forward); null when only the dispatch was seen
     * @param progressAt  the last progress; null when only the dispatch was seen
     * @param fixForward  fix-forward rounds used
     * @param sha         the pushed commit, once confirmed; null before
     * @param stopPending the attempt ended and the agent's stop is not confirmed yet: what is pending; null otherwise
     * @param budget      the budget line ({@code Budget.figures}: attempt, turns, minutes, tokens, live); null when none
     */
    public record InFlight(String issue, String title, String url, int attempt, String thread, Phase phase,
                           Instant dispatchedAt, Instant turnAt, Instant progressAt, int fixForward, String sha,
                           String stopPending, String budget) {
        public InFlight {
            Objects.requireNonNull(issue, "issue");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(dispatchedAt, "dispatchedAt");
            title = title == null ? "" : title;
            url = url == null ? "" : url;
            thread = thread == null ? "" : thread;
        }
    }

    /** An issue waiting in {@code repo}'s queue, and why it was not dispatched at the last poll. */
    public record Queued(String repo, String issue, String title, String url, String reason) {
        public Queued {
            Objects.requireNonNull(repo, "repo");
            Objects.requireNonNull(issue, "issue");
            title = title == null ? "" : title;
            url = url == null ? "" : url;
            reason = reason == null ? "" : reason;
        }
    }

    /**
     * A run that ended.
     *
     * @param kind     {@code closed}, {@code handed back} or {@code released}
     * @param reason   the record's end reason ({@code closed}, {@code released}, an {@link EscalationReason})
     * @param evidence the hand-off's evidence (tracker and agent text); empty when there is none
     * @param endedAt  when AFK saw it end (for a run rebuilt from the tracker: its stop request or last progress)
     */
    public record Ended(String issue, String title, String url, int attempt, String thread, String kind,
                        String reason, String evidence, Instant endedAt) {
        public Ended {
            Objects.requireNonNull(issue, "issue");
            Objects.requireNonNull(endedAt, "endedAt");
            title = title == null ? "" : title;
            url = url == null ? "" : url;
            thread = thread == null ? "" : thread;
            kind = kind == null ? "" : kind;
            reason = reason == null ? "" : reason;
            evidence = evidence == null ? "" : evidence;
        }

        /** The kind of end a record's end reason names. */
        public static String kindOf(String endReason) {
            if ("closed".equals(endReason)) {
                return "closed";
            }
            if ("released".equals(endReason)) {
                return "released";
            }
            return "handed back";
        }
    }
}
