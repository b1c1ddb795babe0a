package dev.afk.wire;

import dev.afk.adapter.AdapterFailure;
import java.time.Duration;

/**
 * The one retry rule of every adapter call (pure): what the {@code adapter-retry} route configuration of
 * {@code routes/http-call.camel.yaml} redelivers, and after how long.
 */
public final class Retries {

    /**
     * The longest wait a call sits out in-call: a longer Retry-After (or GitHub rate-limit hold) fails the call at
     * once, so the tick moves on and a later tick calls again.
     */
    public static final Duration MAX_INLINE_WAIT = Duration.ofSeconds(5);

    private Retries() {}

    /**
     * Whether {@code failure} of {@code call} is worth one more bounded try now: only a call that is safe to repeat,
     * only a transient kind (SERVER, TIMEOUT, RATE_LIMITED), and never with a wait beyond {@link #MAX_INLINE_WAIT}.
     * A rate limit is retried only when the server said how long (it always does after classification) and only
     * when something was sent: status 0 is a rate limit the plane itself holds (GitHub's hold), which a later tick
     * retries.
     */
    public static boolean retryable(AdapterFailure failure, HttpCall call) {
        return retryable(failure, call, false);
    }

    /**
     * {@link #retryable(AdapterFailure, HttpCall)}, and never while the plane is {@code stopping}: a shutdown does
     * not wait out a back-off for a call the next start makes again (every tick is finished by the next one).
     */
    public static boolean retryable(AdapterFailure failure, HttpCall call, boolean stopping) {
        if (stopping || failure == null || call == null || !call.repeatable() || !failure.kind().isTransient()) {
            return false;
        }
        Duration wait = failure.retryAfter();
        if (failure.kind() == AdapterFailure.Kind.RATE_LIMITED && (wait == null || failure.status() == 0)) {
            return false;
        }
        return wait == null || wait.compareTo(MAX_INLINE_WAIT) <= 0;
    }

    /**
     * The delay before the redelivery of a retryable failure, in milliseconds: the server's Retry-After (or the
     * hold's time left), at least 1; null when the failure names no wait, so the exponential back-off applies.
     */
    public static Long delayMillis(AdapterFailure failure) {
        return failure == null || failure.retryAfter() == null ? null : Math.max(1, failure.retryAfter().toMillis());
    }
}
