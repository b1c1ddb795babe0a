package dev.afk.plane;

import dev.afk.core.Config;
import dev.afk.core.WebhookDelivery;
import dev.afk.core.WebhookDialect;
import dev.afk.core.WebhookOutcome;
import dev.afk.core.WebhookPolicy;
import dev.afk.core.WebhookSettings;
import dev.afk.core.WebhookVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the webhook receiver (routes/webhook.camel.yaml, issue 13) that are not I/O: read the secret (again for
 * every delivery), let {@link WebhookPolicy} judge the delivery, drop a delivery id already kicked (a bounded
 * idempotent repository), and say what the route does with it: kick the ticks here (the leader, or a single
 * replica), forward it to the peers (a follower), or only answer.
 *
 * <p>A delivery never decides anything: a kick only makes the ticks run now; they re-read the tracker and the pure
 * cores decide as in any tick. So a duplicate kick is harmless, and a lost one is the next periodic tick's.
 */
public class WebhookSteps {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    /** Sent by a follower with a delivery it forwards; a follower that gets one never forwards it again. */
    public static final String FORWARDED_HEADER = "X-AFK-Forwarded";

    /** How many kicked delivery ids are remembered (a redelivery is usually minutes later, a replay any time). */
    static final int SEEN_IDS = 10_000;

    /** What the route does with a delivery; a JavaBean so the route's choice can read {@code action}. */
    public static final class Receipt {
        private final WebhookDialect dialect;
        private final WebhookVerdict verdict;
        private final String action;
        private final WebhookDelivery delivery;

        Receipt(WebhookDialect dialect, WebhookVerdict verdict, String action, WebhookDelivery delivery) {
            this.dialect = dialect;
            this.verdict = verdict;
            this.action = action;
            this.delivery = delivery;
        }

        /** {@code KICK} (run the ticks here), {@code FORWARD} (a follower: to the peers) or {@code ANSWER}. */
        public String getAction() {
            return action;
        }

        public WebhookVerdict getVerdict() {
            return verdict;
        }

        public int getStatus() {
            return verdict.getStatus();
        }

        public boolean isPoll() {
            return verdict.isPoll();
        }

        public boolean isWatch() {
            return verdict.isWatch();
        }

        public String getDialect() {
            return dialect.wire();
        }

