package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.afk.plane.TickGate;
import dev.afk.sim.WebhookSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.spi.InflightRepository;

/**
 * The end-to-end support of the webhook tests (issue 13): a plane whose receiver listens on its own loopback port
 * with a secret file, the simulated tracker's {@link WebhookSender} pointed at it, the meters the kicks count on,
 * and the ways to wait for an asynchronous kick to be over without sleeping.
 *
 * <p>The crons stay in 2099 ({@link Plane}): every tick that runs is a kicked one, unless the test runs
 * {@link #periodicPoll()}, which takes the poll tick's permit exactly as the Quartz trigger does
 * (routes/poll.camel.yaml), so a kick waits for it as it would for a scheduled tick.
 */
abstract class WebhookE2eSupport extends E2eSupport {

    static final String SECRET = "s3cret";
    /** The issue's "within 2 s of the delivery" (Must show), on this machine. */
    static final Duration WITHIN = Duration.ofSeconds(2);
    /** The kick routes: their ids are those of routes/kick.camel.yaml. */
    static final List<String> KICK_ROUTES = List.of("afk-kick-poll", "afk-kick-watch");

    int hookPort;
    WebhookSender sender;

    /**
     * Starts the plane with the webhook receiver on a free loopback port, the secret in a file and the shipped
     * coalescing window ({@code AFK_WEBHOOK_COALESCE_MS} unset: 250 ms), and points the tracker's webhook at it.
     * Inflight browsing is on so a test can see where a kick waits ({@link #kickWaitsForThePermit}).
     */
    WebhookSender startWithWebhooks(String allowlist, Map<String, String> extra) throws Exception {
        Path secret = secrets.resolve("webhook-secret");
        Files.writeString(secret, SECRET + "\n");
        hookPort = Plane.freePort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("afk.webhook-port", Integer.toString(hookPort));
        p.put("afk.webhook-host", "127.0.0.1");
        p.put("afk.webhook-secret-file", secret.toString());
        p.put("camel.main.inflightRepositoryBrowseEnabled", "true");
        p.putAll(extra);
        startPlane(allowlist, p);
        sender = sandbox.webhooks(hookUrl(), SECRET);
        return sender;
    }

    WebhookSender startWithWebhooks(String allowlist) throws Exception {
        return startWithWebhooks(allowlist, Map.of());
    }

    String hookUrl() {
        return "http://127.0.0.1:" + hookPort + "/hooks/" + tracker();
    }

    /**
     * The body of an {@code issue_comment created} delivery by a person on issue {@code number} of
     * {@code acme/widgets}, as both trackers shape it (the fields AFK reads: action, issue.number, repository).
     */
    static String commentCreated(int number, long commentId, String text) {
        return "{\"action\":\"created\",\"issue\":{\"number\":" + number + ",\"state\":\"open\"},"
                + "\"comment\":{\"id\":" + commentId + ",\"body\":\"" + text + "\",\"user\":{\"login\":\""
                + dev.afk.sim.Sandbox.MAINTAINER + "\"}},\"repository\":{\"full_name\":\"acme/widgets\","
                + "\"name\":\"widgets\",\"owner\":{\"login\":\"acme\"}},\"sender\":{\"login\":\""
                + dev.afk.sim.Sandbox.MAINTAINER + "\"}}";
    }

    /** A periodic poll tick: the permit the Quartz trigger takes, then the tick, then the permit back. */
    void periodicPoll() {
        TickGate gate = plane.context().getRegistry().lookupByNameAndType("tickGate", TickGate.class);
        assertThat(gate.enter("poll")).as("the poll tick's permit is free for the periodic tick").isTrue();
        try {
            plane.poll();
        } finally {
            gate.exit("poll");
        }
    }

    /** The registry the routes' micrometer counters land on (the one bound as {@code metricsRegistry}). */
    MeterRegistry meters() {
        MeterRegistry r = plane.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return r != null ? r : plane.context().getRegistry().findSingleByType(MeterRegistry.class);
    }

