package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.afk.plane.TickGate;
import dev.afk.sim.Behaviour;
import dev.afk.sim.WebhookSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two replicas behind one webhook Service (issue 13 item 3): only the leader kicks; a delivery that reaches the
 * follower is forwarded, byte for byte with the tracker's signature, to the peers, and the leader takes it (the
 * follower answers the tracker 202 {@code forwarded}); a forwarded delivery reaching a follower is never forwarded
 * again (421); with no leader reachable the follower answers 503 {@code no-leader} and the leader's next periodic tick
 * is the safety net. Leader election over the file lock (AFK_CLUSTER=file), as {@code LeaderElectionTest} does.
 */
class WebhookLeaderE2ETest extends E2eSupport {

    private static final String SECRET = "s3cret";

    @Test
    void aDeliveryToTheFollowerIsForwardedAndTheLeaderDispatchesIt() throws Exception {
        sandbox.repo("acme/widgets");
        Path secret = secrets.resolve("webhook-secret");
        Files.writeString(secret, SECRET);
        int hookA = Plane.freePort();
        int hookB = Plane.freePort();
        Path locks = secrets.resolve("locks");
        Map<String, String> common = Map.of("afk.cluster", "file", "afk.leader-prefix", "master:ticks:",
                "afk.cluster-file-root", locks.toString(), "afk.webhook-host", "127.0.0.1",
                "afk.webhook-secret-file", secret.toString(), "afk.webhook-coalesce-ms", "0",
                "afk.webhook-peers", "http://127.0.0.1:" + hookA + ",http://127.0.0.1:" + hookB);
        Map<String, String> a = new HashMap<>(common);
        a.put("afk.webhook-port", Integer.toString(hookA));
        startPlane("acme/widgets", a);
        Map<String, String> b = new HashMap<>(sandbox.afkProperties("acme/widgets"));
        b.putAll(common);
        b.put("afk.webhook-port", Integer.toString(hookB));
        Plane other = Plane.start(b, clock);
        try {
            TickGate gateA = plane.context().getRegistry().lookupByNameAndType("tickGate", TickGate.class);
            TickGate gateB = other.context().getRegistry().lookupByNameAndType("tickGate", TickGate.class);
            await().atMost(Duration.ofSeconds(40)).until(() -> gateA.isLeader() || gateB.isLeader());
            assertThat(gateA.isLeader() && gateB.isLeader()).as("one leader").isFalse();
            boolean aLeads = gateA.isLeader();
            int followerPort = aLeads ? hookB : hookA;
            Plane leader = aLeads ? plane : other;
            Plane follower = aLeads ? other : plane;

            WebhookSender toFollower = sandbox.webhooks("http://127.0.0.1:" + followerPort + "/hooks/" + tracker(),
                    SECRET);
            sandbox.readyIssue("acme/widgets", "Forwarded", "", Behaviour.SUCCEEDS);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> labels("acme/widgets", 1).contains(IN_PROGRESS));
            toFollower.flush();
            assertThat(toFollower.deliveries()).as("the person's change was forwarded to the leader (202)")
                    .anySatisfy(d -> {
                        assertThat(d.action()).isEqualTo("opened");
                        assertThat(d.status()).isEqualTo(202);
                    })
                    .as("AFK's own writes (its comment, its labels) are acknowledged, not forwarded")
                    .allSatisfy(d -> assertThat(d.status()).isIn(200, 202));
            assertThat(sandbox.t3().requests()).as("one thread, created by the leader")
                    .filteredOn(r -> r.body() != null && r.body().contains("thread.create")).hasSize(1);
            assertThat(kicks(leader)).as("the leader kicked").isPositive();
            assertThat(kicks(follower)).as("the follower never kicks").isZero();

            // A delivery already forwarded is never forwarded again: the follower answers 421.
            String body = "{\"action\":\"closed\",\"number\":1,\"issue\":{\"number\":1},"
                    + "\"repository\":{\"full_name\":\"acme/widgets\"}}";
            HttpResponse<String> again = forwardedTo(followerPort, toFollower, body);
            assertThat(again.statusCode()).isEqualTo(421);
            assertThat(again.body()).contains("\"outcome\":\"not-leader\"");

            // The leader goes away: no peer takes the delivery, the follower says so with 503.
            toFollower.pause(true);
            if (aLeads) {
                plane.close();
                plane = null;
            } else {
                other.close();
            }
            HttpResponse<String> lost = toFollower.send("issues", body, "d-lost", null);
            if (lost.statusCode() == 202) {
                // the follower may already have taken over the lock; then it kicks itself
                assertThat(lost.body()).contains("\"outcome\":\"kick\"");
            } else {
                assertThat(lost.statusCode()).isEqualTo(503);
                assertThat(lost.body()).contains("\"outcome\":\"no-leader\"");
            }
        } finally {
            if (plane != other) {
                other.close();
            }
        }
    }

    private static double kicks(Plane p) {
        var registry = p.context().getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
        if (registry == null) {
            registry = p.context().getComponent("micrometer",
                    org.apache.camel.component.micrometer.MicrometerComponent.class).getMetricsRegistry();
        }
        return registry.find("afk.webhook.kicks").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private HttpResponse<String> forwardedTo(int port, WebhookSender signer, String body) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean github = "github".equals(tracker());
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/" + tracker()))
                .header(github ? "X-Hub-Signature-256" : "X-Forgejo-Signature", signer.signatureHeaderValue(bytes))
                .header(github ? "X-GitHub-Delivery" : "X-Forgejo-Delivery", "d-forwarded")
                .header(github ? "X-GitHub-Event" : "X-Forgejo-Event", "issues")
                .header("X-AFK-Forwarded", "true")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(r.build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
