package dev.afk.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a tracker's webhook does (issue 13; docs/reference/webhooks.md): for every change of the {@link TrackerModel}
 * it renders the event the tracker would send (GitHub: {@code issues}, {@code issue_comment}, {@code status},
 * {@code check_run}, {@code deployment_status}; Forgejo: {@code issues} with {@code label_updated}, {@code issue_comment};
 * Forgejo sends no commit-status or deployment event), signs the JSON body with HMAC-SHA256 under the secret, and
 * POSTs it to the hook URL from a delivery queue of its own, after the change and not inside it, one at a time in
 * order, like the trackers' delivery workers. A failed delivery is recorded and not retried (neither tracker retries
 * by itself, §5). {@link #drop} loses deliveries before they are sent, as a network would.
 *
 * <p>The HMAC here is computed with the JDK directly, independent of AFK's {@code WebhookSignature}.
 */
public final class WebhookSender implements AutoCloseable {

    /** One delivery: what was sent and what the receiver answered (-1: no answer). */
    public record Delivery(String id, String event, String action, String repo, int number, int status,
            long sentNanos, long answeredNanos, boolean dropped) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dialect;
    private final String url;
    private final byte[] secret;
    private final TrackerModel model;
    private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sim-webhook-sender");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Delivery> deliveries = new ArrayList<>();
    private volatile Predicate<TrackerModel.HookEvent> drop = e -> false;
    private volatile boolean paused;

    /**
     * @param dialect {@code github} or {@code forgejo}
     * @param url the hook's payload URL, e.g. {@code http://127.0.0.1:8088/hooks/github}
     */
    public WebhookSender(String dialect, String url, String secret, TrackerModel model) {
        this.dialect = dialect;
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.model = model;
        model.onHook(this::changed);
    }

    /** Deliveries of events matching {@code which} are lost before they are sent. */
    public void drop(Predicate<TrackerModel.HookEvent> which) {
        this.drop = which;
    }

    /** While paused nothing is rendered or sent (a hook not configured yet). */
    public void pause(boolean pause) {
        this.paused = pause;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits until every delivery queued so far has been answered (or failed). */
    public void flush() {
        try {
            queue.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the webhook queue did not drain", e);
        }
    }

    /** The HMAC-SHA256 hex of {@code body} under {@code secret} (lower case). */
    public static String hmacHex(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one delivery now, on the caller's thread: the event, its body, signed (or with {@code signature}). */
    public HttpResponse<String> send(String event, String body, String deliveryId, String signature) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String sig = signature != null ? signature : signatureHeaderValue(bytes);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (dialect.equals("github")) {
            b.header("X-GitHub-Event", event).header("X-GitHub-Delivery", deliveryId).header("User-Agent",
                    "GitHub-Hookshot/sim");
            if (!sig.isEmpty()) {
                b.header("X-Hub-Signature-256", sig);
            }
        } else {
            // Forgejo sends its own headers and the Gitea and GitHub spellings with the same values (§3).
            b.header("X-Forgejo-Event", event).header("X-Gitea-Event", event).header("X-GitHub-Event", event)
                    .header("X-Forgejo-Delivery", deliveryId).header("X-Gitea-Delivery", deliveryId)
                    .header("X-Forgejo-Signature", sig).header("X-Gitea-Signature", sig);
            if (!sig.isEmpty()) {
                b.header("X-Hub-Signature-256", "sha256=" + sig);
            }
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The dialect's signature header value for {@code body}. */
    public String signatureHeaderValue(byte[] body) {
        String hex = hmacHex(secret, body);
        return dialect.equals("github") ? "sha256=" + hex : hex;
    }

    private void changed(TrackerModel.HookEvent e) {
        if (paused) {
            return;
        }
        Optional<Rendered> rendered = render(e);
        if (rendered.isEmpty()) {
            return;
        }
        Rendered r = rendered.get();
        String id = UUID.randomUUID().toString();
        if (drop.test(e)) {
            record(new Delivery(id, r.event, r.action, e.repo(), e.number(), -1, System.nanoTime(), -1, true));
            return;
        }
        queue.submit(() -> {
            long sent = System.nanoTime();
            int status;
            try {
                status = send(r.event, r.body, id, null).statusCode();
            } catch (RuntimeException ex) {
                status = -1;
            }
            record(new Delivery(id, r.event, r.action, e.repo(), e.number(), status, sent, System.nanoTime(),
                    false));
        });
    }

    private synchronized void record(Delivery d) {
        deliveries.add(d);
    }

    private record Rendered(String event, String action, String body) {}

    /** The event the tracker sends for {@code e}, rendered now (a snapshot of the issue, like the tracker's). */
    private Optional<Rendered> render(TrackerModel.HookEvent e) {
        boolean github = dialect.equals("github");
        ObjectNode p = JSON.createObjectNode();
        String event;
        String action;
        switch (e.kind()) {
            case "ISSUE_CREATED", "LABEL_ADDED", "LABEL_REMOVED", "CLOSED", "REOPENED", "ISSUE_EDITED" -> {
                event = "issues";
                action = switch (e.kind()) {
                    case "ISSUE_CREATED" -> "opened";
                    case "LABEL_ADDED" -> github ? "labeled" : "label_updated";
                    case "LABEL_REMOVED" -> github ? "unlabeled" : "label_updated";
                    case "CLOSED" -> "closed";
                    case "REOPENED" -> "reopened";
                    default -> "edited";
                };
                issue(p, e);
                if (github && (e.kind().equals("LABEL_ADDED") || e.kind().equals("LABEL_REMOVED"))) {
                    p.putObject("label").put("name", e.value());
                }
                if (!github) {
                    p.put("number", e.number());
                }
            }
            case "COMMENT_ADDED", "COMMENT_EDITED" -> {
                event = "issue_comment";
                action = e.kind().equals("COMMENT_ADDED") ? "created" : "edited";
                issue(p, e);
                ObjectNode c = p.putObject("comment");
                c.put("body", e.value());
                c.putObject("user").put("login", e.actor());
                if (!github) {
                    p.put("is_pull", false);
                }
            }
            case "STATUS" -> {
                if (!github) {
                    return Optional.empty(); // Forgejo has no commit-status event (§4)
                }
                event = "status";
                action = null;
                p.put("sha", e.sha()).put("state", e.value()).put("context", "ci");
            }
            case "CHECK_RUN" -> {
                if (!github) {
                    return Optional.empty();
                }
                event = "check_run";
                String[] sc = e.value().split(":", 2);
                action = sc[0].equals("completed") ? "completed" : "created";
                ObjectNode run = p.putObject("check_run");
                run.put("head_sha", e.sha()).put("status", sc[0]);
                run.put("conclusion", "null".equals(sc[1]) ? null : sc[1]);
            }
            case "DEPLOYMENT_STATUS" -> {
                if (!github) {
                    return Optional.empty(); // no deployments on Forgejo
                }
                event = "deployment_status";
                action = "created";
                p.putObject("deployment_status").put("state", e.value());
                p.putObject("deployment").put("sha", e.sha());
            }
            default -> {
                return Optional.empty();
            }
        }
        if (action != null) {
            p.put("action", action);
        }
        String[] ownerName = e.repo().split("/", 2);
        ObjectNode repo = p.putObject("repository");
        repo.put("full_name", e.repo()).put("name", ownerName[1]);
        repo.putObject("owner").put("login", ownerName[0]);
        p.putObject("sender").put("login", e.actor() == null ? "someone" : e.actor());
        try {
            return Optional.of(new Rendered(event, action, JSON.writeValueAsString(p)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void issue(ObjectNode p, TrackerModel.HookEvent e) {
        ObjectNode i = p.putObject("issue");
        i.put("number", e.number());
        model.issue(e.repo(), e.number()).ifPresent(is -> {
            i.put("title", is.title());
            i.put("state", is.open() ? "open" : "closed");
            var labels = i.putArray("labels");
            is.labels().forEach(l -> labels.addObject().put("name", l));
        });
    }

    @Override
    public void close() {
        queue.shutdownNow();
    }
}
