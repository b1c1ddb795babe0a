package dev.afk.wire;

import dev.afk.adapter.AdapterFailure;
import dev.afk.plane.EtagCache;
import dev.afk.plane.HttpReplies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ResolveEndpointFailedException;

/**
 * The Camel-side glue of the {@code github-call} route (bound as {@code githubCalls}): conditional requests from the
 * {@link EtagCache}, rate-limit bookkeeping, tolerated statuses, and turning transport errors into
 * {@link AdapterFailure}s. The request itself comes from the exchange variable {@code ghRequest}.
 *
 * <p>Every call first asks the {@link GitHubRateHold}: while GitHub's rate limit holds, the call fails at once as
 * RATE_LIMITED without a request (exchange variable {@code ghHeld} = true), and every reply is shown to it.
 */
public final class GitHubCalls {

    /** Longest Retry-After that is waited out inside a call; a longer one fails fast so the tick can move on. */
    public static final Duration MAX_IN_CALL_WAIT = Duration.ofSeconds(5);

    private EtagCache etags = new EtagCache();
    private GitHubRateLimit rateLimit = new GitHubRateLimit();
    private GitHubRateHold rateHold = new GitHubRateHold();
    private volatile Clock clock;

    public GitHubCalls() {}

    public void setEtags(EtagCache etags) {
        this.etags = etags;
    }

