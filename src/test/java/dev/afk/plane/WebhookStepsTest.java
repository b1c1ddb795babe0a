package dev.afk.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Config;
import dev.afk.core.WebhookDialect;
import dev.afk.core.WebhookOutcome;
import dev.afk.core.WebhookSettings;
import dev.afk.core.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the receiver does with a judged delivery (issue 13): the leader kicks a new delivery id once; a follower
 * forwards (never a forwarded one); the forward carries the tracker's bytes and headers; the peers resolve.
 */
class WebhookStepsTest {

    @TempDir
    Path dir;

    private final AtomicBoolean leader = new AtomicBoolean(true);

    private WebhookSteps steps(String peers) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "s3cret\n");
        Config config = Config.fromMap(Map.of("afk.allowlist", "acme/widgets"));
        WebhookSettings settings = WebhookSettings.from(Map.of("afk.webhook-port", "8088", "afk.webhook-secret-file",
                secret.toString(), "afk.webhook-peers", peers)::get);
        assertThat(settings.problems()).isEmpty();
        return new WebhookSteps(config, settings, leader::get, new OnceLog(), Clock.systemUTC(), "");
    }

    private static final byte[] BODY = ("{\"action\":\"labeled\",\"issue\":{\"number\":3},"
            + "\"repository\":{\"full_name\":\"acme/widgets\"}}").getBytes(StandardCharsets.UTF_8);

    private static Map<String, Object> headers(String id, boolean forwarded) {
        String sig = "sha256=" + WebhookSignature.hmacHex("s3cret".getBytes(StandardCharsets.UTF_8), BODY);
        Map<String, Object> h = new java.util.HashMap<>(Map.of("X-Hub-Signature-256", sig, "X-GitHub-Delivery", id,
                "X-GitHub-Event", "issues"));
        if (forwarded) {
            h.put(WebhookSteps.FORWARDED_HEADER, "true");
        }
        return h;
    }

    @Test
    void theLeaderKicksADeliveryIdOnceAndAFollowerForwardsItButNeverAForwardedOne() throws Exception {
        WebhookSteps s = steps("");
        WebhookSteps.Receipt first = s.receive("github", BODY, headers("d-1", false));
        assertThat(first.getAction()).isEqualTo("KICK");
        assertThat(first.isPoll() && first.isWatch()).isTrue();
        assertThat(first.getStatus()).isEqualTo(202);
        assertThat(s.receive("github", BODY, headers("d-1", false)).getVerdict().outcome())
                .isEqualTo(WebhookOutcome.DUPLICATE);
        assertThat(s.receive("forgejo", BODY, Map.of()).getVerdict().outcome()).as("another dialect's headers")
                .isEqualTo(WebhookOutcome.UNSIGNED);

        leader.set(false);
        WebhookSteps.Receipt follower = s.receive("github", BODY, headers("d-2", false));
        assertThat(follower.getAction()).isEqualTo("FORWARD");
        assertThat(s.receive("github", BODY, headers("d-3", true)).getVerdict().outcome())
                .isEqualTo(WebhookOutcome.NOT_LEADER);
        assertThat(s.forwarded(follower, java.util.Arrays.asList(null, "http://10.0.0.2:8088")).getVerdict()
                .outcome()).isEqualTo(WebhookOutcome.FORWARDED);
        assertThat(s.forwarded(follower, java.util.Arrays.asList(null, null)).getVerdict().outcome())
                .isEqualTo(WebhookOutcome.NO_LEADER);
        assertThat(s.forwarded(follower, List.of()).getStatus()).isEqualTo(503);

        leader.set(true);
        assertThat(s.receive("github", BODY, headers("d-2", false)).getAction())
                .as("a follower remembers no id: the leader still kicks what was forwarded to it").isEqualTo("KICK");
    }

    @Test
    void theForwardCarriesTheTrackersBytesAndItsThreeHeadersOnly() throws Exception {
        WebhookSteps s = steps("");
        leader.set(false);
        WebhookSteps.Receipt r = s.receive("github", BODY, headers("d-9", false));
        DefaultMessage m = new DefaultMessage(new DefaultCamelContext());
        m.setHeader("Authorization", "leak");
        s.forwardRequest(r, BODY, m);
        assertThat(m.getBody(byte[].class)).isEqualTo(BODY);
        assertThat(m.getHeaders()).containsEntry("X-GitHub-Delivery", "d-9").containsEntry("X-GitHub-Event", "issues")
                .containsEntry(WebhookSteps.FORWARDED_HEADER, "true").doesNotContainKey("Authorization")
                .containsKey(WebhookDialect.GITHUB.signatureHeader());
        assertThat(s.taken("http://p:1", 202)).isEqualTo("http://p:1");
        assertThat(s.taken("http://p:1", 421)).isNull();
        assertThat(s.taken("http://p:1", null)).isNull();
    }

    @Test
    void peersAreBaseUrlsOrEveryAddressOfADnsName() throws Exception {
        assertThat(steps("http://10.0.0.1:8088,dns:localhost:8099").peers()).contains("http://10.0.0.1:8088")
                .contains("http://127.0.0.1:8099").allMatch(p -> p.startsWith("http://"));
        assertThat(steps("dns:no-such-host.invalid:8088").peers()).as("an unresolved name forwards nowhere").isEmpty();
    }

    @Test
    void theStatusViewShowsTheReceiverAndTheLastDelivery() throws Exception {
        WebhookSteps s = steps("");
        s.receive("github", BODY, headers("d-1", false));
        Map<String, Object> v = s.view();
        assertThat(v).containsEntry("enabled", true).containsEntry("port", 8088);
        assertThat(v.get("deliveries")).isEqualTo(Map.of("kick", 1L));
        assertThat(v.get("lastDelivery").toString()).contains("delivery=d-1", "outcome=kick", "repo=acme/widgets#3");
    }
}
