package dev.afk.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A Slack incoming webhook on loopback (docs/reference/slack.md §1): {@code POST <hookPath>} with a JSON message answers
 * {@code 200 ok}; everything Slack answers with a plain-text error code is answered the same way.
 *
 * <p>Stricter than Slack on one point, on purpose: AFK's contract is to send both {@code text} and {@code blocks}
 * (docs/reference/slack.md: "Send both"), so a message without blocks is a contract violation here. Block limits (header text
 * 150 chars, section text 3000, at most 10 fields of 2000, at most 50 blocks) are checked because Slack rejects a
 * message that breaks them and the hand-off would be lost.
 *
 * <p>Faults for the doorbell's retry rules: Slack's error replies ({@link #rollupError}, {@link #serverError},
 * {@link #rateLimited}, {@link #noService}, injected with {@link #inject}) are answered before the message is
 * looked at, so nothing is posted; {@link #hangUpNext} closes the connection without a reply and without posting
 * (what a client sees as a reset after sending); {@link #stallNext} does the same after holding the reply back;
 * {@link #dropReplyNext} posts the message and then closes the connection without a reply, so a client that
 * re-sends on a lost reply posts it twice. {@link #attempts()} counts every request to the webhook, hung-up ones
 * included; {@link #messages()} only what Slack would have posted.
 *
 * <p>A JDK server closes the connection gracefully, so "reset" here is a close without a reply, not a TCP RST: to
 * a client both are the same ambiguous failure after its request was sent.
 */
public class SlackSimulator extends SimServer {

    /** One accepted post. */
    public record Post(Instant at, JsonNode message) {}

    public static final String DEFAULT_HOOK_PATH = "/hook";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TEXT_PLAIN = Map.of("Content-Type", "text/plain; charset=utf-8");

    private final Clock clock;
    private final String hookPath;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger hangUps = new AtomicInteger();
    private final AtomicInteger dropReplies = new AtomicInteger();
    private final AtomicInteger hungUp = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private volatile Duration stall = Duration.ZERO;

    public SlackSimulator(int port, Clock clock) {
        this(port, clock, DEFAULT_HOOK_PATH);
    }

    /** @param hookPath the webhook's path, e.g. {@code /services/T000/B000/XXXX} */
    public SlackSimulator(int port, Clock clock, String hookPath) {
        super(port);
        this.clock = clock;
        this.hookPath = hookPath;
    }

    @Override
    public SlackSimulator start() {
        super.start();
        return this;
    }

    /** The full incoming-webhook URL to configure as {@code AFK_SLACK_WEBHOOK_URL}. */
    public String webhookUrl() {
        return baseUrl() + hookPath;
    }

    /** Every message Slack would have posted, parsed, in order. */
    public List<JsonNode> messages() {
        return posts.stream().map(Post::message).toList();
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** Forgets every posted message (a test that shares the simulator starts from an empty channel). */
    public void clearPosts() {
        posts.clear();
    }

    /**
     * Every request that reached the webhook path, in whatever way it ended: answered (an error reply included),
     * or hung up by {@link #hangUpNext} / {@link #stallNext} / {@link #dropReplyNext}; a stalled one counts as soon
     * as it arrives. {@link #clearRequests()} resets it.
     */
    public int attempts() {
        return (int) requests().stream().filter(r -> hookPath.equals(r.path())).count() + hungUp.get();
    }

    @Override
    public void clearRequests() {
        super.clearRequests();
        hungUp.set(0);
    }

    /**
     * The next {@code times} posts are read, then the connection is closed with no reply and nothing is posted.
     * The client cannot tell this from a lost reply: its request was sent and no answer came.
     */
    public void hangUpNext(int times) {
        hangUps.set(times);
    }

    /**
     * The next {@code times} posts are accepted and posted, then the connection is closed with no reply: the
     * message is in the channel but the client never hears {@code 200 ok}. A client that re-sends now posts twice.
     */
    public void dropReplyNext(int times) {
        dropReplies.set(times);
    }

    /**
     * The next {@code times} posts are read and counted, then held for {@code d} (a Slack that does not answer),
     * then the connection is closed with no reply and nothing posted. Unlike {@link SimFault#delay}, the post is
     * counted by {@link #attempts()} as soon as it arrives, so a client's timeout can be checked against the count.
     */
    public void stallNext(int times, Duration d) {
        stall = d;
        stalls.set(times);
    }

    @Override
    public synchronized void clearFaults() {
        super.clearFaults();
        hangUps.set(0);
        dropReplies.set(0);
        stalls.set(0);
    }

    /** {@code 500 rollup_error}: a failure on Slack's side. */
    public SimFault rollupError(int times) {
        return textFault(500, "rollup_error", times);
    }

    /** Any other error status with a plain-text body, e.g. {@code 503 service_unavailable}, {@code 502}. */
    public SimFault serverError(int status, String code, int times) {
        return textFault(status, code, times);
    }

    /** {@code 404 no_service}: the webhook was revoked or disabled. */
    public SimFault noService(int times) {
        return textFault(404, "no_service", times);
    }

    /** {@code 429} with {@code Retry-After}: rate limited. */
    public SimFault rateLimited(int retryAfterSeconds, int times) {
        SimFault f = textFault(429, "rate_limited", times);
        return f.withHeaders(Map.of("Content-Type", "text/plain; charset=utf-8",
                "Retry-After", String.valueOf(retryAfterSeconds)));
    }

    private SimFault textFault(int status, String code, int times) {
        return SimFault.reply("POST", Pattern.quote(hookPath), status, code, times).withHeaders(TEXT_PLAIN);
    }

    @Override
    protected Reply handle(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body) {
        if (!hookPath.equals(path)) {
            return text(404, "no_service"); // an unknown or revoked webhook URL
        }
        if (!"POST".equals(method)) {
            return reject(405, "invalid_method", "webhook called with " + method + ", not POST");
        }
        if (takeOne(hangUps)) {
            hungUp.incrementAndGet();
            throw hangUp();
        }
        if (takeOne(stalls)) {
            hungUp.incrementAndGet();
            try {
                Thread.sleep(stall.toMillis()); // simulates a Slack that does not answer, not test synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the simulator is closing
            }
            throw hangUp();
        }
        String contentType = header(headers, "Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return reject(400, "invalid_payload", "Content-Type is not application/json: " + contentType);
        }
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return reject(400, "invalid_payload", "body is not JSON: " + e.getOriginalMessage());
        }
        List<String> problems = validate(message);
        if (!problems.isEmpty()) {
            String code = problems.stream().anyMatch(p -> p.startsWith("blocks")) ? "invalid_blocks"
                    : "invalid_payload";
            problems.forEach(this::violation);
            return text(400, code);
        }
        posts.add(new Post(clock.instant(), message));
        if (takeOne(dropReplies)) {
            hungUp.incrementAndGet();
            throw hangUp();
        }
        return text(200, "ok");
    }

    /** The payload rules this simulator enforces; empty when the message is acceptable. */
    public static List<String> validate(JsonNode m) {
        List<String> p = new ArrayList<>();
        if (m == null || !m.isObject()) {
            p.add("payload is not a JSON object");
            return p;
        }
        JsonNode text = m.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            p.add("text must be a non-empty string (the notification fallback)");
        } else if (text.asText().length() > 40_000) {
            p.add("text longer than 40000 chars");
        }
        JsonNode blocks = m.get("blocks");
        if (blocks == null || !blocks.isArray()) {
            p.add("blocks must be an array");
            return p;
        }
        if (blocks.size() > 50) {
            p.add("blocks: more than 50 blocks");
        }
        for (int i = 0; i < blocks.size(); i++) {
            validateBlock(blocks.get(i), "blocks[" + i + "]", p);
        }
        return p;
    }

    private static void validateBlock(JsonNode b, String at, List<String> p) {
        if (!b.isObject() || !b.path("type").isTextual()) {
            p.add(at + " is not an object with a type");
            return;
        }
        switch (b.get("type").asText()) {
            case "header" -> validateText(b.get("text"), at + ".text", 150, true, p);
            case "section" -> {
                JsonNode fields = b.get("fields");
                if (b.get("text") == null && fields == null) {
                    p.add(at + ": a section needs text or fields");
                }
                if (b.get("text") != null) {
                    validateText(b.get("text"), at + ".text", 3000, false, p);
                }
                if (fields != null) {
                    if (!fields.isArray() || fields.size() > 10) {
                        p.add(at + ".fields must be an array of at most 10");
                    } else {
                        for (int i = 0; i < fields.size(); i++) {
                            validateText(fields.get(i), at + ".fields[" + i + "]", 2000, false, p);
                        }
                    }
                }
            }
            default -> { } // other block types are accepted as Slack would; AFK does not send them
        }
    }

    private static void validateText(JsonNode t, String at, int max, boolean plainOnly, List<String> p) {
        if (t == null || !t.isObject()) {
            p.add(at + " must be a text object");
            return;
        }
        String type = t.path("type").asText();
        if (!(type.equals("plain_text") || (!plainOnly && type.equals("mrkdwn")))) {
            p.add(at + " has text type '" + type + "'");
        }
        JsonNode text = t.get("text");
        if (text == null || !text.isTextual() || text.asText().isEmpty()) {
            p.add(at + ".text must be a non-empty string");
        } else if (text.asText().length() > max) {
            p.add(at + ".text longer than " + max + " chars (" + text.asText().length() + ")");
        }
    }

    private static boolean takeOne(AtomicInteger left) {
        return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /**
     * Closes the connection without a reply. The JDK server closes the connection when its handler throws an
     * {@link IOException} (and answers 500 for anything else, as {@link SimServer} does for a RuntimeException),
     * so an IOException is thrown past {@link #handle}'s signature, which declares none.
     */
    private static RuntimeException hangUp() {
        return SlackSimulator.<RuntimeException>sneaky(new IOException("simulated: connection closed, no reply"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private Reply reject(int status, String code, String violation) {
        violation(violation);
        return text(status, code);
    }

    private static Reply text(int status, String body) {
        return new Reply(status, body, TEXT_PLAIN);
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
