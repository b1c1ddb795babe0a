package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HMAC-SHA256 signature of a delivery, in both dialects' header forms (docs/reference/webhooks.md §1, §3). */
class WebhookSignatureTest {

    private static final byte[] GITHUB_SECRET = bytes("It's a Secret to Everybody");
    private static final byte[] GITHUB_BODY = bytes("Hello, World!");
    /** GitHub's published test vector ("Validating webhook deliveries", docs/reference/webhooks.md §1). */
    private static final String GITHUB_DIGEST = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static final byte[] SECRET = bytes("s3cret");
    private static final byte[] BODY = bytes("{\"zen\":\"x\"}");

    @Test
    void githubsPublishedVectorIsReproduced() {
        assertThat(WebhookSignature.hmacHex(GITHUB_SECRET, GITHUB_BODY)).isEqualTo(GITHUB_DIGEST);
        assertThat(WebhookSignature.header(WebhookDialect.GITHUB, GITHUB_SECRET, GITHUB_BODY))
                .isEqualTo("sha256=" + GITHUB_DIGEST);
        assertThat(WebhookSignature.matches(WebhookDialect.GITHUB, GITHUB_SECRET, GITHUB_BODY,
                "sha256=" + GITHUB_DIGEST)).isTrue();
    }

    @Test
    void rfc4231TestCase2IsReproduced() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?"
        assertThat(WebhookSignature.hmacHex(bytes("Jefe"), bytes("what do ya want for nothing?")))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    /** An HMAC built by hand from SHA-256 (RFC 2104), so the check does not lean on javax.crypto alone. */
    @Test
    void theDigestIsTheHmacOfTheRawBodyComputedIndependently() {
        byte[] longSecret = new byte[100]; // longer than the block: hashed first, per RFC 2104
        for (int i = 0; i < longSecret.length; i++) {
            longSecret[i] = (byte) (i * 7);
        }
        for (byte[] secret : new byte[][] {SECRET, GITHUB_SECRET, longSecret, {0}}) {
            for (byte[] body : new byte[][] {BODY, GITHUB_BODY, new byte[0], bytes("\u00e9t\u00e9 \u2713\n")}) {
                assertThat(WebhookSignature.hmacHex(secret, body)).isEqualTo(rfc2104(secret, body));
            }
        }
        assertThat(WebhookSignature.hmacHex(SECRET, BODY))
                .isEqualTo("9c1cbf367262bfa438947512466d6195b85b28cfd040e1cf6b7b1081c4a3ec39")
                .matches("[0-9a-f]{64}");
    }

    @Test
    void theHeaderFormsAreExactlyTheDialects() {
        String hex = WebhookSignature.hmacHex(SECRET, BODY);
        assertThat(WebhookDialect.GITHUB.signatureHeader()).isEqualTo("X-Hub-Signature-256");
        assertThat(WebhookDialect.FORGEJO.signatureHeader()).isEqualTo("X-Forgejo-Signature");
        assertThat(WebhookSignature.header(WebhookDialect.GITHUB, SECRET, BODY)).isEqualTo("sha256=" + hex);
        assertThat(WebhookSignature.header(WebhookDialect.FORGEJO, SECRET, BODY)).isEqualTo(hex);
        assertThat(WebhookSignature.matches(WebhookDialect.GITHUB, SECRET, BODY, "sha256=" + hex)).isTrue();
        assertThat(WebhookSignature.matches(WebhookDialect.FORGEJO, SECRET, BODY, hex)).isTrue();
    }

