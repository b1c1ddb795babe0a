package dev.afk.adapter.http;

import dev.afk.adapter.AdapterFailure;
import dev.afk.wire.GitHubWire;
import dev.afk.wire.HttpCall;
import dev.afk.wire.HttpReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.micrometer.MicrometerComponent;

/**
 * GitHub's quirks in the kernel route (bound as {@code githubHooks}): its API headers, conditional requests from the
 * {@link EtagCache} (a 304 is answered from the cache, free of the primary rate limit), the rate-limit gauge
 * ({@link GitHubRateLimit}) and the rate-limit hold ({@link GitHubRateHold}), and the body as a parsed JSON tree.
 *
 * <p>While the hold is in force a call fails at once as RATE_LIMITED without a request (status 0, counted in
 * {@value #HELD}); a failure during a hold carries the hold's time left as its retry-after, so the one retry rule
 * never redelivers into it, and a rate-limit failure is marked as already reported by the hold's own WARN line.
 */
public class GitHubHooks implements HttpHooks {

    /** Calls refused by the hold without a request. */
    public static final String HELD = "afk.tracker.ratelimit.held";

    private static final String FROM_CACHE = "githubFromCache";

    private EtagCache etags = new EtagCache();
    private GitHubRateLimit rateLimit = new GitHubRateLimit();
    private GitHubRateHold rateHold = new GitHubRateHold();
    private volatile Clock clock;
    private volatile Counter held;

    public GitHubHooks() {}

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
     * Refuses the call while the hold is in force; else adds the API version and user agent, and
     * {@code If-None-Match} to a GET whose URL has a cached 200.
     */
    @Override
    public void request(Exchange exchange) {
        HttpCall call = HttpKernel.call(exchange);
        exchange.setVariable(FROM_CACHE, false);
        Instant now = now(exchange);
        Optional<GitHubRateHold.Hold> hold = rateHold.active(now);
        if (hold.isPresent()) {
            rateHold.refused();
            held(exchange.getContext()).increment();
            throw new AdapterFailure(AdapterFailure.Kind.RATE_LIMITED, GitHubWire.SYSTEM, call.op(), 0,
                    hold.get().left(now), "not sent: GitHub's rate limit holds every call until "
                    + hold.get().until(), null).alreadyReported();
        }
        Message msg = exchange.getMessage();
        msg.setHeader("X-GitHub-Api-Version", "2022-11-28");
        msg.setHeader("User-Agent", "afk-control-plane");
        if ("GET".equals(call.method())) {
            etags.get(call.url()).ifPresent(e -> msg.setHeader("If-None-Match", e.etag()));
        }
    }

    /**
     * Records the rate-limit headers and shows the reply to the hold; a 304 becomes a 200 with the cached body and
     * {@code Link}.
     */
    @Override
    public void reply(Exchange exchange) {
        HttpCall call = HttpKernel.call(exchange);
        HttpReply reply = exchange.getVariable(HttpReply.VARIABLE, HttpReply.class);
        Message msg = exchange.getMessage();
        rateLimit.record(reply, exchange.getContext());
        rateHold.observe(call.op(), reply.status(), reply.header("Retry-After"),
                reply.header("x-ratelimit-remaining"), reply.header("x-ratelimit-reset"), msg.getBody(String.class),
                now(exchange));
        if (reply.status() == 304) {
            etags.get(call.url()).ifPresent(cached -> {
                msg.setBody(cached.body());
                exchange.setVariable(HttpReply.VARIABLE, reply.with(200, "Link", cached.link()));
                exchange.setVariable(FROM_CACHE, true);
            });
        }
    }

    /**
     * A tolerated status answers with a null body; any other answer is remembered with its ETag (a fresh 200 GET)
     * and parsed ({@link GitHubWire#parse}: not JSON is MALFORMED).
     */
    @Override
    public void answer(Exchange exchange) {
        HttpCall call = HttpKernel.call(exchange);
        HttpReply reply = exchange.getVariable(HttpReply.VARIABLE, HttpReply.class);
        Message msg = exchange.getMessage();
        if (call.tolerates(reply.status())) {
            msg.setBody(null);
            return;
        }
        String body = msg.getBody(String.class);
        if ("GET".equals(call.method()) && reply.status() == 200
                && !Boolean.TRUE.equals(exchange.getVariable(FROM_CACHE))) {
            etags.put(call.url(), reply.header("ETag"), body, reply.link());
        }
        msg.setBody(GitHubWire.parse(body, call.op()));
    }

    /**
     * During a hold, a failure reports the hold's time left as its retry-after (on the plane's clock), so the
     * failure, the retry rule and the hold agree; a rate-limit failure is then already reported by the hold.
     */
    @Override
    public void failed(Exchange exchange) {
        AdapterFailure f = exchange.getVariable(HttpKernel.FAILURE, AdapterFailure.class);
        if (f == null || !f.kind().isTransient() || f.status() == 0) {
            return; // not a reply (a refusal of the hold is typed as it should be already)
        }
        Instant now = now(exchange);
        Optional<GitHubRateHold.Hold> hold = rateHold.active(now);
        if (hold.isEmpty()) {
            return;
        }
        AdapterFailure during = f.kind() == AdapterFailure.Kind.RATE_LIMITED
                ? f.waiting(hold.get().left(now), "rate limited; every call held until " + hold.get().until())
                        .alreadyReported()
                : f.waiting(hold.get().left(now), null);
        exchange.setVariable(HttpKernel.FAILURE, during);
    }

    private Counter held(CamelContext context) {
        Counter c = held;
        if (c == null) {
            MeterRegistry registry = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            if (registry == null) {
                registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            }
            if (registry == null) {
                registry = context.getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry();
            }
            // the tags PlaneMetrics registers it with at start (camel-micrometer's producers add camelContext)
            held = c = Counter.builder(HELD).tags("camelContext", context.getName(), "tracker", "github")
                    .register(registry);
        }
        return c;
    }

    private Instant now(Exchange exchange) {
        Clock c = clock;
        if (c == null) {
            c = exchange.getContext().getRegistry().lookupByNameAndType("afkClock", Clock.class);
            clock = c = c == null ? Clock.systemUTC() : c;
        }
        return c.instant();
    }
}