    /** {@code afk.webhook.kicks{tick}}: kicked ticks that ran. */
    double kicks(String tick) {
        return count("afk.webhook.kicks", "tick", tick);
    }

    /** {@code afk.ticks{tick}}: ticks the gate let run, periodic or kicked. */
    double ticks(String tick) {
        return count("afk.ticks", "tick", tick);
    }

    /** {@code afk.webhook.deliveries{dialect,outcome}} of this test's tracker. */
    double deliveries(String outcome) {
        Counter c = meters().find("afk.webhook.deliveries").tag("dialect", tracker()).tag("outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    private double count(String name, String tag, String value) {
        Counter c = meters().find(name).tag(tag, value).counter();
        assertThat(c).as("%s{%s=%s} is registered", name, tag, value).isNotNull();
        return c.count();
    }

    /** Exchanges of the route now being processed (not waiting in its seda queue). */
    int inflight(String routeId) {
        return plane.context().getInflightRepository().size(routeId);
    }

    /** Kicks queued and not yet taken by the kick route. */
    int queued(String routeId) {
        return plane.context().getEndpoints().stream()
                .filter(e -> e instanceof SedaEndpoint s && s.getEndpointUri().contains(routeId))
                .mapToInt(e -> ((SedaEndpoint) e).getCurrentQueueSize()).max().orElse(0);
    }

    /** True while a kick of {@code routeId} has passed its coalescing delay and waits for the tick's permit. */
    boolean kickWaitsForThePermit(String routeId) {
        return plane.context().getInflightRepository().browse(routeId).stream()
                .map(InflightRepository.InflightExchange::getNodeId)
                .anyMatch((routeId + "-wait")::equals);
    }

    /**
     * Waits until the webhooks are quiet: every delivery answered, no kick queued or running, and no delivery
     * added meanwhile (a kicked tick's own writes are deliveries too, which kick again).
     */
    void settle() {
        int seen = -1;
        for (int round = 0; round < 20; round++) {
            sender.flush();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(
                    () -> KICK_ROUTES.stream().allMatch(r -> inflight(r) == 0 && queued(r) == 0));
            sender.flush();
            int now = sender.deliveries().size();
            if (now == seen && KICK_ROUTES.stream().allMatch(r -> inflight(r) == 0 && queued(r) == 0)) {
                return;
            }
            seen = now;
        }
        throw new AssertionError("the webhooks did not settle: " + sender.deliveries().size() + " deliveries");
    }

    /**
     * Waits (Awaitility, 10 ms polls) until {@code done} holds and returns {@link System#nanoTime()} right after,
     * the moment the effect was seen (at most one poll interval late).
     */
    static long seenAt(String what, BooleanSupplier done) {
        await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(done::getAsBoolean);
        return System.nanoTime();
    }

    /** How many deliveries were made so far (all of them answered): a mark for {@link #firstSince}. */
    int mark() {
        sender.flush();
        return sender.deliveries().size();
    }

    /** The first delivery made after {@code mark} that matches {@code which}, once every delivery is answered. */
    WebhookSender.Delivery firstSince(int mark, Predicate<WebhookSender.Delivery> which) {
        sender.flush();
        List<WebhookSender.Delivery> all = sender.deliveries();
        return all.subList(Math.min(mark, all.size()), all.size()).stream().filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("no matching delivery after #" + mark + " of " + all));
    }

    /** Asserts {@code d} was answered with 202 and the effect seen at {@code seenNanos} came within 2 s of it. */
    static void assertWithin2s(String what, WebhookSender.Delivery d, long seenNanos) {
        assertThat(d.status()).as("the %s delivery %s was taken (202)", d.event(), d.id()).isEqualTo(202);
        Duration took = Duration.ofNanos(seenNanos - d.answeredNanos());
        assertThat(took).as("%s was seen after the %s delivery was answered (it is what caused it)", what, d.event())
                .isPositive();
        assertThat(took).as("%s: %d ms after the %s %s delivery was answered (the issue asks < 2 s)", what,
                took.toMillis(), d.event(), d.action() == null ? "" : d.action()).isLessThan(WITHIN);
    }
}
