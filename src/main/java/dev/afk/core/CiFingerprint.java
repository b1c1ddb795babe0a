package dev.afk.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The fingerprint of a CI failure (issue 12, item 4): what failed, without the noise that changes from run to run.
 * Each failing context's name and description are lower-cased, and timestamps, UUIDs, hex ids (commit SHAs, run
 * ids), durations and every other number are collapsed to placeholders; the entries are sorted and de-duplicated (the
 * tracker's order and a context reported twice do not matter), and the result is hashed to {@value #HEX_CHARS} hex
 * characters. The state ({@code failure}, {@code error}) and the link are left out: a link names the run.
 *
 * <p>Two failures with the same fingerprint are the same failure: a fix-forward round whose checks fail with the
 * fingerprint of the failure it was sent to fix ends the run {@link EscalationReason#CI_REPEATED}. Pure.
 */
public final class CiFingerprint {

    /** Length of a fingerprint: 64 bits of SHA-256, as lower-case hex. */
    public static final int HEX_CHARS = 16;

    private static final List<Rule> RULES = List.of(
            // 2026-11-24T08:00:00.123Z, 2026-11-24 08:00:00+01:00, 2026-11-24
            new Rule("\\d{4}-\\d{2}-\\d{2}(?:[t ]\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:z|[+-]\\d{2}:?\\d{2})?)?",
                    " <time> "),
            // 08:00, 08:00:00.5
            new Rule("\\b\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?\\b", " <time> "),
            new Rule("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "#"),
            // a SHA or a hex run id: 7 or more hex digits, at least one of them a decimal digit (not a word like
            // "defaced"); ids and plain numbers share one placeholder, so an id's length or alphabet never matters
            new Rule("\\b(?=[0-9a-f]*[0-9])[0-9a-f]{7,}\\b", "#"),
            // 1.2s, 350 ms, 3m20s, 4 minutes, 2h
            new Rule("\\b(?:\\d+(?:[.,]\\d+)?\\s*(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)"
                    + ")+\\b", " <duration> "),
            new Rule("\\d+(?:[.,]\\d+)*", "#"),
            new Rule("\\s+", " "));

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }

        String apply(String text) {
            return pattern.matcher(text).replaceAll(replacement);
        }
    }

    private CiFingerprint() {
    }

    /** The fingerprint of a failure whose not-green contexts are {@code failing}. */
    public static String of(List<CheckEvidence> failing) {
        Objects.requireNonNull(failing, "failing");
        return hash(String.join("\n", entries(failing)));
    }

    /** The normalised, sorted, de-duplicated {@code context: description} entries the fingerprint hashes. */
    public static List<String> entries(List<CheckEvidence> failing) {
        TreeSet<String> sorted = new TreeSet<>();
        for (CheckEvidence e : failing) {
            if (e != null) {
                sorted.add(normalise(e.context()) + ": " + normalise(e.description()));
            }
        }
        return new ArrayList<>(sorted);
    }

    /** One text with its run-to-run noise collapsed (lower case, placeholders, single spaces, trimmed). */
    public static String normalise(String text) {
        String out = text == null ? "" : text.toLowerCase(Locale.ROOT);
        for (Rule r : RULES) {
            out = r.apply(out);
        }
        return out.strip();
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
