package dev.afk.adapter.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's rate limits, obeyed for every call of the GitHub adapter (bound as {@code githubRateHold}, consulted by
 * {@link GitHubHooks} before each request and fed every reply). GitHub's best practices: after a refusal with
 * {@code x-ratelimit-remaining: 0}, send nothing until {@code x-ratelimit-reset}; after a secondary limit (403/429
 * with {@code retry-after}, or the "secondary rate limit" message) wait at least {@code retry-after}, or a minute
 * when it does not say. A reply that used the last request of the window (a 2xx with remaining 0) holds too, so
 * the next call is not the one GitHub refuses.
 *
 * <p>The hold is in-process memory, and {@code now} is always the caller's reading of the plane's clock
 * ({@code afkClock}). It only decides whether to call, so a restart at worst makes one call that GitHub refuses
 * again. It logs one WARN line when a hold starts and one INFO line when it is over, never one per refused call.
 * GitHub's reset is on GitHub's clock: a skewed local clock ends the hold early (one refused call starts the next)
 * or late (by the skew).
 */
public final class GitHubRateHold {

    /** Wait after a secondary limit (or a 429) that does not say how long: GitHub's "at least one minute". */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);
    /** Shortest hold after a refusal, so a reset that already passed on our clock still pauses a moment. */
    public static final Duration MIN_WAIT = Duration.ofSeconds(1);
    /** Longest hold: the primary window is an hour; a garbled header must not stop the adapter for longer. */
    public static final Duration MAX_HOLD = Duration.ofMinutes(61);

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    /** Until when every call waits, and why (for the log lines). */
    public record Hold(Instant until, String why) {

        /** Whole seconds left (rounded up, at least 1): what a refused call reports as its retry-after. */
        public Duration left(Instant now) {
            long millis = Duration.between(now, until).toMillis();
            return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
        }

        /** Milliseconds until the hold is over (at least 1): the delay of an in-call retry. */
        public long delayMillis(Instant now) {
            return Math.max(1, Duration.between(now, until).toMillis() + 1);
        }
    }

    private final AtomicReference<Hold> current = new AtomicReference<>();
    private final AtomicLong refused = new AtomicLong();

    public GitHubRateHold() {}

    /**
     * What one reply says about the next call (pure): the instant before which nothing may be sent, or empty when
     * calls may go on. A refusal (403/429 with {@code retry-after}, {@code x-ratelimit-remaining: 0} or the
     * secondary-limit message; any 429) holds for the later of {@code retry-after} and the reset, at least
     * {@link #MIN_WAIT}, {@link #DEFAULT_WAIT} when neither says; any other reply holds only when it reports
     * remaining 0 with a reset still ahead. Never longer than {@link #MAX_HOLD}; garbled headers count as absent.
     */
    public static Optional<Instant> holdUntil(int status, String retryAfter, String remaining, String reset,
            String body, Instant now) {
        Duration wait = seconds(retryAfter, now);
        boolean exhausted = remaining != null && remaining.strip().equals("0");
        Instant resetAt = exhausted ? epochSecond(reset) : null;
        boolean refusal = status == 429 || (status == 403 && (wait != null || exhausted || secondary(body)));
        Instant until;
        if (refusal) {
            until = now.plus(MIN_WAIT);
            if (wait != null) {
                until = later(until, now.plus(wait));
            }
            if (resetAt != null) {
                until = later(until, resetAt);
            }
            if (wait == null && resetAt == null) {
                until = now.plus(DEFAULT_WAIT);
            }
        } else if (resetAt != null && resetAt.isAfter(now)) {
            until = resetAt;
        } else {
            return Optional.empty();
        }
        Instant cap = now.plus(MAX_HOLD);
        return Optional.of(until.isAfter(cap) ? cap : until);
    }

    /**
     * Takes a reply into account: starts a hold (one WARN line) or lengthens the current one silently. Returns the
     * hold in force when the reply holds the calls, else empty.
     */
    public Optional<Hold> observe(String op, int status, String retryAfter, String remaining, String reset,
            String body, Instant now) {
        Optional<Instant> until = holdUntil(status, retryAfter, remaining, reset, body, now);
        if (until.isEmpty()) {
            return Optional.empty();
        }
        String why = status >= 200 && status < 300 ? op + " used the last request of the window"
                : "HTTP " + status + " on " + op + (body == null || body.isBlank() ? "" : ": " + snippet(body));
        Hold next = new Hold(until.get(), why);
        Hold before = current.getAndUpdate(h -> live(h, now) && !h.until().isBefore(next.until()) ? h : next);
        if (!live(before, now)) {
            refused.set(0);
            LOG.warn("GitHub rate limit: holding every call until {} ({} s), after {}", next.until(),
                    next.left(now).toSeconds(), why);
            return Optional.of(next);
        }
        return Optional.of(before.until().isBefore(next.until()) ? next : before);
    }

    /**
     * The hold in force now, or empty. The first caller to find a hold over clears it and logs (INFO) that calls
     * resume.
     */
    public Optional<Hold> active(Instant now) {
        Hold h = current.get();
        if (h == null) {
            return Optional.empty();
        }
        if (live(h, now)) {
            return Optional.of(h);
        }
        if (current.compareAndSet(h, null)) {
            LOG.info("GitHub rate limit: the hold until {} is over, calls resume ({} refused without a request)",
                    h.until(), refused.get());
        }
        return Optional.empty();
    }

    /** Counts one call refused by the hold (reported when it is over). */
    public void refused() {
        refused.incrementAndGet();
    }

    private static boolean live(Hold h, Instant now) {
        return h != null && now.isBefore(h.until());
    }

    static boolean secondary(String body) {
        if (body == null) {
            return false;
        }
        String text = body.toLowerCase(Locale.ROOT);
        return text.contains("secondary rate limit") || text.contains("abuse-rate-limits");
    }

    /** {@code retry-after} as delta seconds or an HTTP date; null when absent or garbled. */
    static Duration seconds(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Math.min(Long.parseLong(v), MAX_HOLD.toSeconds())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Instant epochSecond(String value) {
        if (value == null) {
            return null;
        }
        try {
            long s = Long.parseLong(value.strip());
            return s < 0 || s > Instant.MAX.getEpochSecond() / 2 ? null : Instant.ofEpochSecond(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String snippet(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}
