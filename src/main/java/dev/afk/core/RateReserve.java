package dev.afk.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code AFK_RATELIMIT_RESERVE} and the rate-limit guard it sets (issue 12, docs/ARCHITECTURE.md §3.1): GitHub's
 * primary budget is "low" while the requests left in the window are fewer than the reserve, until the window's
 * reset. The reserve is a share of the window's limit ({@code 10%}, the default) or a number of requests
 * ({@code 500}).
 *
 * @param percent whether {@code amount} is a percentage of the limit
 * @param amount  the percentage (0–100) or the number of requests (at least 0); 0 turns the guard off
 */
public record RateReserve(boolean percent, long amount) {

    public static final RateReserve DEFAULT = new RateReserve(true, 10);

    public RateReserve {
        if (amount < 0 || (percent && amount > 100)) {
            throw new IllegalArgumentException("reserve out of range: " + amount + (percent ? "%" : ""));
        }
    }

    /**
     * Parses {@code 10%} or {@code 500} (blank: the default). Empty when the text is neither (the caller names the
     * variable).
     */
    public static Optional<RateReserve> parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return Optional.of(DEFAULT);
        }
        boolean pct = s.endsWith("%");
        String digits = (pct ? s.substring(0, s.length() - 1) : s).strip();
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long n = Long.parseLong(digits);
        if (pct && n > 100) {
            return Optional.empty();
        }
        return Optional.of(new RateReserve(pct, n));
    }

    /** The number of requests kept in reserve for a window of {@code limit} (a share rounded up). */
    public long threshold(long limit) {
        if (!percent) {
            return amount;
        }
        long l = Math.max(0, limit);
        return (l * amount + 99) / 100;
    }

    /**
     * Whether the budget is low at {@code now}: the headers were seen ({@code remaining} and {@code limit} not
     * negative), fewer than {@link #threshold} requests are left, and the window's reset ({@code resetEpochSecond},
     * GitHub's epoch seconds; negative when unknown) is still ahead. An unknown reset never holds the guard.
     */
    public boolean low(long remaining, long limit, long resetEpochSecond, Instant now) {
        Objects.requireNonNull(now, "now");
        if (remaining < 0 || limit <= 0 || resetEpochSecond < 0 || amount == 0) {
            return false;
        }
        return remaining < threshold(limit) && now.getEpochSecond() < resetEpochSecond;
    }

    @Override
    public String toString() {
        return amount + (percent ? "%" : "");
    }

    /** The text form, as {@link #parse} reads it. */
    public String wire() {
        return toString().toLowerCase(Locale.ROOT);
    }
}
