package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's view on the management port: the status document and the Prometheus metrics. */
class StatusViewE2ETest extends E2eSupport {

    private String get(int port, String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theStatusViewShowsRunsInFlightAndEverySkippedIssuesReasonAndMetricsCountTheTick() throws Exception {
        sandbox.repo("acme/widgets");
        sandbox.readyIssue("acme/widgets", "First", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/widgets", "Second", "", Behaviour.STALLS);
        int port = Plane.freePort();
        startPlane("acme/widgets", Map.of("camel.management.enabled", "true",
                "camel.management.port", Integer.toString(port), "camel.server.port", Integer.toString(port)));

        plane.poll();
        plane.poll();
        plane.watch();

        String status = get(port, "/afk/status");
        assertThat(status).contains("\"armed\" : true", "acme/widgets#1", "\"phase\" : \"dispatched\"")
                .contains("\"acme/widgets#2\" : \"REPO_LOCKED");
        String metrics = get(port, "/observe/metrics");
        assertThat(metrics).contains("afk_runs_in_flight 1.0").containsPattern("afk_dispatches_total\\{[^}]*} 1.0")
                .containsPattern("afk_ticks_total\\{[^}]*tick=\"poll\"[^}]*} 2.0");
    }

    /** Jolokia has no authentication: by default the management port answers on loopback only. */
    @Test
    void theManagementPortBindsLoopbackByDefault() throws Exception {
        java.net.InetAddress outside = null;
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address && nic.isUp()) {
                    outside = a;
                }
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no non-loopback IPv4 address");
        sandbox.repo("acme/widgets");
        int port = Plane.freePort();
        startPlane("acme/widgets", Map.of("camel.management.enabled", "true",
                "camel.management.port", Integer.toString(port), "camel.server.port", Integer.toString(port)));

        assertThat(get(port, "/afk/status")).contains("\"armed\"");
        java.net.InetAddress address = outside;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(address, port), 2000);
            }
        }).as("nothing answers on %s:%d", address, port).isInstanceOf(java.io.IOException.class);
    }
}
