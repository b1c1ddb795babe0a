package dev.afk.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-issue budget (issue 10, items 2–3): four limits, each a setting where {@code 0} turns it off. Pure: every
 * figure comes from the {@link RunRecord} (its {@link RunRecord.Tally}), the tick's clock and the token figure T3
 * reported for the thread ({@link ThreadView#tokens()}, null when the provider meters nothing,
 * docs/reference/t3-control.md §5.1).
 *
 * <ul>
 *   <li><b>attempts</b> ({@code AFK_MAX_ATTEMPTS}): attempt {@code n} may start while {@code n <= maxAttempts +
 *       granted}; checked only when an attempt is admitted ({@link #admit}), never during one.</li>
 *   <li><b>turns</b> ({@code AFK_MAX_TURNS}): turns sent in one attempt (first + fix-forwards + relay turns). The
 *       limit is crossed when a decision needs turn {@code maxTurns + 1}: a run may use all its turns, and is handed
 *       back only when it needs one more.</li>
 *   <li><b>minutes</b> ({@code AFK_RUN_MAX_MINUTES}): wall clock of one attempt, crossed once {@code now -
 *       dispatchedAt >= max}.</li>
 *   <li><b>tokens</b> ({@code AFK_ISSUE_MAX_TOKENS}): tokens over every attempt of the issue, crossed once
 *       {@link RunRecord.Tally#issueTokens()} {@code >= max}. The attempt's figure never decreases: it is the
 *       largest T3 reported ({@link #withReportedTokens}). No figure reported never crosses the limit.</li>
 * </ul>
 *
 * <p><b>Two forms of the figures.</b> {@link #figures} is the live form ({@code budget: attempt 2/3 · turns 4/10 ·
 * 38/240 min · 1.2M tokens}) for the status view, the dashboard and a hand-off's evidence. The checklist on the
 * issue uses {@link #checklistLine}, which differs in one deliberate way: for an open attempt its minute figure is
 * stated statically ({@code 240 min from 10:04Z (until 14:04Z)}), because the watch rewrites the AFK comment only
 * when its text changes, and a figure that moved every minute would rewrite it on every tick. Once the attempt has
 * ended, its minutes are fixed (dispatch to the stop request) and shown as {@code 38/240 min}.
 *
 * @param maxAttempts attempts per issue, plus one per {@code /afk budget +1}; 0: no limit
 * @param maxTurns    turns per attempt; 0: no limit
 * @param maxMinutes  wall-clock minutes per attempt; 0: no limit
 * @param maxTokens   tokens per issue over all attempts; 0: no limit
 */
public record Budget(int maxAttempts, int maxTurns, int maxMinutes, long maxTokens) {

    /** The documented defaults: 3 attempts, 10 turns, 240 minutes, tokens off. */
    public static final Budget DEFAULT = new Budget(3, 10, 240, 0);
    /** Every limit off. */
    public static final Budget OFF = new Budget(0, 0, 0, 0);

    /** The marker of the one refusal comment of an attempt: {@code <!-- afk:refused attempt=N -->}. */
    public static final String REFUSED_MARKER_START = "<!-- afk:refused attempt=";

    private static final String EVIDENCE_START = "budget exhausted: ";
    private static final Pattern EVIDENCE = Pattern.compile("^" + EVIDENCE_START + "([a-z]+) ");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A limit of the budget; {@link #wire()} is the tag of {@code afk_budget_exhausted_total{limit}}. */
    public enum Limit {
        ATTEMPTS("attempts", "AFK_MAX_ATTEMPTS"),
        TURNS("turns", "AFK_MAX_TURNS"),
        MINUTES("minutes", "AFK_RUN_MAX_MINUTES"),
        TOKENS("tokens", "AFK_ISSUE_MAX_TOKENS");

        private final String wire;
        private final String variable;

        Limit(String wire, String variable) {
            this.wire = wire;
            this.variable = variable;
        }

        /** The metric tag value. */
        public String wire() {
            return wire;
        }

        /** The setting of this limit. */
        public String variable() {
            return variable;
        }

        public static Optional<Limit> fromWire(String s) {
            for (Limit l : values()) {
                if (l.wire.equals(s)) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
    }

    public Budget {
        if (maxAttempts < 0 || maxTurns < 0 || maxMinutes < 0 || maxTokens < 0) {
            throw new IllegalArgumentException("budget limits must be >= 0 (0 = off): " + maxAttempts + ", "
                    + maxTurns + ", " + maxMinutes + ", " + maxTokens);
        }
    }

    // --- the check of the watch ------------------------------------------------------------------------------------

    /**
     * The tally with T3's figure for this attempt's thread taken in: the larger of the recorded and the reported
     * figure (tokens never decrease; T3 keeps only the last usage activity per turn, docs/reference/t3-control.md
     * §5.4). The same tally (the same object) when nothing changed, so a quiet tick writes nothing.
     */
    public static RunRecord.Tally withReportedTokens(RunRecord.Tally t, Long reported) {
        if (reported == null || reported < 0 || (t.attemptTokens() != null && t.attemptTokens() >= reported)) {
            return t;
        }
        return new RunRecord.Tally(t.turns(), t.relayed(), t.relaying(), t.bodyHash(), t.relayingBodyHash(),
                reported, t.earlierTokens(), t.granted());
    }

    /** {@code r} with T3's token figure taken in ({@link #withReportedTokens}); {@code r} itself when unchanged. */
    public static RunRecord withReportedTokens(RunRecord r, Long reported) {
        RunRecord.Tally t = withReportedTokens(r.tally(), reported);
        return t == r.tally() ? r : r.withTally(t);
    }

    /**
     * The first limit this tick crosses, in the order turns, minutes, tokens; empty when none. Attempts are never
     * crossed here: an attempt that runs was admitted ({@link #admit}).
     *
     * @param r              the open attempt's record
     * @param now            the tick's clock
     * @param reportedTokens T3's figure for the attempt's thread; null: none reported
     * @param wantsTurn      the decision wants to send another turn (a fix-forward or a relay)
     */
    public Optional<Limit> crossed(RunRecord r, Instant now, Long reportedTokens, boolean wantsTurn) {
        for (Limit l : List.of(Limit.TURNS, Limit.MINUTES, Limit.TOKENS)) {
            if (wouldCross(r, now, l, reportedTokens, wantsTurn)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code limit} alone is crossed (see {@link #crossed}); the relay asks for {@link Limit#TURNS} with
     * {@code wantsTurn} true before it sends a relay turn. {@link Limit#ATTEMPTS} is never crossed by a running
     * attempt.
     */
    public boolean wouldCross(RunRecord r, Instant now, Limit limit, Long reportedTokens, boolean wantsTurn) {
        return switch (limit) {
            case ATTEMPTS -> false;
            case TURNS -> wantsTurn && maxTurns > 0 && r.tally().turns() + 1 > maxTurns;
            case MINUTES -> maxMinutes > 0
                    && Duration.between(r.dispatchedAt(), now).compareTo(Duration.ofMinutes(maxMinutes)) >= 0;
            case TOKENS -> {
                Long issue = withReportedTokens(r.tally(), reportedTokens).issueTokens();
                yield maxTokens > 0 && issue != null && issue >= maxTokens;
            }
        };
    }

    /**
     * The evidence of a {@link EscalationReason#BUDGET_EXHAUSTED} hand-off: which limit, its setting, and every
     * figure (live form). It starts with {@code budget exhausted: <limit> }, which {@link #limitOf} reads back.
     */
    public String exhaustedEvidence(Limit limit, RunRecord r, Instant now, Long reportedTokens) {
        RunRecord counted = withReportedTokens(r, reportedTokens);
        String what = switch (limit) {
            case TURNS -> "the next turn would be turn " + (counted.tally().turns() + 1) + " of " + maxTurns;
            case MINUTES -> "the attempt has run " + minutes(r, now) + " of " + maxMinutes + " minutes";
            case TOKENS -> "the issue has used " + compact(counted.tally().issueTokens()) + " of "
                    + compact(maxTokens) + " tokens";
            case ATTEMPTS -> "attempt " + r.attempt() + " is past the " + allowedAttempts(r.tally()) + " allowed";
        };
        return EVIDENCE_START + limit.wire() + " (" + limit.variable() + "): " + what + "; " + figures(counted, now,
                null) + "; at phase " + r.phase().wire() + " on thread " + r.thread();
    }

    /**
     * The limit a {@link EscalationReason#BUDGET_EXHAUSTED} record was handed back for, read from its evidence
     * (which starts with {@link #exhaustedEvidence}'s text); empty for any other record.
     * The hand-off that finishes after the agent's stop is rebuilt from the record, so this is how it keeps its limit.
     */
    public static Optional<Limit> limitOf(RunRecord r) {
        if (r == null || !EscalationReason.BUDGET_EXHAUSTED.name().equals(r.endReason()) || r.evidence() == null) {
            return Optional.empty();
        }
        Matcher m = EVIDENCE.matcher(r.evidence());
        return m.find() ? Limit.fromWire(m.group(1)) : Optional.empty();
    }

    // --- the figures -----------------------------------------------------------------------------------------------

    /**
     * The live figures: {@code budget: attempt 2/3 · turns 4/10 · 38/240 min · 1.2M tokens}. A limit that is off
     * shows its figure without {@code /max}; no token figure reads {@code tokens: not reported}.
     *
     * @param reportedTokens T3's figure, taken in as {@link #withReportedTokens} does; null: only the recorded one
     */
    public String figures(RunRecord r, Instant now, Long reportedTokens) {
        RunRecord.Tally t = withReportedTokens(r.tally(), reportedTokens);
        String min = maxMinutes > 0 ? minutes(r, now) + "/" + maxMinutes + " min" : minutes(r, now) + " min";
        return line(r, t, min);
    }

    /**
     * The checklist's line: like {@link #figures}, but an open attempt's minutes are stated statically ({@code 240
     * min from 10:04Z (until 14:04Z)}, or {@code started 10:04Z} with the limit off) so the comment's text does not
     * change as time passes; an ended attempt shows the minutes from dispatch to its stop request ({@code 38/240
     * min}), or the static form when the record carries no stop.
     */
    public String checklistLine(RunRecord r) {
        String min;
        if (r.ended() && r.stop() != null) {
            long m = Math.max(0, Duration.between(r.dispatchedAt(), r.stop().requestedAt()).toMinutes());
            min = maxMinutes > 0 ? m + "/" + maxMinutes + " min" : m + " min";
        } else if (maxMinutes > 0) {
            min = maxMinutes + " min from " + HHMM.format(r.dispatchedAt()) + " (until "
                    + HHMM.format(r.dispatchedAt().plus(Duration.ofMinutes(maxMinutes))) + ")";
        } else {
            min = "started " + HHMM.format(r.dispatchedAt());
        }
        return line(r, r.tally(), min);
    }

    private String line(RunRecord r, RunRecord.Tally t, String minutesPart) {
        List<String> parts = new ArrayList<>();
        String attempt = "attempt " + r.attempt();
        if (maxAttempts > 0) {
            attempt += "/" + allowedAttempts(t) + (t.granted() > 0 ? " (" + t.granted() + " granted)" : "");
        }
        parts.add(attempt);
        parts.add(maxTurns > 0 ? "turns " + t.turns() + "/" + maxTurns : "turns " + t.turns());
        parts.add(minutesPart);
        Long tokens = t.issueTokens();
        if (tokens == null) {
            parts.add("tokens: not reported");
        } else {
            parts.add(maxTokens > 0 ? compact(tokens) + "/" + compact(maxTokens) + " tokens" : compact(tokens)
                    + " tokens");
        }
        return "budget: " + String.join(" · ", parts);
    }

    /** Attempts the issue may use: {@code maxAttempts + granted} (meaningless when attempts are off). */
    public int allowedAttempts(RunRecord.Tally t) {
        return maxAttempts + t.granted();
    }

    private static long minutes(RunRecord r, Instant now) {
        return Math.max(0, Duration.between(r.dispatchedAt(), now).toMinutes());
    }

    /**
     * A token count in a few characters: {@code 950}, {@code 12.3k}, {@code 1.2M}, {@code 3.4B}; one decimal,
     * rounded down (a figure never reads as reaching a limit it has not reached), a {@code .0} dropped.
     */
    public static String compact(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "B"};
        long scale = 1_000;
        int u = 0;
        while (u < units.length - 1 && n >= scale * 1_000) {
            scale *= 1_000;
            u++;
        }
        long tenths = n / (scale / 10);
        String whole = Long.toString(tenths / 10);
        return (tenths % 10 == 0 ? whole : whole + "." + tenths % 10) + units[u];
    }

    // --- admission of an attempt -----------------------------------------------------------------------------------

    /**
     * The verdict on starting an attempt of an issue: admitted, with the tally it starts with, or refused.
     *
     * @param admitted whether the dispatch may go ahead
     * @param attempt  the attempt number asked for ({@link RunRecord#nextAttempt})
     * @param tally    the tally the new attempt's record starts with; null when refused
     * @param reason   why it was refused, for the log and the status view; null when admitted
     * @param comment  the one short comment a refusal writes on the issue (carrying {@link #refusedMarker}); null
     *                 when admitted
     */
    public record Admission(boolean admitted, int attempt, RunRecord.Tally tally, String reason, String comment) {

        /** The skip reason of a refusal, for the dispatch plan and the status view. */
        public SkipReason skipReason() {
            return admitted ? null : SkipReason.ATTEMPTS_EXHAUSTED;
        }
    }

    /**
     * Whether the next attempt of an issue may start.
     *
     * <p>Attempt {@code n = RunRecord.nextAttempt(previous)} is admitted while {@code n <= maxAttempts + granted},
     * where {@code granted} is the previous tally's plus {@code newGrants}; always with attempts off. A new attempt
     * starts with one turn, no token figure of its own, nothing relayed, {@code earlierTokens} = the previous
     * issue total and {@code granted} carried forward. A re-dispatch of the open attempt (an interrupted stamp:
     * {@code previous} not ended) keeps the previous {@code earlierTokens}, as it is the same attempt.
     *
     * @param previous  the issue's latest record; null for the first attempt
     * @param newGrants {@code /afk budget +1} grants written since the previous attempt ended
     *                  ({@link #grantsSince}, {@link BudgetGrants#count}); 0 for a re-dispatch of the open attempt,
     *                  whose grants its record already carries
     * @param bodyHash  the hash of the issue text being dispatched (for the relay of an edited body)
     */
    public Admission admit(RunRecord previous, int newGrants, String bodyHash) {
        if (newGrants < 0) {
            throw new IllegalArgumentException("newGrants must be >= 0: " + newGrants);
        }
        int n = RunRecord.nextAttempt(previous);
        int granted = (previous == null ? 0 : previous.tally().granted()) + newGrants;
        Long earlier = previous == null ? null
                : previous.ended() ? previous.tally().issueTokens() : previous.tally().earlierTokens();
        if (maxAttempts > 0 && n > maxAttempts + granted) {
            int used = n - 1;
            String grantedText = granted == 0 ? "" : " plus " + granted + " granted with `/afk budget +1`";
            String reason = "attempt " + n + " refused: AFK_MAX_ATTEMPTS is " + maxAttempts + grantedText + ", and "
                    + used + " attempt" + (used == 1 ? " was" : "s were") + " used";
            String comment = "**AFK will not start attempt " + n + "** — this issue has used its " + used
                    + " attempt" + (used == 1 ? "" : "s") + " (`AFK_MAX_ATTEMPTS` is " + maxAttempts + grantedText
                    + "). To allow one more, a user allowed to steer comments `" + BudgetGrants.COMMAND
                    + "`, or the operator raises `AFK_MAX_ATTEMPTS`.\n\n" + refusedMarker(n) + "\n";
            return new Admission(false, n, null, reason, comment);
        }
        RunRecord.Tally t = new RunRecord.Tally(1, List.of(), List.of(), bodyHash, null, null, earlier, granted);
        return new Admission(true, n, t, null, null);
    }

    /**
     * Where grants for the next attempt are counted from: the end of {@code previous} (its stop request, the tick
     * that ended it; else its last progress); null when there is nothing to count (no previous record, or an open
     * one whose grants its tally already holds). A grant written while an attempt still runs does not count: it
     * answers a refusal or a hand-off.
     */
    public static Instant grantsSince(RunRecord previous) {
        if (previous == null || !previous.ended()) {
            return null;
        }
        return previous.stop() != null ? previous.stop().requestedAt() : previous.progressAt();
    }

    /** The marker of the refusal comment of attempt {@code attempt}. */
    public static String refusedMarker(int attempt) {
        return REFUSED_MARKER_START + attempt + " -->";
    }

    /** Whether one of {@code comments} already is the refusal of {@code attempt} (the comment is written once). */
    public static boolean alreadyRefused(List<IssueComment> comments, int attempt) {
        return alreadyRefused(comments, attempt, null);
    }

    /**
     * Like {@link #alreadyRefused(List, int)}, counting only comments by {@code afkLogin} (any author when it is null
     * or blank), so a person quoting the marker does not silence the refusal.
     */
    public static boolean alreadyRefused(List<IssueComment> comments, int attempt, String afkLogin) {
        String marker = refusedMarker(attempt);
        boolean anyAuthor = afkLogin == null || afkLogin.isBlank();
        return comments.stream().anyMatch(c -> c.body().contains(marker)
                && (anyAuthor || c.author().strip().equalsIgnoreCase(afkLogin.strip())));
    }
}