        /** The headers a forward carries: the tracker's own three, so the leader verifies the same signature. */
        public Map<String, String> getForwardHeaders() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put(dialect.signatureHeader(), delivery.signature());
            h.put(dialect.deliveryHeader(), delivery.deliveryId());
            h.put(dialect.eventHeader(), delivery.event());
            return h;
        }
    }

    /** The actions of {@link Receipt#getAction()} (WebhookRouteActionsTest checks the route has a branch for each). */
    public static final List<String> ACTIONS = List.of("KICK", "FORWARD", "ANSWER");

    private final Config config;
    private final WebhookSettings settings;
    private final BooleanSupplier leader;
    private final OnceLog onceLog;
    private final MemoryIdempotentRepository seen = (MemoryIdempotentRepository)
            MemoryIdempotentRepository.memoryIdempotentRepository(SEEN_IDS);
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private final java.time.Clock clock;
    private final String ownLogin;
    private final Map<String, Long> counts = new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile Map<String, Object> lastDelivery;

    /**
     * @param leader whether this replica is the leader (always true without {@code AFK_CLUSTER})
     * @param ownLogin {@code AFK_TRACKER_LOGIN}: a delivery reporting AFK's own change kicks nothing
     */
    public WebhookSteps(Config config, WebhookSettings settings, BooleanSupplier leader, OnceLog onceLog,
            java.time.Clock clock, String ownLogin) {
        this.ownLogin = ownLogin;
        this.clock = clock;
        this.config = config;
        this.settings = settings;
        this.leader = leader;
        this.onceLog = onceLog;
    }

    /**
     * Registers {@code afk.webhook.deliveries{dialect,outcome}} and {@code afk.webhook.kicks{tick}} at 0; the kick
     * routes increment the latter through {@code micrometer:counter:}, which adds the {@code camelContext} tag
     * (PlaneMetrics), so it is registered with that tag.
     */
    public void register(MeterRegistry r, String camelContextName) {
        if (r == null) {
            return;
        }
        registry = r;
        for (WebhookDialect d : WebhookDialect.values()) {
            for (WebhookOutcome o : WebhookOutcome.values()) {
                meter(d, o);
            }
        }
        for (String tick : PlaneMetrics.TICKS) {
            Counter.builder("afk.webhook.kicks").description("Ticks a webhook delivery kicked (after its burst was "
                    + "coalesced), by tick").tag("camelContext", camelContextName).tag("tick", tick).register(r);
        }
    }

    /**
     * Judges one delivery. {@code headers} are the request's (case-insensitive in Camel); {@code body} the raw bytes.
     */
    public Receipt receive(String dialectName, byte[] body, Map<String, Object> headers) {
        WebhookDialect dialect = WebhookDialect.valueOf(dialectName.toUpperCase(Locale.ROOT));
        WebhookDelivery delivery = new WebhookDelivery(dialect, text(headers, dialect.eventHeader()),
                text(headers, dialect.deliveryHeader()), text(headers, dialect.signatureHeader()), body);
        WebhookVerdict verdict = WebhookPolicy.judge(delivery, secret(), settings.maxBytes(), config.allowlist(),
                ownLogin);
        String action = "ANSWER";
        if (verdict.outcome() == WebhookOutcome.KICK) {
            if (!leader.getAsBoolean()) {
                if (text(headers, FORWARDED_HEADER) != null) {
                    verdict = verdict.as(WebhookOutcome.NOT_LEADER, "forwarded to a replica that is not the leader");
                } else {
                    action = "FORWARD";
                }
            } else if (delivery.deliveryId() != null && !seen.add(dialect.wire() + ":" + delivery.deliveryId())) {
                verdict = verdict.as(WebhookOutcome.DUPLICATE, "delivery " + delivery.deliveryId()
                        + " was already kicked");
            } else {
                action = "KICK";
            }
        }
        if (!"FORWARD".equals(action)) {
            settled(dialect, verdict);
        }
        return new Receipt(dialect, verdict, action, delivery);
    }

    /**
     * The peers a follower forwards to: {@code AFK_WEBHOOK_PEERS}, a {@code dns:<host>:<port>} entry resolved now
     * to every address of the name (a headless Service lists every ready replica).
     */
    public List<String> peers() {
        List<String> out = new ArrayList<>();
        for (String p : settings.peers()) {
            if (!p.startsWith("dns:")) {
                out.add(p);
                continue;
            }
            int colon = p.lastIndexOf(':');
            String host = p.substring("dns:".length(), colon);
            String port = p.substring(colon + 1);
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    String address = a.getHostAddress();
                    out.add("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port);
                }
            } catch (UnknownHostException e) {
                onceLog.warn("webhook-peers:" + p, "unresolved", "webhook peers " + p + " cannot be resolved ("
                        + e.getMessage() + "); no delivery can be forwarded through it");
            }
        }
        return out;
    }

    /** Makes the message the forward of {@code r}: the raw bytes, the tracker's three headers, the forward mark. */
    public void forwardRequest(Receipt r, byte[] raw, org.apache.camel.Message message) {
        message.getHeaders().clear();
        r.getForwardHeaders().forEach((k, v) -> {
            if (v != null) {
                message.setHeader(k, v);
            }
        });
        message.setHeader(FORWARDED_HEADER, "true");
        message.setHeader(org.apache.camel.Exchange.HTTP_METHOD, "POST");
        message.setHeader(org.apache.camel.Exchange.CONTENT_TYPE, "application/json");
        message.setBody(raw);
    }

    /** The peer, when it took the forward (202); null otherwise (a follower answers 421). */
    public String taken(String peer, Integer status) {
        return status != null && status == 202 ? peer : null;
    }

    /** A peer that could not be reached: logged once while it lasts; it took nothing. */
    public String unreachable(String peer, Exception e) {
        onceLog.warn("webhook-peer:" + peer, "unreachable", "webhook peer " + peer + " could not be reached ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        return null;
    }

    /** After the forward: {@code taken} holds, per peer, the peer when it took it (answered 202). */
    public Receipt forwarded(Receipt r, List<?> taken) {
        String to = taken == null ? null : taken.stream().filter(java.util.Objects::nonNull).map(Object::toString)
                .findFirst().orElse(null);
        WebhookVerdict v = to == null
                ? r.verdict.as(WebhookOutcome.NO_LEADER, "this replica is not the leader and no peer in "
                        + "AFK_WEBHOOK_PEERS took the delivery; the leader's next periodic tick covers it")
                : r.verdict.as(WebhookOutcome.FORWARDED, "forwarded to the leader at " + to);
        settled(r.dialect, v);
        return new Receipt(r.dialect, v, "ANSWER", r.delivery);
    }

    /** The reply body: the outcome, why, and what the delivery named (never its text). */
    public Map<String, Object> answer(Receipt r) {
        WebhookVerdict v = r.verdict;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", v.outcome().wire());
        out.put("delivery", v.deliveryId());
        if (v.repo() != null) {
            out.put("repo", v.repo().slug());
        }
        if (v.issue() > 0) {
            out.put("issue", v.issue());
        }
        if (v.outcome() == WebhookOutcome.KICK) {
            List<String> ticks = new ArrayList<>();
            if (v.isPoll()) {
                ticks.add("poll");
            }
            if (v.isWatch()) {
                ticks.add("watch");
            }
            out.put("kicks", ticks);
        }
        if (!v.why().isEmpty()) {
            out.put("why", v.why());
        }
        return out;
    }

    /**
     * The receiver in the status view: on or off, its port, the deliveries since start by outcome, and the last one
     * (when, which dialect, delivery id, event, outcome, the repository it named).
     */
    public Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", settings.enabled());
        if (settings.enabled()) {
            out.put("port", settings.port());
            out.put("peers", settings.peers());
            out.put("deliveries", new java.util.TreeMap<>(counts));
            out.put("lastDelivery", lastDelivery);
        }
        return out;
    }

    private void settled(WebhookDialect dialect, WebhookVerdict v) {
        counter(dialect, v.outcome());
        counts.merge(v.outcome().wire(), 1L, Long::sum);
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("at", clock.instant().toString());
        last.put("dialect", dialect.wire());
        last.put("delivery", v.deliveryId());
        last.put("event", v.event());
        last.put("outcome", v.outcome().wire());
        last.put("repo", v.repo() == null ? null : v.repo().slug() + (v.issue() > 0 ? "#" + v.issue() : ""));
        lastDelivery = last;
        String named = (v.repo() == null ? "" : " repo=" + v.repo().slug() + (v.issue() > 0 ? "#" + v.issue() : ""));
        String line = "webhook " + dialect.wire() + " delivery=" + v.deliveryId() + " event=" + v.event() + named
                + ": " + v.outcome().wire() + (v.outcome() == WebhookOutcome.KICK
                        ? " " + (v.isPoll() ? "poll" : "") + (v.isPoll() && v.isWatch() ? "+" : "")
                        + (v.isWatch() ? "watch" : "")
                        : v.why().isEmpty() ? "" : " (" + v.why() + ")");
        if (v.outcome() == WebhookOutcome.NOT_LEADER) {
            // A follower forwards to every peer, itself included: its own 421 is expected, not a problem.
            LOG.debug(line);
        } else if (v.getStatus() >= 400) {
            // One WARN while the same refusal repeats (a misconfigured secret refuses every delivery), DEBUG after.
            onceLog.warn("webhook:" + dialect.wire() + ":refused", v.outcome().wire(), line);
        } else {
            onceLog.forget("webhook:" + dialect.wire() + ":refused");
            LOG.info(line);
        }
    }

    private void counter(WebhookDialect d, WebhookOutcome o) {
        Counter c = meter(d, o);
        if (c != null) {
            c.increment();
        }
    }

    private Counter meter(WebhookDialect d, WebhookOutcome o) {
        MeterRegistry r = registry;
        if (r == null) {
            return null;
        }
        return deliveries.computeIfAbsent(d.wire() + "/" + o.wire(), k -> Counter.builder("afk.webhook.deliveries")
                .description("Webhook deliveries by dialect and outcome (kick, ignored, foreign, duplicate, forwarded:"
                        + " acknowledged; unsigned, missigned, oversized, malformed, no-secret, no-leader, not-leader:"
                        + " refused)")
                .tag("dialect", d.wire()).tag("outcome", o.wire()).register(r));
    }

    /** The secret as read now; null when the file is missing, unreadable or empty (the policy refuses then). */
    private byte[] secret() {
        String file = settings.secretFile();
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            String s = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            onceLog.forget("webhook-secret");
            return s.isEmpty() ? null : s.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            onceLog.warn("webhook-secret", "unreadable", "AFK_WEBHOOK_SECRET_FILE names a file that cannot be read: "
                    + file + " (" + e.getClass().getSimpleName() + "); every delivery is refused with 503");
            return null;
        }
    }

    private static String text(Map<String, Object> headers, String name) {
        Object v = headers == null ? null : headers.get(name);
        if (v == null) {
            return null;
        }
        String s = v.toString().strip();
        return s.isEmpty() ? null : s;
    }
}
