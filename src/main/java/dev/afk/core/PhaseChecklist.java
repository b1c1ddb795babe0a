package dev.afk.core;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AFK comment: a checklist people read, and on its last line the machine state that lets any tick (after a
 * restart, on another replica) resume the run. Rendering is deterministic so the watch loop can compare texts
 * and edit the comment only when something changed.
 *
 * <pre>
 * **AFK run** — attempt 2 · thread `…`
 * ...
 * - [x] pushed `1a2b3c4`
 * - [ ] ci-green
 * ...
 * &lt;!-- afk:state {"attempt":2,"thread":"…",…,"ended":false,"endReason":null} --&gt;
 * </pre>
 */
public final class PhaseChecklist {

    public static final String MARKER_START = "<!-- afk:state ";
    private static final String MARKER_END = "-->";

    /** Values shown to people are cut to this many characters; the marker always keeps them whole. */
    private static final int MAX_SHOWN = 120;
    private static final int SHORT_SHA = 7;

    private PhaseChecklist() {
    }

    /**
     * The comment without the budget line: exactly what AFK wrote before it kept a budget (callers that know the
     * budget use {@link #render(IssueKey, RunRecord, Budget)}).
     */
    public static String render(IssueKey key, RunRecord r) {
        return render(key, r, null, null);
    }

    /**
     * The AFK comment of {@code r} without the relayed comments' links: {@link #render(IssueKey, RunRecord, String,
     * Budget)} with no URL.
     */
    public static String render(IssueKey key, RunRecord r, Budget budget) {
        return render(key, r, null, budget);
    }

    /** The AFK comment of {@code r} with the relayed comments' links and no budget line. */
    public static String render(IssueKey key, RunRecord r, String issueHtmlUrl) {
        return render(key, r, issueHtmlUrl, null);
    }