    static Stream<Arguments> refused() {
        String hex = WebhookSignature.hmacHex(SECRET, BODY);
        String other = WebhookSignature.hmacHex(bytes("not the secret"), BODY);
        return Stream.of(
                Arguments.of("github: no prefix", WebhookDialect.GITHUB, hex),
                Arguments.of("github: the SHA-1 header's prefix", WebhookDialect.GITHUB, "sha1=" + hex),
                Arguments.of("github: upper-case prefix", WebhookDialect.GITHUB, "SHA256=" + hex),
                Arguments.of("github: upper-case hex", WebhookDialect.GITHUB,
                        "sha256=" + hex.toUpperCase(Locale.ROOT)),
                Arguments.of("github: truncated by one digit", WebhookDialect.GITHUB,
                        "sha256=" + hex.substring(0, 63)),
                Arguments.of("github: half the digest", WebhookDialect.GITHUB, "sha256=" + hex.substring(0, 32)),
                Arguments.of("github: one digit too many", WebhookDialect.GITHUB, "sha256=" + hex + "0"),
                Arguments.of("github: a trailing blank", WebhookDialect.GITHUB, "sha256=" + hex + " "),
                Arguments.of("github: a leading blank", WebhookDialect.GITHUB, " sha256=" + hex),
                Arguments.of("github: the prefix alone", WebhookDialect.GITHUB, "sha256="),
                Arguments.of("github: signed with another secret", WebhookDialect.GITHUB, "sha256=" + other),
                Arguments.of("github: a non-hex digit", WebhookDialect.GITHUB,
                        "sha256=" + hex.substring(0, 63) + "g"),
                Arguments.of("forgejo: GitHub's prefix", WebhookDialect.FORGEJO, "sha256=" + hex),
                Arguments.of("forgejo: upper-case hex", WebhookDialect.FORGEJO, hex.toUpperCase(Locale.ROOT)),
                Arguments.of("forgejo: truncated", WebhookDialect.FORGEJO, hex.substring(0, 63)),
                Arguments.of("forgejo: one digit too many", WebhookDialect.FORGEJO, hex + "a"),
                Arguments.of("forgejo: signed with another secret", WebhookDialect.FORGEJO, other),
                Arguments.of("forgejo: all zeros", WebhookDialect.FORGEJO, "0".repeat(64)),
                Arguments.of("forgejo: the digest of the empty body", WebhookDialect.FORGEJO,
                        WebhookSignature.hmacHex(SECRET, new byte[0])),
                Arguments.of("forgejo: blank", WebhookDialect.FORGEJO, "   "),
                Arguments.of("forgejo: empty", WebhookDialect.FORGEJO, ""),
                Arguments.of("github: absent", WebhookDialect.GITHUB, null),
                Arguments.of("forgejo: absent", WebhookDialect.FORGEJO, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aSignatureNotExactlyTheDialectsHmacOfThisBodyIsRefused(String name, WebhookDialect dialect, String header) {
        assertThat(WebhookSignature.matches(dialect, SECRET, BODY, header)).isFalse();
    }

    @Test
    void aChangedBodyNoLongerMatches() {
        String header = WebhookSignature.header(WebhookDialect.GITHUB, SECRET, BODY);
        byte[] changed = BODY.clone();
        changed[changed.length - 2] ^= 1;
        assertThat(WebhookSignature.matches(WebhookDialect.GITHUB, SECRET, changed, header)).isFalse();
        byte[] longer = (new String(BODY, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.matches(WebhookDialect.GITHUB, SECRET, longer, header))
                .as("a trailing newline is another body").isFalse();
        assertThat(WebhookSignature.matches(WebhookDialect.GITHUB, SECRET, BODY, header)).isTrue();
    }

    @Test
    void aMissingSecretMatchesNothingAndCannotSign() {
        String header = WebhookSignature.header(WebhookDialect.FORGEJO, SECRET, BODY);
        assertThat(WebhookSignature.matches(WebhookDialect.FORGEJO, null, BODY, header)).isFalse();
        assertThat(WebhookSignature.matches(WebhookDialect.FORGEJO, new byte[0], BODY, header)).isFalse();
        assertThat(WebhookSignature.matches(null, SECRET, BODY, header)).isFalse();
        assertThatThrownBy(() -> WebhookSignature.hmacHex(new byte[0], BODY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the webhook secret is empty");
        assertThatThrownBy(() -> WebhookSignature.hmacHex(null, BODY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNullBodyIsTheEmptyBody() {
        String header = WebhookSignature.header(WebhookDialect.FORGEJO, SECRET, new byte[0]);
        assertThat(WebhookSignature.matches(WebhookDialect.FORGEJO, SECRET, null, header)).isTrue();
        assertThat(WebhookSignature.hmacHex(SECRET, null)).isEqualTo(rfc2104(SECRET, new byte[0]));
    }

    @Test
    void theDecodedDigestIsTheHexRead() {
        byte[] d = WebhookSignature.decode(WebhookDialect.GITHUB, "sha256=" + "00ff".repeat(16));
        assertThat(d).hasSize(32);
        assertThat(d[0]).isEqualTo((byte) 0x00);
        assertThat(d[1]).isEqualTo((byte) 0xff);
        assertThat(WebhookSignature.decode(WebhookDialect.FORGEJO, "00FF".repeat(16))).isNull();
    }

    // ---- an independent HMAC-SHA256 (RFC 2104 over MessageDigest) ----

    private static String rfc2104(byte[] secret, byte[] body) {
        try {
            int block = 64;
            byte[] key = secret.length > block ? MessageDigest.getInstance("SHA-256").digest(secret) : secret;
            byte[] ipad = new byte[block];
            byte[] opad = new byte[block];
            for (int i = 0; i < block; i++) {
                byte k = i < key.length ? key[i] : 0;
                ipad[i] = (byte) (k ^ 0x36);
                opad[i] = (byte) (k ^ 0x5c);
            }
            MessageDigest inner = MessageDigest.getInstance("SHA-256");
            inner.update(ipad);
            inner.update(body);
            MessageDigest outer = MessageDigest.getInstance("SHA-256");
            outer.update(opad);
            outer.update(inner.digest());
            StringBuilder hex = new StringBuilder();
            for (byte b : outer.digest()) {
                hex.append(String.format(Locale.ROOT, "%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
