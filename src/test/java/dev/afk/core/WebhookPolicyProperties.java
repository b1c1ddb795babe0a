package dev.afk.core;

import static dev.afk.core.WebhookFixtures.ALLOWLIST;
import static dev.afk.core.WebhookFixtures.ID;
import static dev.afk.core.WebhookFixtures.MAX;
import static dev.afk.core.WebhookFixtures.SECRET;
import static dev.afk.core.WebhookFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The webhook ladder over any bytes, headers and payloads. */
class WebhookPolicyProperties {

    /** Marks the tracker's free text (titles, bodies, comments, labels, logins) in generated payloads. */
    private static final String MARK = "QQTRACKERQQ";
    private static final List<String> EVENTS = List.of("issues", "issue_comment", "status", "check_run",
            "check_suite", "deployment_status", "ping", "push", "pull_request", "workflow_job");
    private static final List<String> ACTIONS = List.of("labeled", "unlabeled", "opened", "closed", "reopened",
            "edited", "assigned", "created", "completed", "requested", "label_updated", "label_cleared", "deleted");
    /** What judge can answer by itself: the rest are the receiver's (duplicates, forwarding, leadership). */
    private static final Set<WebhookOutcome> JUDGED = EnumSet.of(WebhookOutcome.KICK, WebhookOutcome.IGNORED,
            WebhookOutcome.FOREIGN, WebhookOutcome.UNSIGNED, WebhookOutcome.MISSIGNED, WebhookOutcome.OVERSIZED,
            WebhookOutcome.MALFORMED, WebhookOutcome.NO_SECRET);

    @Property(tries = 2000)
    void anyBodySignedWithTheSecretIsNeverUnsignedOrMissigned(@ForAll WebhookDialect dialect,
            @ForAll("events") String event, @ForAll("bodies") byte[] body) {
        WebhookVerdict v = WebhookFixtures.judge(WebhookFixtures.signed(dialect, event, body));
        assertThat(v.outcome()).isNotIn(WebhookOutcome.UNSIGNED, WebhookOutcome.MISSIGNED, WebhookOutcome.NO_SECRET,
                WebhookOutcome.OVERSIZED);
        assertThat(v.isSigned() || v.outcome() == WebhookOutcome.MALFORMED).isTrue();
    }

    @Property(tries = 1000)
    void anySingleByteChangeToTheBodyIsMissigned(@ForAll WebhookDialect dialect, @ForAll("payloads") String payload,
            @ForAll @IntRange(min = 0, max = 100_000) int at, @ForAll @IntRange(min = 1, max = 255) int flip) {
        WebhookDelivery d = WebhookFixtures.signed(dialect, "issues", payload);
        byte[] changed = d.body().clone();
        changed[at % changed.length] ^= (byte) flip;
        WebhookDelivery tampered = new WebhookDelivery(dialect, d.event(), d.deliveryId(), d.signature(), changed);
        assertThat(WebhookFixtures.judge(tampered).outcome()).isEqualTo(WebhookOutcome.MISSIGNED);
    }

    @Property(tries = 1000)
    void anySingleCharacterChangeToTheSignatureIsMissigned(@ForAll WebhookDialect dialect,
            @ForAll("payloads") String payload, @ForAll @IntRange(min = 0, max = 100_000) int at,
            @ForAll char replacement) {
        WebhookDelivery d = WebhookFixtures.signed(dialect, "issues", payload);
        String sig = d.signature();
        int i = at % sig.length();
        if (sig.charAt(i) == replacement) {
            replacement = (char) (replacement + 1);
        }
        String tampered = sig.substring(0, i) + replacement + sig.substring(i + 1);
        WebhookVerdict v = WebhookFixtures.judge(
                new WebhookDelivery(dialect, d.event(), d.deliveryId(), tampered, d.body()));
        assertThat(v.outcome()).isEqualTo(WebhookOutcome.MISSIGNED);
    }

    @Property(tries = 2000)
    void judgeNeverThrowsAndAnswersOnlyWhatItMay(@ForAll WebhookDialect dialect, @ForAll("headers") String event,
            @ForAll("headers") String id, @ForAll("headers") String signature, @ForAll("bodies") byte[] body,
            @ForAll("secrets") byte[] secret, @ForAll @IntRange(min = 0, max = 2000) int maxBytes,
            @ForAll boolean signIt) {
        String header = signIt && secret != null && secret.length > 0
                ? WebhookSignature.header(dialect, secret, body) : signature;
        WebhookVerdict v = WebhookPolicy.judge(new WebhookDelivery(dialect, event, id, header, body), secret,
                maxBytes, ALLOWLIST);
        assertThat(v.outcome()).isIn(JUDGED);
        assertThat(v.getStatus()).isEqualTo(v.outcome().status());
        assertThat(v.getKind()).isEqualTo(v.outcome().name());
        assertThat(v.event() == null || v.event().matches("[a-z][a-z0-9_]*")).as("only a plain event name is kept")
                .isTrue();
        assertThat(v.deliveryId() == null || v.deliveryId().matches("[A-Za-z0-9._-]+")).as("only a plain id is kept")
                .isTrue();
        assertThat(v.why()).isNotEmpty().matches("[\\x20-\\x7e]*");
        if (v.outcome() != WebhookOutcome.KICK) {
            assertThat(v.poll() || v.watch()).isFalse();
        }
    }

