package dev.afk.core;

/**
 * The two trackers' webhook dialects (issue 13): where each puts the signature, the delivery id and the event name
 * (docs/reference/webhooks.md §1, §3). The signature is the lower-case hex HMAC-SHA256 of the raw body under the
 * shared secret; GitHub prefixes it with {@code sha256=}, Forgejo sends it bare ({@link WebhookSignature}).
 */
public enum WebhookDialect {
    GITHUB("X-Hub-Signature-256", "sha256=", "X-GitHub-Delivery", "X-GitHub-Event"),
    FORGEJO("X-Forgejo-Signature", "", "X-Forgejo-Delivery", "X-Forgejo-Event");

    private final String signatureHeader;
    private final String signaturePrefix;
    private final String deliveryHeader;
    private final String eventHeader;

    WebhookDialect(String signatureHeader, String signaturePrefix, String deliveryHeader, String eventHeader) {
        this.signatureHeader = signatureHeader;
        this.signaturePrefix = signaturePrefix;
        this.deliveryHeader = deliveryHeader;
        this.eventHeader = eventHeader;
    }

    public String signatureHeader() {
        return signatureHeader;
    }

    /** What precedes the hex digest in {@link #signatureHeader()}: {@code sha256=} on GitHub, nothing on Forgejo. */
    public String signaturePrefix() {
        return signaturePrefix;
    }

    public String deliveryHeader() {
        return deliveryHeader;
    }

    public String eventHeader() {
        return eventHeader;
    }

    /** The path segment of the receiver: {@code /hooks/github}, {@code /hooks/forgejo}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
