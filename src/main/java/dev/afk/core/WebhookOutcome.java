package dev.afk.core;

import java.util.Locale;

/**
 * What became of one webhook delivery (issue 13), with the HTTP status the receiver answers and the metric tag
 * ({@link #wire()}). The receiver's route switches on the receipt's action ({@code WebhookSteps.ACTIONS}, checked by
 * WebhookRouteActionsTest) and answers with {@link #status()}, never looking at a class.
 */
public enum WebhookOutcome {
    /** Signed, well-formed, for an allowlisted repo, an event that can change what a tick decides: kick the ticks. */
    KICK(202),
    /** Signed and well-formed, but an event (or action) that changes nothing a tick reads, e.g. {@code ping}. */
    IGNORED(200),
    /** Signed and well-formed, for a repository outside {@code AFK_ALLOWLIST}: acknowledged, nothing else. */
    FOREIGN(200),
    /** A delivery id already seen (a redelivery or a replay): acknowledged, dropped. */
    DUPLICATE(200),
    /** A follower forwarded the delivery to the leader, which took it. */
    FORWARDED(202),
    /** No signature header. */
    UNSIGNED(401),
    /** A signature that is not the HMAC of this body under the secret (or not in the dialect's format). */
    MISSIGNED(401),
    /** A body over {@code AFK_WEBHOOK_MAX_BYTES}. */
    OVERSIZED(413),
    /** Signed, but no event or delivery header, or a body that is not the JSON object the event needs. */
    MALFORMED(400),
    /** The secret file is missing, unreadable or empty: AFK cannot tell a tracker from anyone, so it refuses. */
    NO_SECRET(503),
    /** A follower could reach no leader among {@code AFK_WEBHOOK_PEERS}; the tracker may redeliver. */
    NO_LEADER(503),
    /** A follower's answer to a delivery another follower forwarded (never forwarded again). */
    NOT_LEADER(421);

    private final int status;

    WebhookOutcome(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The metric tag and the log word: {@code kick}, {@code no-secret}, … */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
