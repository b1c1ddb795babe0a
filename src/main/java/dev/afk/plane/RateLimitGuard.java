package dev.afk.plane;

import dev.afk.adapter.http.GitHubRateLimit;
import dev.afk.core.Config;
import dev.afk.core.DashboardView;
import dev.afk.core.RateReserve;
import dev.afk.core.RepoRef;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitHub rate-limit guard (issue 12, docs/ARCHITECTURE.md §3.1; bound as {@code rateLimitGuard}): while the
 * requests left in GitHub's primary window ({@link GitHubRateLimit}, fed from every reply's {@code x-ratelimit-*}
 * headers) are fewer than {@code AFK_RATELIMIT_RESERVE} ({@link RateReserve}), until the window's reset, the poll tick
 * skips both listings of every repo whose last in-progress listing showed nothing in flight ({@link PollSteps}), and
 * the watch skips the per-run comment read of {@code /afk stop} and the comment relay ({@link WatchSteps}); the
 * reads a decision needs (the record, the fleet, a changed thread, a new SHA, CI and deploy, which GitHub answers
 * with a free 304 while unchanged) go on. Forgejo sends no such headers: the guard never engages there.
 *
 * <p>Derived afresh on every question from the latest headers and the plane's clock; the only memory is which repos
 * had something in flight and when the guard engaged (for the one WARN line, the one INFO line when it is over,
 * and the status view). Metrics: {@code afk.breaker.open{breaker=ratelimit}} and {@code afk.breaker.trips}.
 */
public class RateLimitGuard {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    static final String NAME = "ratelimit";

    private final Config config;
    private final Clock clock;
    private final Supplier<GitHubRateLimit> rateLimit;
    private final Map<RepoRef, Boolean> busy = new ConcurrentHashMap<>();
    private final AtomicLong trips = new AtomicLong();
    private Instant since;

    /** @param rateLimit the headers' bean ({@code githubRateLimit}), looked up when asked; null inside for none */
    public RateLimitGuard(Config config, Clock clock, Supplier<GitHubRateLimit> rateLimit) {
        this.config = config;
        this.clock = clock;
        this.rateLimit = rateLimit;
    }

    /** Whether GitHub's budget is under the reserve now; logs once when that changes. */
    public synchronized boolean low() {
        GitHubRateLimit rl = config.tracker() == Config.Tracker.GITHUB ? rateLimit.get() : null;
        Instant now = clock.instant();
        boolean low = rl != null && config.rateReserve().low(rl.remaining(), rl.limit(), rl.resetEpochSecond(), now);
        if (low && since == null) {
            since = now;
            trips.incrementAndGet();
            LOG.warn("GitHub rate-limit guard on: {}; until then poll ticks skip the listings of repos with nothing "
                    + "in flight and the watch skips the /afk stop and relay comment reads", evidence(rl));
        } else if (!low && since != null) {
            LOG.info("GitHub rate-limit guard off (on since {}): {}", since, rl == null ? "no budget figures"
                    : rl.remaining() + " of " + rl.limit() + " requests left");
            since = null;
        }
        return low;
    }

    private String evidence(GitHubRateLimit rl) {
        RateReserve reserve = config.rateReserve();
        return rl.remaining() + " of " + rl.limit() + " requests left in GitHub's window, under "
                + "AFK_RATELIMIT_RESERVE=" + reserve + " (" + reserve.threshold(rl.limit()) + "), until the reset at "
                + Instant.ofEpochSecond(rl.resetEpochSecond());
    }

    /** The in-progress listing of {@code repo} worked: whether it showed a run (open or closed issue). */
    void listed(RepoRef repo, boolean inFlight) {
        busy.put(repo, inFlight);
    }

    /** The in-progress listing of {@code repo} failed: not known, so it is listed. */
    void unknown(RepoRef repo) {
        busy.remove(repo);
    }

    /** The poll skips {@code repo}'s listings: the budget is low and its last in-progress listing showed no run. */
    boolean skipsListing(RepoRef repo) {
        return Boolean.FALSE.equals(busy.get(repo)) && low();
    }

    /** The status view's and the dashboard's entry. */
    public synchronized DashboardView.Breaker view() {
        boolean open = low();
        GitHubRateLimit rl = open ? rateLimit.get() : null;
        String idle = config.allowlist().stream().filter(r -> Boolean.FALSE.equals(busy.get(r)))
                .map(RepoRef::slug).collect(java.util.stream.Collectors.joining(", "));
        return new DashboardView.Breaker(NAME, open, open ? since : null, open ? evidence(rl)
                + (idle.isEmpty() ? "" : "; the poll does not list (nothing in flight): " + idle) : "",
                open ? "GitHub's window resets at " + Instant.ofEpochSecond(rl.resetEpochSecond()) : "");
    }

    /** Registers {@code afk.breaker.open{breaker=ratelimit}} and {@code afk.breaker.trips{breaker=ratelimit}}. */
    void register(MeterRegistry registry) {
        PlaneMetrics.breakerMeters(registry, NAME, this::low, trips);
    }
}
