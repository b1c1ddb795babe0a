package dev.afk.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code AFK-PHASE:} marker lines the implementer preamble asks the agent to write. A marker counts
 * only when it is a whole line, optionally after a list bullet and/or wrapped in backticks, so prose that merely
 * mentions a marker ("I will report AFK-PHASE: green later") is not a report.
 */
public final class PhaseMarkers {

    /** Exactly the three phases the agent can report; anything after them on the line voids the marker. */
    private static final Pattern MARKER =
            Pattern.compile("AFK-PHASE:[ \\t]*(tests-red|green|pushed[ \\t]+([0-9a-fA-F]{7,40}))");
    private static final Pattern BULLET = Pattern.compile("^[-*+][ \\t]+");
    private static final Pattern LINES = Pattern.compile("\\r\\n|\\r|\\n");

    private PhaseMarkers() {
    }

    /** The markers in {@code assistantText}, in order, each stamped with the message time {@code at}. */
    public static List<PhaseReport> parse(String assistantText, Instant at) {
        Objects.requireNonNull(at, "at");
        List<PhaseReport> reports = new ArrayList<>();
        if (assistantText == null) {
            return reports;
        }
        for (String line : LINES.split(assistantText, -1)) {
            Matcher m = MARKER.matcher(unwrap(line));
            if (!m.matches()) {
                continue;
            }
            if (m.group(2) != null) {
                reports.add(new PhaseReport(Phase.PUSHED, m.group(2).toLowerCase(Locale.ROOT), at));
            } else {
                reports.add(new PhaseReport(Phase.fromWire(m.group(1)).orElseThrow(), null, at));
            }
        }
        return List.copyOf(reports);
    }

    /** The line without surrounding blanks, one leading list bullet, and one balanced pair of backtick runs. */
    private static String unwrap(String line) {
        String s = BULLET.matcher(line.strip()).replaceFirst("").strip();
        int ticks = 0;
        while (ticks < s.length() && s.charAt(ticks) == '`') {
            ticks++;
        }
        if (ticks > 0 && s.length() > 2 * ticks) {
            String fence = s.substring(0, ticks);
            String inner = s.substring(ticks, s.length() - ticks);
            if (s.endsWith(fence) && !inner.startsWith("`") && !inner.endsWith("`")) {
                return inner.strip();
            }
        }
        return s;
    }
}
