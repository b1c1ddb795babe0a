package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.WebhookSender;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The webhook receiver over real HTTP (issue 13): its own port, apart from the management port; every refusal with
 * its status and its metric, and none reaches a tick; a replayed delivery id is dropped; the secret file is read
 * again for every delivery (rotated, removed: fail closed with 503); a foreign repository is acknowledged and
 * ignored; off, nothing listens and the management port serves no hook.
 */
class WebhookReceiverE2ETest extends E2eSupport {

    private static final String SECRET = "It's a Secret to Everybody";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int management;
    private int hook;
    private Path secretFile;
    private WebhookSender sender;

    private void start(Map<String, String> extra) throws Exception {
        sandbox.repo("acme/widgets");
        secretFile = secrets.resolve("webhook-secret");
        Files.writeString(secretFile, SECRET + "\n");
        management = Plane.freePort();
        hook = Plane.freePort();
        Map<String, String> p = new java.util.HashMap<>(Map.of("camel.management.enabled", "true",
                "camel.management.port", Integer.toString(management), "camel.server.port",
                Integer.toString(management), "afk.webhook-port", Integer.toString(hook), "afk.webhook-host",
                "127.0.0.1", "afk.webhook-secret-file", secretFile.toString(), "afk.webhook-coalesce-ms", "0",
                "afk.webhook-max-bytes", "4096"));
        p.putAll(extra);
        startPlane("acme/widgets", p);
        sender = sandbox.webhooks("http://127.0.0.1:" + hook + "/hooks/" + tracker(), SECRET);
        sender.pause(true); // only what the test sends itself
    }

    private static String issueEvent(String repo, int number, String action) {
        return "{\"action\":\"" + action + "\",\"number\":" + number + ",\"issue\":{\"number\":" + number
                + ",\"title\":\"t\"},\"repository\":{\"full_name\":\"" + repo + "\"},\"sender\":{\"login\":\"x\"}}";
    }

    private String labeled() {
        return "github".equals(tracker()) ? "labeled" : "label_updated";
    }

