package dev.afk.core;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The earlier attempts of an issue, kept in the AFK comment next to the current attempt's record as a second hidden
 * marker, just before the {@code afk:state} one:
 *
 * <pre>
 * &lt;!-- afk:history {"attempt":2,"outcome":"CI_EXHAUSTED",…} {"attempt":1,…} --&gt;
 * </pre>
 *
 * One flat object per attempt, newest first, at most {@value #MAX_ENTRIES} (a longer one is read as its newest
 * {@value #MAX_ENTRIES}), each with the fields of {@link Entry}
 * (evidence at most {@link RunRecord#MAX_EVIDENCE} characters), written with the same escaping as the state marker
 * (so it can never hold {@code -->} or {@code <}, and no fake state marker). The dispatch of attempt k+1 writes it
 * with attempt k's ended record added; every later write of the comment carries it unchanged ({@link #carry}).
 * Pure: the plane decides what to do with an unreadable marker (read as no history, logged once).
 */
public final class AttemptHistory {

    public static final String MARKER_START = "<!-- afk:history ";
    private static final String MARKER_END = "-->";
    public static final int MAX_ENTRIES = 3;

    private AttemptHistory() {
    }

    /**
     * One earlier attempt as the history keeps it.
     *
     * @param attempt      its number
     * @param outcome      its record's end reason (null when none was recorded)
     * @param phase        the furthest phase it reached
     * @param sha          its confirmed pushed commit, or null
     * @param evidence     the evidence of its hand-off, at most {@link RunRecord#MAX_EVIDENCE} characters, or null
     * @param dispatchedAt when it was dispatched (the end of the window of comments on the attempt before it)
     * @param since        the instant from which people's comments count as written after it: its record's last
     *                     progress, the latest instant the record holds that is not after the attempt ended
     */
    public record Entry(int attempt, String outcome, Phase phase, String sha, String evidence, Instant dispatchedAt,
                        Instant since) {

        public Entry {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
            }
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(dispatchedAt, "dispatchedAt");
            Objects.requireNonNull(since, "since");
            if (evidence != null && evidence.length() > RunRecord.MAX_EVIDENCE) {
                evidence = evidence.substring(0, RunRecord.MAX_EVIDENCE - 1) + "…";
            }
        }

        /** The entry of an ended attempt's record. */
        public static Entry of(RunRecord r) {
            return new Entry(r.attempt(), r.endReason(), r.phase(), r.sha(), r.evidence(), r.dispatchedAt(),
                    r.progressAt());
        }
    }

    /** What the comment holds: the entries, newest first; {@code unreadable} when a marker is there but garbled. */
    public record Read(List<Entry> entries, boolean unreadable) {
        public Read {
            entries = List.copyOf(entries);
        }
    }

    /** The instant from which comments are read for {@code history}: its oldest {@link Entry#since}, or null. */
    public static Instant since(List<Entry> history) {
        return history == null ? null
                : history.stream().map(Entry::since).min(Comparator.naturalOrder()).orElse(null);
    }

    /** The history in {@code commentBody}: none without a marker; none and unreadable when the marker is garbled. */
    public static Read parse(String commentBody) {
        if (commentBody == null) {
            return new Read(List.of(), false);
        }
        int start = commentBody.indexOf(MARKER_START);
        if (start < 0) {
            return new Read(List.of(), false);
        }
        List<Entry> entries = new ArrayList<>();
        int i = start + MARKER_START.length();
        while (true) {
            i = skipBlanks(commentBody, i);
            if (commentBody.startsWith(MARKER_END, i)) {
                if (entries.isEmpty()) {
                    return new Read(List.of(), true);
                }
                List<Entry> newest = newestFirst(entries);
                return new Read(newest.subList(0, Math.min(MAX_ENTRIES, newest.size())), false);
            }
            Optional<FlatJson.Parsed> parsed = FlatJson.parseObject(commentBody, i);
            Optional<Entry> entry = parsed.flatMap(p -> toEntry(p.fields()));
            if (entry.isEmpty()) {
                return new Read(List.of(), true);
            }
            entries.add(entry.get());
            i = parsed.get().end();
        }
    }

    /**
     * The history the record of attempt k+1 is written with: attempt k's ended record added to the history before it
     * (an entry of the same attempt replaced, so a re-done dispatch writes the same), newest first, the oldest
     * dropped beyond {@value #MAX_ENTRIES}.
     */
    public static List<Entry> next(List<Entry> previous, RunRecord ended) {
        List<Entry> out = new ArrayList<>();
        if (ended != null) {
            out.add(Entry.of(ended));
        }
        for (Entry e : previous == null ? List.<Entry>of() : previous) {
            if (e != null && (ended == null || e.attempt() != ended.attempt())) {
                out.add(e);
            }
        }
        List<Entry> sorted = newestFirst(out);
        return sorted.subList(0, Math.min(MAX_ENTRIES, sorted.size()));
    }

    /** The marker line for {@code entries} (newest first, at most {@value #MAX_ENTRIES}), or "" for none. */
    public static String marker(List<Entry> entries) {
        if (entries == null || entries.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(MARKER_START);
        newestFirst(entries).stream().limit(MAX_ENTRIES).forEach(e -> out.append('{')
                .append("\"attempt\":").append(e.attempt())
                .append(",\"outcome\":").append(FlatJson.quote(e.outcome()))
                .append(",\"phase\":").append(FlatJson.quote(e.phase().wire()))
                .append(",\"sha\":").append(FlatJson.quote(e.sha()))
                .append(",\"evidence\":").append(FlatJson.quote(e.evidence()))
                .append(",\"dispatchedAt\":").append(FlatJson.quote(e.dispatchedAt().toString()))
                .append(",\"since\":").append(FlatJson.quote(e.since().toString()))
                .append("} "));
        return out.append(MARKER_END).toString();
    }

    /**
     * {@code rendered} (a {@link PhaseChecklist#render} text) with the history marker on the line before its state
     * marker; {@code rendered} unchanged for no history. The state marker stays the comment's last marker.
     */
    public static String withHistory(String rendered, List<Entry> entries) {
        String marker = marker(entries);
        int state = rendered.lastIndexOf(PhaseChecklist.MARKER_START);
        if (marker.isEmpty() || state < 0) {
            return rendered;
        }
        return rendered.substring(0, state) + marker + "\n" + rendered.substring(state);
    }

    /**
     * {@code rendered} carrying the history of the comment it replaces ({@code previousBody}), so a refresh, a
     * hand-off or a close never drops it. A garbled history is not carried (it would be read as none anyway).
     */
    public static String carry(String rendered, String previousBody) {
        return withHistory(rendered, parse(previousBody).entries());
    }

    /**
     * The earlier attempts the first turn of the next attempt shows, newest first, each with the comments written in
     * its window: from its {@link Entry#since} (inclusive) to the dispatch of the attempt after it (exclusive; the
     * newest runs to the end of {@code comments}). {@code comments} (oldest first, people's only) is null when they
     * could not be read: then every attempt says so.
     */
    public static List<EarlierAttempt> earlier(List<Entry> history, List<PersonComment> comments) {
        return earlier(history, comments, null);
    }

    /**
     * As {@link #earlier(List, List)}, the newest attempt's window ending before {@code until} when it is not null:
     * the dispatch time of the attempt being (re)started, when the record already holds it (a crashed dispatch
     * finished later), so a comment written after that dispatch does not change its first turn.
     */
    public static List<EarlierAttempt> earlier(List<Entry> history, List<PersonComment> comments, Instant until) {
        List<Entry> entries = newestFirst(history == null ? List.of() : history);
        List<EarlierAttempt> out = new ArrayList<>();
        for (Entry e : entries) {
            List<PersonComment> window = new ArrayList<>();
            if (comments != null) {
                for (PersonComment c : comments) {
                    if (c != null && !c.at().isBefore(e.since()) && (until == null || c.at().isBefore(until))) {
                        window.add(c);
                    }
                }
                window.sort(Comparator.comparing(PersonComment::at));
            }
            out.add(new EarlierAttempt(e.attempt(), e.outcome(), e.phase(), e.sha(), e.evidence(), window,
                    comments != null));
            until = e.dispatchedAt();
        }
        return out;
    }

    private static List<Entry> newestFirst(List<Entry> entries) {
        return entries.stream().sorted(Comparator.comparingInt(Entry::attempt).reversed()).toList();
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static Optional<Entry> toEntry(Map<String, Object> f) {
        if (!(f.get("attempt") instanceof Long n) || n < 1 || n > Integer.MAX_VALUE
                || !(f.get("phase") instanceof String phaseName) || Phase.fromWire(phaseName).isEmpty()
                || !nullableString(f, "outcome") || !nullableString(f, "sha") || !nullableString(f, "evidence")) {
            return Optional.empty();
        }
        Optional<Instant> dispatchedAt = instant(f.get("dispatchedAt"));
        Optional<Instant> since = instant(f.get("since"));
        if (dispatchedAt.isEmpty() || since.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(n.intValue(), (String) f.get("outcome"), Phase.fromWire(phaseName).get(),
                (String) f.get("sha"), (String) f.get("evidence"), dispatchedAt.get(), since.get()));
    }

    private static boolean nullableString(Map<String, Object> f, String name) {
        return f.containsKey(name) && (f.get(name) == null || f.get(name) instanceof String);
    }

    private static Optional<Instant> instant(Object value) {
        try {
            return value instanceof String s ? Optional.of(Instant.parse(s)) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
