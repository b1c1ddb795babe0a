package dev.afk.wire;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doorbell's HTTP client: one POST of a JSON message to the Slack incoming webhook per call, never re-sent by
 * the client itself. Bound as {@code slackWebhook} by {@code routes/doorbell.camel.yaml}, which decides about
 * another attempt ({@link SlackPost}).
 *
 * <p>Why not camel-slack: its producer builds the Slack SDK client with {@code new SlackHttpClient()} on start
 * (camel-slack 4.18.0, {@code SlackProducer.doStart}), i.e. an OkHttp client with OkHttp's defaults, and offers
 * no option to change it. OkHttp's {@code retryOnConnectionFailure} (on by default) silently re-sends a POST whose
 * reply was lost on a pooled connection, so one escalation could ring twice.
 *
 * <p>Why the JDK client: {@link HttpClient} never re-sends a non-idempotent request (POST) after it was sent; it
 * only re-tries a <em>connect</em> that failed ({@code ConnectException}), when no byte of the request has left,
 * and re-sends a POST only if the JVM runs with {@code -Djdk.httpclient.enableAllMethodRetry}, which AFK never sets
 * ({@link #clientRetriesPost()} reports it). It logs nothing unless {@code -Djdk.httpclient.HttpClient.log} is set,
 * so the webhook URL, which is the credential, stays inside this bean: it is in no endpoint URI, header or
 * exchange property. HTTP/1.1 only, redirects never followed, the JVM's proxy settings honoured (as OkHttp did).
 */
public class SlackWebhook {

    private static final Logger LOG = LoggerFactory.getLogger("afk.doorbell");

    private String webhookUrl = "";
    private long connectTimeoutMs = 5_000;
    private long timeoutMs = 10_000;
    private int attempts = 3;
    private long retryDelayMs = 500;
    private long maxWaitMs = 5_000;
    private HttpClient client;

    public SlackWebhook() {}

    /** {@code AFK_SLACK_WEBHOOK_URL}; empty = no doorbell. Read once at start-up. */
    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
    }

    public void setConnectTimeoutMs(long connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /** From sending the request to the end of the reply. */
    public void setTimeoutMs(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** Posts per ring at most, the first included. */
    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    /** Wait before the second attempt; doubled for each further one. */
    public void setRetryDelayMs(long retryDelayMs) {
        this.retryDelayMs = retryDelayMs;
    }

    /** The longest wait between attempts; a 429 asking for longer is not retried. */
    public void setMaxWaitMs(long maxWaitMs) {
        this.maxWaitMs = maxWaitMs;
    }

    /** True when a webhook URL is set. */
    public boolean configured() {
        return !webhookUrl.isEmpty();
    }

    /** The retry budget these properties describe. */
    public SlackPost.Policy policy() {
        return new SlackPost.Policy(attempts, retryDelayMs, maxWaitMs);
    }

    /** Where a ring starts: nothing sent yet ({@link SlackPost#PENDING}). */
    public SlackPost notSentYet() {
        return SlackPost.PENDING;
    }

    /**
     * One attempt: POSTs {@code json} once and says how it went and whether the route may try again. Never
     * throws; {@code previous} is the outcome of the attempt before ({@link SlackPost#PENDING} for the first).
     */
    public SlackPost post(String json, SlackPost previous) {
        SlackPost.Policy policy = policy();
        int attempt = (previous == null ? 0 : previous.attempt()) + 1;
        try {
            HttpResponse<String> reply = client().send(request(json), HttpResponse.BodyHandlers.ofString());
            return SlackPost.replied(attempt, reply.statusCode(), reply.body(),
                    reply.headers().firstValue("Retry-After").orElse(null), policy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SlackPost.failed(attempt, e, policy);
        } catch (Exception e) {
            return SlackPost.failed(attempt, e, policy);
        }
    }

    /** True when this JVM's HTTP client would re-send a POST on its own (a system property switches it on). */
    public static boolean clientRetriesPost() {
        String all = System.getProperty("jdk.httpclient.enableAllMethodRetry");
        return all != null && (all.isEmpty() || Boolean.parseBoolean(all));
    }

    private HttpRequest request(String json) {
        URI uri = URI.create(webhookUrl);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(timeoutMs))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
    }

    private synchronized HttpClient client() {
        if (client == null) {
            if (clientRetriesPost()) {
                LOG.warn("jdk.httpclient.enableAllMethodRetry is set in this JVM: a doorbell whose reply is lost may"
                        + " be posted twice; remove the property");
            }
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                    .followRedirects(HttpClient.Redirect.NEVER);
            ProxySelector proxy = ProxySelector.getDefault();
            if (proxy != null) {
                b.proxy(proxy);
            }
            client = b.build();
        }
        return client;
    }
}
