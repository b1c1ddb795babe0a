package dev.afk.core;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issue 13: the HMAC-SHA256 check of a delivery. Both trackers sign the raw body with the shared secret and send the
 * digest as lower-case hex: GitHub as {@code X-Hub-Signature-256: sha256=<hex>}, Forgejo as
 * {@code X-Forgejo-Signature: <hex>} (docs/reference/webhooks.md §1, §3).
 *
 * <p>The check is strict about the form: exactly {@link WebhookDialect#signaturePrefix()} and 64 lower-case hex
 * digits, nothing around them. Both senders only ever write that form (GitHub's own check compares the whole
 * {@code sha256=} string; Forgejo writes Go's {@code hex.EncodeToString}, lower case), so upper-case hex, a missing
 * or foreign prefix, blanks or a truncated digest are refused rather than guessed at. The form is checked on the
 * header alone (it tells nothing about the secret); the digest is compared over the decoded bytes with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the first differing byte is.
 */
public final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String HEX = "0123456789abcdef";
    /** Bytes in an HMAC-SHA256 digest. */
    static final int DIGEST_BYTES = 32;

    private WebhookSignature() {}

    /**
     * Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}.
     *
     * @throws IllegalArgumentException when the secret is null or empty (a receiver without a secret refuses every
     *     delivery instead: {@link WebhookOutcome#NO_SECRET})
     */
    public static String hmacHex(byte[] secret, byte[] body) {
        return hex(hmac(secret, body));
    }

    /**
     * Whether {@code header} (the dialect's signature header value, null when absent) is the dialect's rendering of
     * the HMAC of {@code body} under {@code secret}; compared in constant time. False for a null or empty secret, a
     * null or blank header, and any header not of the exact form prefix + 64 lower-case hex digits.
     */
    public static boolean matches(WebhookDialect dialect, byte[] secret, byte[] body, String header) {
        if (dialect == null || secret == null || secret.length == 0 || header == null || header.isBlank()) {
            return false;
        }
        byte[] sent = decode(dialect, header);
        if (sent == null) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, body == null ? new byte[0] : body), sent);
    }

    /** The header value the dialect's tracker would send for this body: for tests and for the benchmark's senders. */
    public static String header(WebhookDialect dialect, byte[] secret, byte[] body) {
        return dialect.signaturePrefix() + hmacHex(secret, body);
    }

    /** The 32 digest bytes of a well-formed header; null when the header is not exactly prefix + 64 lower-case hex. */
    static byte[] decode(WebhookDialect dialect, String header) {
        String prefix = dialect.signaturePrefix();
        if (header.length() != prefix.length() + 2 * DIGEST_BYTES || !header.startsWith(prefix)) {
            return null;
        }
        byte[] out = new byte[DIGEST_BYTES];
        for (int i = 0; i < DIGEST_BYTES; i++) {
            int hi = HEX.indexOf(header.charAt(prefix.length() + 2 * i));
            int lo = HEX.indexOf(header.charAt(prefix.length() + 2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(body == null ? new byte[0] : body);
        } catch (GeneralSecurityException e) {
            // every Java platform must provide HmacSHA256 (javax.crypto.Mac), so this cannot happen
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(HEX.charAt((b >> 4) & 0xf)).append(HEX.charAt(b & 0xf));
        }
        return out.toString();
    }
}