    /**
     * The AFK comment of {@code r}, with the relayed comments linked from {@code issueHtmlUrl} (the issue's web
     * page: a comment's link is {@code issueHtmlUrl + "#issuecomment-" + id}, the anchor both Forgejo and GitHub
     * use; null or an unsafe URL shows the comments' plain ids instead), and the budget's line
     * ({@link Budget#checklistLine}: its minute figure is static while the attempt is open, so the text does not
     * change as time passes) under the checklist and its end, just above the marker.
     *
     * @param budget the budget the watch enforces; null: no budget line
     */
    public static String render(IssueKey key, RunRecord r, String issueHtmlUrl, Budget budget) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(r, "r");
        StringBuilder out = new StringBuilder();
        out.append("**AFK run** — attempt ").append(r.attempt())
                .append(" · thread `").append(shown(r.thread())).append("`\n");
        out.append("_Maintained by AFK for ").append(shown(key.toString()))
                .append("; edits to this comment are overwritten._\n\n");
        for (Phase p : Phase.values()) {
            out.append(r.phase().atLeast(p) ? "- [x] " : "- [ ] ").append(p.wire());
            if (p == Phase.PUSHED && r.sha() != null && r.phase().atLeast(Phase.PUSHED)) {
                out.append(" `").append(shortSha(r.sha())).append('`');
            }
            out.append('\n');
        }
        if (r.fixForward() > 0) {
            out.append("\nFix-forward rounds used: ").append(r.fixForward()).append('\n');
        }
        if (!r.tally().relayed().isEmpty()) {
            out.append('\n').append(relayedLine(r.tally().relayed(), issueHtmlUrl)).append('\n');
        }
        if (r.ended()) {
            out.append('\n').append(endLine(r.endReason())).append('\n');
            if (r.evidence() != null && !r.evidence().isBlank()) {
                out.append("\n**Evidence:** ").append(shown(r.evidence(), RunRecord.MAX_EVIDENCE)).append('\n');
            }
            if (r.stop() != null) {
                out.append('\n').append(stopLine(r.thread(), r.stop())).append('\n');
            }
        }
        if (budget != null) {
            out.append('\n').append(budget.checklistLine(r)).append('\n');
        }
        out.append('\n').append(marker(r)).append('\n');
        return out.toString();
    }

    /** The run state in {@code commentBody}, or empty ("no state") when the marker is missing or malformed. */
    public static Optional<RunRecord> parse(String commentBody) {
        if (commentBody == null) {
            return Optional.empty();
        }
        // The renderer writes exactly one marker, last; shown values can never contain '<', so no earlier fake.
        int start = commentBody.lastIndexOf(MARKER_START);
        if (start < 0) {
            return Optional.empty();
        }
        Optional<FlatJson.Parsed> parsed = FlatJson.parseObject(commentBody, start + MARKER_START.length());
        if (parsed.isEmpty() || !closesComment(commentBody, parsed.get().end())) {
            return Optional.empty();
        }
        return toRecord(parsed.get().fields());
    }

    /** True if {@code commentBody} carries the marker start at all (whether or not the state parses). */
    public static boolean isAfkComment(String commentBody) {
        return commentBody != null && commentBody.contains(MARKER_START);
    }

    private static String marker(RunRecord r) {
        return MARKER_START + "{"
                + "\"attempt\":" + r.attempt()
                + ",\"thread\":" + FlatJson.quote(r.thread())
                + ",\"dispatchedAt\":" + FlatJson.quote(r.dispatchedAt().toString())
                + ",\"turnAt\":" + FlatJson.quote(r.turnAt().toString())
                + ",\"fixForward\":" + r.fixForward()
                + ",\"phase\":" + FlatJson.quote(r.phase().wire())
                + ",\"sha\":" + FlatJson.quote(r.sha())
                + ",\"progressAt\":" + FlatJson.quote(r.progressAt().toString())
                + ",\"ended\":" + r.ended()
                + ",\"endReason\":" + FlatJson.quote(r.endReason())
                + ",\"bellRung\":" + r.bellRung()
                + ",\"base\":" + FlatJson.quote(r.base())
                + ",\"closeSent\":" + r.closeSent()
                + ",\"evidence\":" + FlatJson.quote(r.evidence())
                + stopFields(r.stop())
                + tallyFields(r)
                + ciFields(r)
                + "} " + MARKER_END;
    }

    /**
     * The CI memory's fields (issue 12, item 4), each only when set: a record without it renders byte-identically to
     * an older writer's.
     */
    private static String ciFields(RunRecord r) {
        StringBuilder b = new StringBuilder();
        if (r.ciFingerprint() != null) {
            b.append(",\"ciFingerprint\":").append(FlatJson.quote(r.ciFingerprint()));
        }
        if (r.ciFingerprintSha() != null) {
            b.append(",\"ciFingerprintSha\":").append(FlatJson.quote(r.ciFingerprintSha()));
        }
        if (r.ciInfraSince() != null) {
            b.append(",\"ciInfraSince\":").append(FlatJson.quote(r.ciInfraSince().toString()));
        }
        return b.toString();
    }

    /**
     * The CI memory fields: each absent (null) or present with its type (a string; a time); empty (unreadable) when
     * one has the wrong type.
     */
    private static Optional<RunRecord.CiMemory> ciMemory(Map<String, Object> f) {
        Optional<Optional<Instant>> since = f.containsKey("ciInfraSince") ? nullableInstant(f, "ciInfraSince")
                : Optional.of(Optional.empty());
        boolean fingerprintOk = (!f.containsKey("ciFingerprint") || nullableString(f, "ciFingerprint"))
                && (!f.containsKey("ciFingerprintSha") || nullableString(f, "ciFingerprintSha"));
        if (since.isEmpty() || !fingerprintOk) {
            return Optional.empty();
        }
        return Optional.of(new RunRecord.CiMemory((String) f.get("ciFingerprint"), (String) f.get("ciFingerprintSha"),
                since.get().orElse(null)));
    }

    /** The tally's marker fields, in this order; all present or all absent. */
    private static final List<String> TALLY_FIELDS = List.of("turns", "relayed", "relaying", "bodyHash",
            "relayingBodyHash", "attemptTokens", "earlierTokens", "granted");

    /** FlatJson reads at most 18 digits: a token figure beyond that (never reported by T3) is written saturated. */
    private static final long MAX_MARKER_COUNT = 999_999_999_999_999_999L;

    /**
     * The tally's fields (issue 10), only when it is not what an older writer's marker reads as
     * ({@link RunRecord.Tally#legacy}): such a record renders byte-identically to that writer's. Comment ids are one
     * comma-separated string ({@code "12,15"}, empty for none): the marker is flat.
     */
    private static String tallyFields(RunRecord r) {
        RunRecord.Tally t = r.tally();
        if (isLegacy(t, r.fixForward())) {
            return "";
        }
        return ",\"turns\":" + t.turns()
                + ",\"relayed\":" + FlatJson.quote(ids(t.relayed()))
                + ",\"relaying\":" + FlatJson.quote(ids(t.relaying()))
                + ",\"bodyHash\":" + FlatJson.quote(t.bodyHash())
                + ",\"relayingBodyHash\":" + FlatJson.quote(t.relayingBodyHash())
                + ",\"attemptTokens\":" + count(t.attemptTokens())
                + ",\"earlierTokens\":" + count(t.earlierTokens())
                + ",\"granted\":" + t.granted();
    }

    private static boolean isLegacy(RunRecord.Tally t, int fixForward) {
        return t.equals(RunRecord.Tally.legacy(fixForward));
    }

    private static String ids(List<Long> ids) {
        StringBuilder b = new StringBuilder();
        for (Long id : ids) {
            b.append(b.length() == 0 ? "" : ",").append(id);
        }
        return b.toString();
    }

    private static String count(Long n) {
        return n == null ? "null" : Long.toString(Math.max(-MAX_MARKER_COUNT, Math.min(MAX_MARKER_COUNT, n)));
    }

    /**
     * The tally fields: all absent (an older writer's record: {@link RunRecord.Tally#legacy}), or all present with
     * their types; empty (unreadable) when only some are there or one has the wrong type or value.
     */
    private static Optional<Optional<RunRecord.Tally>> tally(Map<String, Object> f) {
        long present = TALLY_FIELDS.stream().filter(f::containsKey).count();
        if (present == 0) {
            return Optional.of(Optional.empty());
        }
        if (present < TALLY_FIELDS.size()) {
            return Optional.empty();
        }
        Optional<Integer> turns = integer(f, "turns").filter(n -> n >= 1);
        Optional<Integer> granted = integer(f, "granted").filter(n -> n >= 0);
        Optional<List<Long>> relayed = string(f, "relayed").flatMap(PhaseChecklist::parseIds);
        Optional<List<Long>> relaying = string(f, "relaying").flatMap(PhaseChecklist::parseIds);
        boolean hashesOk = nullableString(f, "bodyHash") && nullableString(f, "relayingBodyHash");
        boolean tokensOk = nullableLong(f, "attemptTokens") && nullableLong(f, "earlierTokens");
        if (turns.isEmpty() || granted.isEmpty() || relayed.isEmpty() || relaying.isEmpty() || !hashesOk
                || !tokensOk) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new RunRecord.Tally(turns.get(), relayed.get(), relaying.get(),
                (String) f.get("bodyHash"), (String) f.get("relayingBodyHash"), (Long) f.get("attemptTokens"),
                (Long) f.get("earlierTokens"), granted.get())));
    }

    /** {@code ""} is none; otherwise decimal longs separated by single commas, nothing else. */
    private static Optional<List<Long>> parseIds(String text) {
        if (text.isEmpty()) {
            return Optional.of(List.of());
        }
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (!ID.matcher(part).matches()) {
                return Optional.empty();
            }
            try {
                out.add(Long.parseLong(part));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static final Pattern ID = Pattern.compile("-?[0-9]{1,19}");

    private static boolean nullableLong(Map<String, Object> f, String name) {
        return f.containsKey(name) && (f.get(name) == null || f.get(name) instanceof Long);
    }

    /** The visible line of the relayed comments, linked when the issue's URL is safe to put in a link. */
    static String relayedLine(List<Long> relayed, String issueHtmlUrl) {
        boolean link = issueHtmlUrl != null && SAFE_URL.matcher(issueHtmlUrl).matches();
        StringBuilder b = new StringBuilder("Relayed ").append(relayed.size())
                .append(relayed.size() == 1 ? " comment" : " comments").append(" to the agent:");
        for (Long id : relayed) {
            b.append(' ');
            if (link) {
                b.append("[#").append(id).append("](").append(issueHtmlUrl).append("#issuecomment-").append(id)
                        .append(')');
            } else {
                b.append('`').append(id).append('`');
            }
        }
        return b.toString();
    }

    /** An http(s) URL without anything that could end the link or open markup: no blanks, brackets, quotes or '#'. */
    private static final Pattern SAFE_URL = Pattern.compile("https?://[A-Za-z0-9._~:/?=&%+!$,;@*'-]{1,500}");

    /**
     * The stop's fields, only when the end requested one: a record without a stop renders exactly as a writer
     * before AFK stopped agents rendered it, so an old marker re-renders byte-identically.
     */
    private static String stopFields(RunRecord.Stop st) {
        if (st == null) {
            return "";
        }
        return ",\"stopRequestedAt\":" + FlatJson.quote(st.requestedAt().toString())
                + ",\"stopRound\":" + st.interrupts()
                + ",\"sessionStopAt\":" + FlatJson.quote(st.sessionStopAt() == null ? null : st.sessionStopAt().toString())
                + ",\"stoppedAt\":" + FlatJson.quote(st.stoppedAt() == null ? null : st.stoppedAt().toString())
                + ",\"couldNotStop\":" + st.couldNotStop();
    }

    /** The visible line of the stop: requested, confirmed at, or could not be stopped (issue 9, item 2). */
    static String stopLine(String thread, RunRecord.Stop st) {
        if (st.couldNotStop()) {
            return "**The agent could not be stopped; stop it in T3** (thread `" + shown(thread) + "`): stop requested "
                    + st.requestedAt() + ", " + st.interrupts() + " interrupt(s)"
                    + (st.sessionStopAt() == null ? "" : ", `thread.session.stop` at " + st.sessionStopAt())
                    + ", and the session still runs.";
        }
        if (st.stoppedAt() != null) {
            return st.interrupts() == 0 && st.sessionStopAt() == null
                    ? "**Agent stopped** — stop requested " + st.requestedAt() + "; the agent was not working, stopped "
                            + "confirmed at " + st.stoppedAt() + "."
                    : "**Agent stopped** — stop requested " + st.requestedAt() + ", stopped confirmed at "
                            + st.stoppedAt() + " (" + st.interrupts() + " interrupt(s)"
                            + (st.sessionStopAt() == null ? "" : ", then `thread.session.stop`") + ").";
        }
        return "**Stop requested** " + st.requestedAt() + " — AFK interrupted the agent and confirms from T3 that it "
                + "stopped; if it cannot be stopped, this comment says so.";
    }

    private static boolean closesComment(String body, int from) {
        int i = from;
        while (i < body.length() && (body.charAt(i) == ' ' || body.charAt(i) == '\t')) {
            i++;
        }
        return body.startsWith(MARKER_END, i);
    }

    /**
     * Every field must be present with its type; unknown extra fields are ignored (a newer writer's additions).
     * {@code bellRung}, {@code base}, {@code closeSent} and {@code evidence} came later: absent they read as false,
     * null, false and null (an older writer's record),
     * present they must have their type.
     */
    private static Optional<RunRecord> toRecord(Map<String, Object> f) {
        Optional<Integer> attempt = integer(f, "attempt").filter(a -> a >= 1);
        Optional<Integer> fixForward = integer(f, "fixForward").filter(n -> n >= 0);
        Optional<String> thread = string(f, "thread");
        Optional<Instant> dispatchedAt = instant(f, "dispatchedAt");
        Optional<Instant> turnAt = instant(f, "turnAt");
        Optional<Instant> progressAt = instant(f, "progressAt");
        Optional<Phase> phase = string(f, "phase").flatMap(Phase::fromWire);
        Optional<Boolean> ended = f.get("ended") instanceof Boolean b ? Optional.of(b) : Optional.empty();
        boolean nullablesOk = nullableString(f, "sha") && nullableString(f, "endReason");
        boolean laterOk = (!f.containsKey("bellRung") || f.get("bellRung") instanceof Boolean)
                && (!f.containsKey("closeSent") || f.get("closeSent") instanceof Boolean)
                && (!f.containsKey("evidence") || f.get("evidence") == null || f.get("evidence") instanceof String)
                && (!f.containsKey("base") || f.get("base") == null || f.get("base") instanceof String);
        if (attempt.isEmpty() || fixForward.isEmpty() || thread.isEmpty() || dispatchedAt.isEmpty()
                || turnAt.isEmpty() || progressAt.isEmpty() || phase.isEmpty() || ended.isEmpty() || !nullablesOk
                || !laterOk) {
            return Optional.empty();
        }
        Optional<Optional<RunRecord.Stop>> stop = stop(f);
        Optional<Optional<RunRecord.Tally>> tally = tally(f);
        Optional<RunRecord.CiMemory> ci = ciMemory(f);
        if (stop.isEmpty() || tally.isEmpty() || ci.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RunRecord(attempt.get(), thread.get(), dispatchedAt.get(), turnAt.get(),
                fixForward.get(), phase.get(), (String) f.get("sha"), progressAt.get(), ended.get(),
                (String) f.get("endReason"), Boolean.TRUE.equals(f.get("bellRung")), (String) f.get("base"),
                Boolean.TRUE.equals(f.get("closeSent")), (String) f.get("evidence"), stop.get().orElse(null),
                tally.get().orElse(null), ci.get()));
    }

    /**
     * The stop fields: all absent (no stop: an open attempt, or an older writer's record), or all present with their
     * types; empty (unreadable) when only some are there or one has the wrong type.
     */
    private static Optional<Optional<RunRecord.Stop>> stop(Map<String, Object> f) {
        if (!f.containsKey("stopRequestedAt")) {
            boolean anyOther = f.containsKey("stopRound") || f.containsKey("sessionStopAt")
                    || f.containsKey("stoppedAt") || f.containsKey("couldNotStop");
            return anyOther ? Optional.empty() : Optional.of(Optional.empty());
        }
        Optional<Instant> requestedAt = instant(f, "stopRequestedAt");
        Optional<Integer> rounds = integer(f, "stopRound").filter(n -> n >= 0);
        Optional<Optional<Instant>> sessionStopAt = nullableInstant(f, "sessionStopAt");
        Optional<Optional<Instant>> stoppedAt = nullableInstant(f, "stoppedAt");
        if (requestedAt.isEmpty() || rounds.isEmpty() || sessionStopAt.isEmpty() || stoppedAt.isEmpty()
                || !(f.get("couldNotStop") instanceof Boolean couldNotStop)) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new RunRecord.Stop(requestedAt.get(), rounds.get(),
                sessionStopAt.get().orElse(null), stoppedAt.get().orElse(null), couldNotStop)));
    }

    private static Optional<Optional<Instant>> nullableInstant(Map<String, Object> f, String name) {
        if (!f.containsKey(name)) {
            return Optional.empty();
        }
        if (f.get(name) == null) {
            return Optional.of(Optional.empty());
        }
        return instant(f, name).map(Optional::of);
    }

    private static Optional<Integer> integer(Map<String, Object> f, String name) {
        if (f.get(name) instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            return Optional.of(n.intValue());
        }
        return Optional.empty();
    }

    private static Optional<String> string(Map<String, Object> f, String name) {
        return f.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static boolean nullableString(Map<String, Object> f, String name) {
        return f.containsKey(name) && (f.get(name) == null || f.get(name) instanceof String);
    }

    private static Optional<Instant> instant(Map<String, Object> f, String name) {
        try {
            return string(f, name).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String endLine(String reason) {
        if ("closed".equals(reason)) {
            return "**Closed** — the change is deployed and the issue was closed as completed.";
        }
        String why;
        if (EscalationReason.AGENT_FAILED.name().equals(reason)) {
            why = " (the agent failed, finished without a push, or stalled)";
        } else if (EscalationReason.CI_EXHAUSTED.name().equals(reason)) {
            why = " (CI or deploy still failing after the last fix-forward round)";
        } else if (EscalationReason.STOPPED_BY_PERSON.name().equals(reason)) {
            why = " (a person asked AFK to stop with `/afk stop`)";
        } else if (EscalationReason.HALTED.name().equals(reason)) {
            why = " (the operator halted AFK: `AFK_KILL_SWITCH_FILE` says `halt`)";
        } else if (EscalationReason.BUDGET_EXHAUSTED.name().equals(reason)) {
            why = " (the run crossed a limit of the issue's budget; the evidence names it)";
        } else if (EscalationReason.CI_REPEATED.name().equals(reason)) {
            why = " (a fix-forward round's checks failed exactly as before it, so another round would not help)";
        } else if (EscalationReason.CI_INFRA.name().equals(reason)) {
            why = " (CI itself failed on the commit and did not recover: not the agent's failure)";
        } else if (EscalationReason.RECORD_UNREADABLE.name().equals(reason)) {
            why = " (this comment's machine state could not be read, so AFK could not tell what the run did)";
        } else if (RunStateMachine.RELEASED.equals(reason)) {
            return "**Released** — a person took the issue over or closed it; AFK stopped driving this attempt.";
        } else {
            why = "";
        }
        String named = reason == null ? "no reason recorded" : "`" + shown(reason) + "`";
        return "**Handed to a human** — " + named + why + ".";
    }

    private static String shortSha(String sha) {
        String s = shown(sha);
        return s.length() > SHORT_SHA ? s.substring(0, SHORT_SHA) : s;
    }

    /**
     * A value made safe for the visible part: one line, no {@code <}/{@code >} (an unclosed {@code <!--} would
     * hide the rest of the comment), no backticks (they would end the code span), bounded.
     */
    private static String shown(String value) {
        return shown(value, MAX_SHOWN);
    }

    private static String shown(String value, int max) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(max + 1L).forEach(cp -> {
            if (cp == '<') {
                out.append('‹');
            } else if (cp == '>') {
                out.append('›');
            } else if (cp == '`') {
                out.append('\'');
            } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR
                    || Character.getType(cp) == Character.SURROGATE) {
                out.append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (out.codePointCount(0, out.length()) > max) {
            out.setLength(out.offsetByCodePoints(0, max));
            out.append('…');
        }
        return out.toString();
    }
}