    @Property(tries = 1000)
    void aKickAlwaysKicksATickForAnAllowlistedRepo(@ForAll WebhookDialect dialect, @ForAll("events") String event,
            @ForAll("payloads") String payload, @ForAll("allowlists") Set<RepoRef> allowlist) {
        WebhookVerdict v = WebhookPolicy.judge(WebhookFixtures.signed(dialect, event, payload), SECRET, MAX,
                allowlist);
        if (v.outcome() == WebhookOutcome.KICK) {
            assertThat(v.poll() || v.watch()).isTrue();
            assertThat(allowlist).contains(v.repo());
            assertThat(v.issue()).isNotNegative();
            assertThat(v.isSigned()).isTrue();
            assertThat(v.getStatus()).isEqualTo(202);
        }
        if (v.outcome() == WebhookOutcome.FOREIGN) {
            assertThat(allowlist.stream().map(RepoRef::slug)).noneMatch(s -> s.equalsIgnoreCase(v.repo().slug()));
        }
    }

    @Property(tries = 1000)
    void trackerTextNeverReachesWhy(@ForAll WebhookDialect dialect, @ForAll("events") String event,
            @ForAll("payloads") String payload, @ForAll("headers") String header) {
        WebhookVerdict signed = WebhookFixtures.judge(WebhookFixtures.signed(dialect, event, payload));
        WebhookVerdict unsigned = WebhookFixtures.judge(
                new WebhookDelivery(dialect, event, ID, header, utf8(payload)));
        WebhookVerdict renamed = WebhookFixtures.judge(new WebhookDelivery(dialect, header, header,
                WebhookSignature.header(dialect, SECRET, utf8(payload)), utf8(payload)));
        for (WebhookVerdict v : List.of(signed, unsigned, renamed)) {
            assertThat(v.why()).doesNotContain(MARK).matches("[\\x20-\\x7e]*");
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> events() {
        return Arbitraries.oneOf(Arbitraries.of(EVENTS), Arbitraries.strings().ofMinLength(1).ofMaxLength(12)
                .withChars("abcdefghijklmnopqrstuvwxyz_"));
    }

    /** Header values: absent, a plain name, a GUID, or anything (blanks, control characters, Unicode). */
    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(Arbitraries.<String>just(null), Arbitraries.of(EVENTS), Arbitraries.just(ID),
                Arbitraries.strings().ofMaxLength(80), Arbitraries.strings().ascii().ofMaxLength(80),
                Arbitraries.just("sha256=" + "0".repeat(64)), Arbitraries.just(MARK + "\r\nX: y"));
    }

    @Provide
    Arbitrary<byte[]> secrets() {
        return Arbitraries.oneOf(Arbitraries.<byte[]>just(null), Arbitraries.just(new byte[0]),
                Arbitraries.just(SECRET),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80));
    }

    /** Raw bytes, or payloads in UTF-8. */
    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(400),
                payloads().map(WebhookFixtures::utf8));
    }

    /**
     * Tracker-shaped payloads: an action (a known one, free tracker text, or none), a repository (allowlisted in any
     * case, foreign, broken, or none; a repository name is no free text: a slug may reach {@code why}), an issue
     * (with a number of any kind), free text everywhere a tracker puts it,
     * and sometimes a broken tail.
     */
    @Provide
    Arbitrary<String> payloads() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30).map(s -> MARK + escape(s));
        Arbitrary<String> action = Arbitraries.oneOf(Arbitraries.of(ACTIONS).map(a -> "\"action\":\"" + a + "\","),
                text.map(t -> "\"action\":\"" + t + "\","), Arbitraries.just(""));
        Arbitrary<String> repo = Arbitraries.oneOf(Arbitraries.just("acme/widgets"), Arbitraries.just("ACME/Gears"),
                Arbitraries.just("someone/else"), Arbitraries.just("nobody"),
                Arbitraries.strings().ofMaxLength(20).map(n -> "acme/" + escape(n)));
        Arbitrary<String> repository = Arbitraries.oneOf(
                repo.map(r -> "\"repository\":{\"id\":1,\"full_name\":\"" + r + "\",\"description\":\"" + MARK
                        + "\"},"),
                Arbitraries.just("\"repository\":null,"), Arbitraries.just(""));
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.integers().between(-3, 100_000).map(String::valueOf),
                Arbitraries.just("1.5"), Arbitraries.just("\"7\""), Arbitraries.just("99999999999999999999"),
                Arbitraries.just("null"));
        Arbitrary<String> issue = Arbitraries.oneOf(Combinators.combine(number, text, text)
                .as((n, title, body) -> "\"issue\":{\"number\":" + n + ",\"title\":\"" + title + "\",\"body\":\""
                        + body + "\",\"labels\":[{\"name\":\"" + title + "\"}],\"user\":{\"login\":\"" + body
                        + "\"}},"),
                Arbitraries.just(""));
        Arbitrary<String> tail = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just(""), Arbitraries.just("}"),
                Arbitraries.just(",\"x\":[1,2"), text.map(t -> t + "\""));
        return Combinators.combine(action, repository, issue, text, tail)
                .as((a, r, i, c, t) -> "{" + a + r + i + "\"comment\":{\"body\":\"" + c + "\"},\"sender\":{\"login\":\""
                        + c + "\"},\"n\":1.25e2,\"ok\":true}" + t);
    }

    @Provide
    Arbitrary<Set<RepoRef>> allowlists() {
        return Arbitraries.of(RepoRef.parse("acme/widgets"), RepoRef.parse("acme/gears"), RepoRef.parse("Acme/Widgets"),
                RepoRef.parse("someone/else")).set().ofMaxSize(3);
    }

    /** A JSON string body for any text (quotes, backslashes and control characters escaped). */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