    public void setRateLimit(GitHubRateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    public void setRateHold(GitHubRateHold rateHold) {
        this.rateHold = rateHold;
    }

    /**
     * Before any request: while a rate-limit hold is in force, fails the call as RATE_LIMITED (status 0: nothing
     * was sent) with the seconds left as its retry-after. {@link #retryable} never retries it in-call.
     */
    public void hold(Exchange exchange) {
        exchange.setVariable("ghHeld", false);
        Instant now = now(exchange);
        Optional<GitHubRateHold.Hold> hold = rateHold.active(now);
        if (hold.isEmpty()) {
            return;
        }
        exchange.setVariable("ghHeld", true);
        rateHold.refused();
        throw new AdapterFailure(AdapterFailure.Kind.RATE_LIMITED, GitHubWire.SYSTEM, request(exchange).op(), 0,
                hold.get().left(now), "not sent: GitHub's rate limit holds every call until " + hold.get().until(),
                null);
    }

    /** Whether the failure in {@code ghFailure} gets the call route's own WARN line (a rate-limit hold has its own). */
    public boolean logFailure(Exchange exchange) {
        return !(exchange.getVariable("ghFailure") instanceof AdapterFailure f
                && f.kind() == AdapterFailure.Kind.RATE_LIMITED && rateHold.active(now(exchange)).isPresent());
    }

    public EtagCache etags() {
        return etags;
    }

    /** Adds {@code If-None-Match} to a GET whose URL has a cached 200. */
    public void conditional(Exchange exchange) {
        GitHubRequest request = request(exchange);
        if ("GET".equals(request.method())) {
            etags.get(request.url()).ifPresent(e -> exchange.getMessage().setHeader("If-None-Match", e.etag()));
        }
    }

    /**
     * After the reply: records the rate-limit headers and shows them to the {@link GitHubRateHold}, answers a 304
     * from the cache (as a 200 with the cached body and Link), stores the status in {@code ghStatus}, and passes
     * the time until a hold is over, or a short Retry-After, to the redelivery as its delay
     * ({@code CamelRedeliveryDelay}).
     */
    public void reply(Exchange exchange) {
        Message msg = exchange.getMessage();
        rateLimit.record(msg);
        GitHubRequest request = request(exchange);
        int status = status(msg);
        Instant now = now(exchange);
        Optional<GitHubRateHold.Hold> hold = rateHold.observe(request.op(), status, header(msg, "Retry-After"),
                header(msg, "x-ratelimit-remaining"), header(msg, "x-ratelimit-reset"), msg.getBody(String.class),
                now);
        if (status == 304) {
            EtagCache.Entry cached = etags.get(request.url()).orElse(null);
            if (cached != null) {
                msg.setBody(cached.body());
                msg.setHeader("Link", cached.link());
                msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                exchange.setVariable("ghFromCache", true);
                status = 200;
            }
        }
        exchange.setVariable("ghStatus", status);
        Object retryAfter = msg.getHeader("Retry-After");
        if (hold.isPresent()) {
            long delay = hold.get().delayMillis(now);
            if (delay <= MAX_IN_CALL_WAIT.toMillis()) {
                msg.setHeader(Exchange.REDELIVERY_DELAY, delay); // a longer hold is not retried in-call at all
            }
        } else if (retryAfter != null) {
            Duration wait = parseSeconds(retryAfter.toString());
            if (wait != null && wait.compareTo(MAX_IN_CALL_WAIT) <= 0) {
                msg.setHeader(Exchange.REDELIVERY_DELAY, Math.max(1, wait.toMillis()));
            }
        }
    }

    /** A status the request treats as an answer (404 on a label removal, 404/422 on a commit lookup). */
    public boolean tolerated(Exchange exchange) {
        return request(exchange).tolerates(status(exchange.getMessage()));
    }

    /** Remembers a fresh 200 GET with its ETag for the next conditional request. */
    public void remember(Exchange exchange) {
        GitHubRequest request = request(exchange);
        Message msg = exchange.getMessage();
        if ("GET".equals(request.method()) && status(msg) == 200 && !Boolean.TRUE.equals(exchange.getVariable("ghFromCache"))) {
            Object etag = msg.getHeader("ETag");
            Object link = msg.getHeader("Link");
            etags.put(request.url(), etag == null ? null : etag.toString(), msg.getBody(String.class),
                    link == null ? null : link.toString());
        }
    }

    /**
     * The exception caught in the call route as a typed {@link AdapterFailure}: one already typed (a non-2xx reply,
     * a malformed body) as it is, an unreadable token file as AUTH, transport and parse errors via
     * {@link HttpReplies#wrap}.
     */
    public AdapterFailure failure(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String op = request(exchange).op();
        if (caught == null) {
            return new AdapterFailure(AdapterFailure.Kind.MALFORMED, GitHubWire.SYSTEM, op, 0, null,
                    "the call failed without an exception", null);
        }
        for (Throwable t = caught; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AdapterFailure typed) {
                return held(typed, now(exchange));
            }
            if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith("AFK_TRACKER_TOKEN_FILE")) {
                // TokenFileAuth could not read the token: a credential problem, named by its variable
                return new AdapterFailure(AdapterFailure.Kind.AUTH, GitHubWire.SYSTEM, op, 0, null, t.getMessage(),
                        null);
            }
        }
        if (caught instanceof ResolveEndpointFailedException) {
            // only the tracker URL is resolved per call: it is missing or not a URL
            return new AdapterFailure(AdapterFailure.Kind.BAD_REQUEST, GitHubWire.SYSTEM, op, 0, null,
                    "AFK_TRACKER_URL is not set or not an http(s) URL", null);
        }
        return HttpReplies.wrap(caught, GitHubWire.SYSTEM, op);
    }

    /**
     * A rate-limited reply that started (or lengthened) a hold reports the hold's time left as its retry-after, on
     * the plane's clock, so the failure, the in-call retry decision and the hold agree (HttpReplies reads the wall
     * clock and only the retry-after or the reset, not both).
     */
    private AdapterFailure held(AdapterFailure typed, Instant now) {
        if (typed.kind() != AdapterFailure.Kind.RATE_LIMITED || typed.status() == 0) {
            return typed;
        }
        Optional<GitHubRateHold.Hold> hold = rateHold.active(now);
        if (hold.isEmpty()) {
            return typed;
        }
        return new AdapterFailure(typed.kind(), typed.system(), typed.operation(), typed.status(),
                hold.get().left(now),
                "rate limited; every call held until " + hold.get().until(), typed);
    }

    /** Throws the failure {@link #failure} computed (variable {@code ghFailure}). */
    public void rethrow(Exchange exchange) {
        Object failure = exchange.getVariable("ghFailure");
        if (failure instanceof AdapterFailure typed) {
            throw typed;
        }
        throw failure(exchange);
    }

    /**
     * Whether the failure of an in-call attempt is worth an immediate, bounded retry: a transient kind, an
     * idempotent request, and no Retry-After longer than {@link #MAX_IN_CALL_WAIT}. For a rate-limited reply that
     * is the time left of the hold it set (see {@link #failure}), so a reset beyond that wait is not redelivered, and
     * a shorter one is redelivered once it is over ({@link #reply} sets the delay). No failure is retried while a
     * hold lasts longer than that wait (a 5xx that reported remaining 0, say), and a call the hold refused is never
     * retried in-call: it fails fast and a later tick calls again.
     */
    public boolean retryable(Exchange exchange) {
        Throwable t = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (!(t instanceof AdapterFailure failure) || !failure.kind().isTransient()) {
            return false;
        }
        Object request = exchange.getVariable("ghRequest");
        if (!(request instanceof GitHubRequest r) || !r.idempotent()
                || Boolean.TRUE.equals(exchange.getVariable("ghHeld"))) {
            return false;
        }
        Instant now = now(exchange);
        Optional<GitHubRateHold.Hold> hold = rateHold.active(now);
        if (hold.isPresent() && hold.get().left(now).compareTo(MAX_IN_CALL_WAIT) > 0) {
            return false;
        }
        return failure.retryAfter() == null || failure.retryAfter().compareTo(MAX_IN_CALL_WAIT) <= 0;
    }

    /**
     * The plane's clock (bean {@code afkClock}, bound by AfkConfiguration after the YAML beans are made, hence
     * looked up on first use), UTC when there is none.
     */
    private Instant now(Exchange exchange) {
        Clock c = clock;
        if (c == null) {
            c = exchange.getContext().getRegistry().lookupByNameAndType("afkClock", Clock.class);
            clock = c = c == null ? Clock.systemUTC() : c;
        }
        return c.instant();
    }

    private static String header(Message msg, String name) {
        Object v = msg.getHeader(name);
        return v == null ? null : v.toString();
    }

    private static GitHubRequest request(Exchange exchange) {
        Object r = exchange.getVariable("ghRequest");
        if (!(r instanceof GitHubRequest request)) {
            throw new IllegalStateException("github-call needs the variable ghRequest");
        }
        return request;
    }

    private static int status(Message msg) {
        Integer code = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return code == null ? 0 : code;
    }

    private static Duration parseSeconds(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return null; // an HTTP date is left to HttpReplies; it is rarely short enough to wait in-call
        }
    }
}
