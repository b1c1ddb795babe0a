package dev.afk.wire;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where one doorbell post stands after an attempt, and whether it may be sent again: the retry rule of
 * {@code routes/doorbell.camel.yaml}, kept here so it can be read and tested on its own.
 *
 * <p>An incoming webhook has no idempotency key, so a re-sent message is a second message. A post is therefore
 * sent again only when Slack surely did not post it:
 * <ul>
 *   <li>the connection was never made ({@link ConnectException}: refused, unreachable, unresolved;
 *       {@link HttpConnectTimeoutException}): no byte of the request left AFK;</li>
 *   <li>Slack answered {@code 429} (rate limited; after its {@code Retry-After}, when that is short), {@code 500}
 *       ({@code rollup_error}) or {@code 503}: a reply that says the message was not posted.</li>
 * </ul>
 * Everything else ends the post: {@code 2xx} (delivered), another {@code 4xx} (the URL or the payload is wrong,
 * re-sending cannot help), {@code 502}/{@code 504} (a gateway's answer: Slack behind it may have posted), and every
 * failure after the request was sent with no reply (read timeout, reset, closed connection): the message may be in
 * the channel, and a lost doorbell is better than a doubled one (the {@code ready-for-human} label stays the
 * durable hand-off).
 *
 * @param attempt posts sent so far (0 before the first)
 * @param verdict what the route does next
 * @param kind bounded metric tag of the last failure ({@code SlackWire.failureKind} values plus
 *     {@code misconfigured}); {@code none} when there was none
 * @param summary credential-free one-line description of the last outcome, for the log
 * @param waitMs how long to wait before the next attempt ({@link Verdict#RETRY} only, else 0)
 * @param posted whether Slack may hold the message although it was not confirmed: {@code yes}, {@code no},
 *     {@code unknown}
 */
public record SlackPost(int attempt, Verdict verdict, String kind, String summary, long waitMs, String posted) {

    /** What the route does after an attempt. */
    public enum Verdict {
        /** Nothing sent yet. */
        PENDING,
        /** Slack accepted the message. */
        DELIVERED,
        /** Not posted, for a reason worth another attempt: wait {@code waitMs}, then post again. */
        RETRY,
        /** Give up: answered false. */
        FAILED
    }

    /** The retry budget: {@code attempts} posts at most, waiting {@code delayMs}, doubled per attempt, capped. */
    public record Policy(int attempts, long delayMs, long maxWaitMs) {

        public Policy {
            if (attempts < 1) {
                throw new IllegalArgumentException("afk.doorbell.attempts must be at least 1, not " + attempts);
            }
            if (delayMs < 0 || maxWaitMs < 0) {
                throw new IllegalArgumentException("doorbell retry delays must not be negative");
            }
        }

        /** The wait before attempt {@code attempt + 1}: delay × 2^(attempt-1), at most {@code maxWaitMs}. */
        long backoff(int attempt) {
            long wait = delayMs;
            for (int i = 1; i < attempt && wait < maxWaitMs; i++) {
                wait *= 2;
            }
            return Math.min(wait, maxWaitMs);
        }
    }

    /** Before the first attempt. */
    public static final SlackPost PENDING = new SlackPost(0, Verdict.PENDING, "none", "not sent", 0, "no");

    private static final Pattern SLACK_ERROR = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,6}");

    /** Compact constructor: a null verdict or text never reaches the route. */
    public SlackPost {
        if (verdict == null || kind == null || summary == null || posted == null) {
            throw new IllegalArgumentException("incomplete SlackPost");
        }
    }

    /** True when Slack accepted the message (the route answers true). */
    public boolean delivered() {
        return verdict == Verdict.DELIVERED;
    }

    /** True when a post is due: the first one, or another after {@link #waitMs} (the route's loop condition). */
    public boolean toBeSent() {
        return verdict == Verdict.PENDING || verdict == Verdict.RETRY;
    }

    /** True when the route should wait {@link #waitMs} and post again. */
    public boolean again() {
        return verdict == Verdict.RETRY;
    }

    /**
     * Attempt {@code attempt} got an HTTP reply.
     *
     * @param retryAfter the {@code Retry-After} header, or null
     */
    public static SlackPost replied(int attempt, int status, String body, String retryAfter, Policy policy) {
        if (status >= 200 && status < 300) {
            return new SlackPost(attempt, Verdict.DELIVERED, "none", "status=" + status, 0, "yes");
        }
        StringBuilder summary = new StringBuilder("status=").append(status);
        String error = body == null ? "" : body.strip().toLowerCase(Locale.ROOT);
        if (SLACK_ERROR.matcher(error).matches()) {
            summary.append(" slackError=").append(error); // only a bare code: a body is never logged verbatim
        }
        Long retryAfterSeconds = null;
        if (retryAfter != null && DELTA_SECONDS.matcher(retryAfter.strip()).matches()) {
            retryAfterSeconds = Long.parseLong(retryAfter.strip());
            summary.append(" retryAfter=").append(retryAfterSeconds).append('s');
        }
        String kind = kind(status);
        if (status == 429) {
            long wait = policy.backoff(attempt);
            if (retryAfterSeconds != null) {
                long asked = retryAfterSeconds * 1000;
                if (asked > policy.maxWaitMs()) {
                    summary.append(" (Retry-After longer than afk.doorbell.max-wait-ms=")
                            .append(policy.maxWaitMs()).append(')');
                    return new SlackPost(attempt, Verdict.FAILED, kind, summary.toString(), 0, "no");
                }
                wait = Math.max(wait, asked);
            }
            return retryOrGiveUp(attempt, kind, summary.toString(), wait, policy);
        }
        if (status == 500 || status == 503) {
            return retryOrGiveUp(attempt, kind, summary.toString(), policy.backoff(attempt), policy);
        }
        // 502/504 come from a gateway that may have passed the post on: Slack may have posted it.
        String posted = status == 502 || status == 504 ? "unknown" : "no";
        return new SlackPost(attempt, Verdict.FAILED, kind, summary.toString(), 0, posted);
    }

    /** Attempt {@code attempt} ended without an HTTP reply. */
    public static SlackPost failed(int attempt, Throwable t, Policy policy) {
        if (t instanceof IllegalArgumentException) {
            // HttpRequest refuses the URL; its message would quote the URL, which is the credential
            return new SlackPost(attempt, Verdict.FAILED, "misconfigured",
                    "error=" + t.getClass().getSimpleName() + " (AFK_SLACK_WEBHOOK_URL is not an http(s) URL)", 0,
                    "no");
        }
        String summary = SlackWire.failureSummary(t);
        if (neverSent(t)) {
            return retryOrGiveUp(attempt, SlackWire.failureKind(t), summary, policy.backoff(attempt), policy);
        }
        // The request may have reached Slack (a timeout or a closed connection after sending): never re-sent.
        return new SlackPost(attempt, Verdict.FAILED, SlackWire.failureKind(t), summary, 0, "unknown");
    }

    /** True when the failure happened before any byte of the request was sent. */
    static boolean neverSent(Throwable t) {
        return t instanceof ConnectException || t instanceof HttpConnectTimeoutException;
    }

    private static SlackPost retryOrGiveUp(int attempt, String kind, String summary, long wait, Policy policy) {
        if (attempt < policy.attempts()) {
            return new SlackPost(attempt, Verdict.RETRY, kind, summary, wait, "no");
        }
        return new SlackPost(attempt, Verdict.FAILED, kind, summary, 0, "no");
    }

    private static String kind(int status) {
        if (status == 429) {
            return "rate-limited";
        }
        return status >= 500 ? "server" : "rejected";
    }
}
