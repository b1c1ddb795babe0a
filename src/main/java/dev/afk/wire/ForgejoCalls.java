package dev.afk.wire;

import dev.afk.adapter.AdapterFailure;
import dev.afk.plane.HttpReplies;
import java.time.Duration;
import org.apache.camel.Exchange;

/**
 * The exchange-facing helpers of the {@code forgejo-call} route and its retry policy. Bound as {@code forgejoCalls}.
 */
public final class ForgejoCalls {

    /** The exchange variable holding the {@link ForgejoCall} being made. */
    public static final String CALL = "forgejoCall";
    /** A Retry-After longer than this fails fast, so a tick skips the issue instead of blocking (adapters.md). */
    static final Duration MAX_INLINE_WAIT = Duration.ofSeconds(5);

    public ForgejoCalls() {}

    /**
     * Whether the failure on this exchange may be retried inside the call: only an idempotent call, and only a
     * transient kind (5xx, timeout, or a rate limit asking for at most 5 s). For a rate limit, the server's wait
     * replaces the back-off through Camel's {@code CamelRedeliveryDelay} header.
     */
    public static boolean retryable(Exchange exchange) {
        Throwable t = exchange.getException();
        if (t == null) {
            t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        ForgejoCall call = exchange.getVariable(CALL, ForgejoCall.class);
        boolean retry = t instanceof AdapterFailure f && call != null && retryable(f, call);
        if (retry && ((AdapterFailure) t).kind() == AdapterFailure.Kind.RATE_LIMITED) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, ((AdapterFailure) t).retryAfter().toMillis());
        } else {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY); // back to the exponential back-off
        }
        return retry;
    }

    static boolean retryable(AdapterFailure f, ForgejoCall call) {
        if (!call.idempotent()) {
            return false;
        }
        return switch (f.kind()) {
            case SERVER, TIMEOUT -> true;
            case RATE_LIMITED -> f.retryAfter() != null && f.retryAfter().compareTo(MAX_INLINE_WAIT) <= 0;
            default -> false;
        };
    }

    /**
     * Rethrows what the HTTP step threw as a typed failure of the current call: a token file that cannot be read is
     * AUTH (it surfaces from inside the HTTP client, naming the variable); anything else is a transport failure
     * (timeout, refused, reset).
     */
    public static void fail(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = exchange.getException();
        }
        String op = op(exchange);
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IllegalStateException && c.getMessage() != null
                    && c.getMessage().startsWith(CREDENTIAL)) {
                throw new AdapterFailure(AdapterFailure.Kind.AUTH, ForgejoWire.SYSTEM, op, 0, null, c.getMessage(),
                        null);
            }
        }
        throw HttpReplies.wrap(t == null ? new IllegalStateException("no reply") : t, ForgejoWire.SYSTEM, op);
    }

    /** {@code direct:forgejo-call} when {@code AFK_TRACKER_URL} is empty: a disarmed plane never gets here. */
    public static void unconfigured(Exchange exchange) {
        throw new AdapterFailure(AdapterFailure.Kind.BAD_REQUEST, ForgejoWire.SYSTEM, op(exchange), 0, null,
                "AFK_TRACKER_URL is not set: the Forgejo adapter has no server to call", null);
    }

    static final String CREDENTIAL = "AFK_TRACKER_TOKEN_FILE";

    private static String op(Exchange exchange) {
        ForgejoCall call = exchange.getVariable(CALL, ForgejoCall.class);
        return call == null ? "call" : call.op();
    }
}