    private double metric(String name, String... tags) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String t : tags) {
                all &= line.contains(t);
            }
            if (all) {
                Matcher m = Pattern.compile("} ([0-9.E+-]+)$").matcher(line);
                assertThat(m.find()).as(line).isTrue();
                return Double.parseDouble(m.group(1));
            }
        }
        throw new AssertionError("no series " + name + " with " + String.join(",", tags) + " in\n" + text);
    }

    private double deliveries(String outcome) throws Exception {
        return metric("afk_webhook_deliveries_total", "dialect=\"" + tracker() + "\"", "outcome=\"" + outcome + "\"");
    }

    private double ticks(String tick) throws Exception {
        return metric("afk_ticks_total", "tick=\"" + tick + "\"");
    }

    private HttpResponse<String> post(int port, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRefusalHasItsStatusAndMetricAndReachesNoTick() throws Exception {
        start(Map.of());
        String body = issueEvent("acme/widgets", 1, labeled());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String good = sender.signatureHeaderValue(bytes);
        double polls = ticks("poll");

        // unsigned: no signature header at all
        HttpResponse<String> unsigned = sender.send("issues", body, "d-unsigned", "");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("\"outcome\":\"unsigned\"");
        // mis-signed: the HMAC of another body, and a signature made with another secret
        assertThat(sender.send("issues", body, "d-bad-1", sender.signatureHeaderValue("{}".getBytes(
                StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
        String otherSecret = WebhookSender.hmacHex("not the secret".getBytes(StandardCharsets.UTF_8), bytes);
        assertThat(sender.send("issues", body, "d-bad-2", "github".equals(tracker()) ? "sha256=" + otherSecret
                : otherSecret).statusCode()).isEqualTo(401);
        // the right digest in the other dialect's format
        String wrongFormat = "github".equals(tracker()) ? good.substring("sha256=".length()) : "sha256=" + good;
        assertThat(sender.send("issues", body, "d-bad-3", wrongFormat).statusCode()).isEqualTo(401);
        assertThat(deliveries("unsigned")).isEqualTo(1);
        assertThat(deliveries("missigned")).isEqualTo(3);

        // oversized: over AFK_WEBHOOK_MAX_BYTES (4096 here), signed correctly
        String big = "{\"pad\":\"" + "x".repeat(5000) + "\"}";
        HttpResponse<String> oversized = sender.send("issues", big, "d-big", null);
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(deliveries("oversized")).isEqualTo(1);

        // malformed: signed, but not JSON / no repository
        assertThat(sender.send("issues", "not json", "d-junk", null).statusCode()).isEqualTo(400);
        assertThat(sender.send("issues", "{\"action\":\"" + labeled() + "\"}", "d-norepo", null).statusCode())
                .isEqualTo(400);
        assertThat(deliveries("malformed")).isEqualTo(2);

        assertThat(ticks("poll")).as("no refused delivery reached a tick").isEqualTo(polls);
        assertThat(sandbox.trackerSim().requests()).as("nor the tracker").isEmpty();
        // nothing of the request is echoed in a reply
        assertThat(unsigned.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-"));
    }

    @Test
    void aReplayedDeliveryIdIsDroppedAndAForeignRepoIsAcknowledgedAndIgnored() throws Exception {
        start(Map.of());
        String body = issueEvent("acme/widgets", 7, labeled());

        HttpResponse<String> first = sender.send("issues", body, "d-1", null);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).contains("\"outcome\":\"kick\"", "\"repo\":\"acme/widgets\"", "\"issue\":7");
        HttpResponse<String> replay = sender.send("issues", body, "d-1", null);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("\"outcome\":\"duplicate\"");
        assertThat(deliveries("kick")).isEqualTo(1);
        assertThat(deliveries("duplicate")).isEqualTo(1);

        HttpResponse<String> foreign = sender.send("issues", issueEvent("evil/elsewhere", 1, labeled()), "d-2",
                null);
        assertThat(foreign.statusCode()).isEqualTo(200);
        assertThat(foreign.body()).contains("\"outcome\":\"foreign\"");
        assertThat(deliveries("foreign")).isEqualTo(1);
        assertThat(deliveries("kick")).as("a foreign repo kicks nothing").isEqualTo(1);

        String status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                + "/afk/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String webhooks = status.substring(status.indexOf("\"webhooks\""));
        assertThat(webhooks).as("the status view shows the receiver").contains("\"enabled\" : true",
                "\"port\" : " + hook, "\"kick\" : 1", "\"duplicate\" : 1", "\"foreign\" : 1",
                "\"delivery\" : \"d-2\"", "\"outcome\" : \"foreign\"", "\"repo\" : \"evil/elsewhere\"");
    }

    @Test
    void theSecretFileIsReadForEveryDeliveryAndWithoutItEveryDeliveryIsRefused() throws Exception {
        start(Map.of());
        String body = issueEvent("acme/widgets", 1, "closed");
        assertThat(sender.send("issues", body, "d-1", null).statusCode()).isEqualTo(202);

        Files.writeString(secretFile, "a rotated secret\n");
        assertThat(sender.send("issues", body, "d-2", null).statusCode()).as("signed with the old secret")
                .isEqualTo(401);
        WebhookSender rotated = sandbox.webhooks("http://127.0.0.1:" + hook + "/hooks/" + tracker(),
                "a rotated secret");
        rotated.pause(true);
        assertThat(rotated.send("issues", body, "d-3", null).statusCode()).isEqualTo(202);

        Files.delete(secretFile);
        HttpResponse<String> none = rotated.send("issues", body, "d-4", null);
        assertThat(none.statusCode()).as("fail closed").isEqualTo(503);
        assertThat(none.body()).contains("\"outcome\":\"no-secret\"").doesNotContain("rotated");
        Files.writeString(secretFile, "   \n");
        assertThat(rotated.send("issues", body, "d-5", null).statusCode()).as("an empty file").isEqualTo(503);
        assertThat(deliveries("no-secret")).isEqualTo(2);
    }

    @Test
    void theReceiverHasItsOwnPortAndOnlyPost() throws Exception {
        start(Map.of());
        String body = issueEvent("acme/widgets", 1, "closed");
        Map<String, String> headers = Map.of();
        assertThat(post(management, "/hooks/" + tracker(), body, headers).statusCode())
                .as("no hook on the management port").isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hook + "/afk/status")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("no status on the webhook port").isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hook + "/observe/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hook + "/hooks/" + tracker()))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("GET").isEqualTo(405);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/afk/status"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void offNothingListensAndTheManagementPortServesNoHook() throws Exception {
        sandbox.repo("acme/widgets");
        management = Plane.freePort();
        hook = Plane.freePort();
        startPlane("acme/widgets", Map.of("camel.management.enabled", "true", "camel.management.port",
                Integer.toString(management), "camel.server.port", Integer.toString(management)));
        assertThat(post(management, "/hooks/" + tracker(), "{}", Map.of()).statusCode()).isEqualTo(404);
        try {
            post(hook, "/hooks/" + tracker(), "{}", Map.of());
            throw new AssertionError("something listens on the webhook port while the receiver is off");
        } catch (ConnectException expected) {
            // nothing listens
        }
        assertThat(deliveries("kick")).as("the series exist at 0 while off").isZero();
    }
}
