package dev.afk.core;

/** Issue 13: the HMAC-SHA256 check of a delivery (implemented by the signature helper; this is the interface). */
public final class WebhookSignature {

    private WebhookSignature() {}

    /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String hmacHex(byte[] secret, byte[] body) {
        throw new UnsupportedOperationException("issue 13: WebhookSignature.hmacHex");
    }

    /**
     * Whether {@code header} (the dialect's signature header value, null when absent) is the dialect's rendering of
     * the HMAC of {@code body} under {@code secret}; compared in constant time.
     */
    public static boolean matches(WebhookDialect dialect, byte[] secret, byte[] body, String header) {
        throw new UnsupportedOperationException("issue 13: WebhookSignature.matches");
    }
}
