package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Honest metrics (issue 11 item 5): every series the README's {@code /observe/metrics} row documents is on the
 * Prometheus endpoint from start, at 0 and with a HELP text, before any tick and whether the plane is armed or
 * not; the heartbeat moves on a tick the gate holds back; the JVM and process series are there.
 */
class MetricsAtStartE2ETest extends E2eSupport {

    /** The README row names each series with its tag keys, e.g. {@code afk_ticks_total{tick}}. */
    private static final Pattern DOCUMENTED = Pattern.compile("`(afk_[a-z_]+)(?:\\{([a-z,]+)})?`");

    private String scrape(int port) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private Plane startOnPort(int port, Map<String, String> extra) {
        Map<String, String> p = new java.util.HashMap<>(extra);
        p.put("camel.management.enabled", "true");
        p.put("camel.management.port", Integer.toString(port));
        p.put("camel.server.port", Integer.toString(port));
        return startPlane("acme/widgets", p);
    }

    /** The series the README's metrics row names: name and tag keys. */
    static List<String[]> documentedSeries() throws Exception {
        String row = Files.readAllLines(Path.of("README.md")).stream()
                .filter(l -> l.startsWith("| `/observe/metrics`")).findFirst().orElseThrow();
        List<String[]> series = new ArrayList<>();
        Matcher m = DOCUMENTED.matcher(row);
        while (m.find()) {
            series.add(new String[] {m.group(1), m.group(2) == null ? "" : m.group(2)});
        }
        assertThat(series).as("the README's metrics row names series").hasSizeGreaterThan(10);
        return series;
    }

    /** Every documented series is present (each tag key on it), with a non-empty HELP line. */
    private void assertDocumentedSeriesPresent(String metrics) throws Exception {
        String tracker = tracker();
        for (String[] s : documentedSeries()) {
            String name = s[0];
            if (name.contains("ratelimit") && !"github".equals(tracker)) {
                continue; // GitHub's rate limit: documented as GitHub only
            }
            String family = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
            assertThat(metrics).as("HELP of " + name)
                    .containsPattern("(?m)^# HELP (" + Pattern.quote(name) + "|" + Pattern.quote(family) + ") \\S");
            assertThat(metrics).as(name + " on the endpoint")
                    .containsPattern("(?m)^" + Pattern.quote(name) + "(\\{.*})? \\S+$");
            for (String tag : s[1].split(",")) {
                if (!tag.isEmpty()) {
                    assertThat(metrics).as(name + " carries the tag " + tag)
                            .containsPattern("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\b" + tag + "=\"");
                }
            }
        }
    }

    /** Counters from start: every documented {@code _total} series (all its tag values) reads exactly 0. */
    private static void assertCountersZero(String metrics) throws Exception {
        for (String[] s : documentedSeries()) {
            if (s[0].endsWith("_total")) {
                Matcher m = Pattern.compile("(?m)^" + Pattern.quote(s[0]) + "(\\{.*})? (\\S+)$").matcher(metrics);
                while (m.find()) {
                    assertThat(Double.parseDouble(m.group(2))).as(m.group()).isZero();
                }
            }
        }
    }

    private static double heartbeat(String metrics, String tick) {
        Matcher m = Pattern.compile("(?m)^afk_last_tick_timestamp_seconds\\{[^}]*tick=\"" + tick + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(m.find()).as("heartbeat for " + tick).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private void assertKnownTagValues(String metrics) {
        for (String reason : List.of("AGENT_FAILED", "CI_EXHAUSTED", "RECORD_UNREADABLE")) {
            assertThat(metrics).containsPattern("(?m)^afk_escalations_total\\{[^}]*reason=\"" + reason + "\"[^}]*} 0\\.0$");
        }
        for (String tick : List.of("poll", "watch")) {
            assertThat(metrics).containsPattern("(?m)^afk_ticks_total\\{[^}]*tick=\"" + tick + "\"[^}]*} 0\\.0$");
        }
        for (dev.afk.adapter.AdapterFailure.Kind kind : dev.afk.adapter.AdapterFailure.Kind.values()) {
            for (String system : List.of("t3", tracker())) {
                assertThat(metrics).containsPattern("(?m)^afk_adapter_failures_total\\{(?=[^}]*kind=\"" + kind.name()
                        + "\")(?=[^}]*system=\"" + system + "\")[^}]*} 0\\.0$");
            }
        }
        for (String kind : List.of("transport", "other", "misconfigured", "rate-limited", "server", "rejected",
                "unconfigured")) {
            assertThat(metrics).containsPattern("(?m)^afk_doorbell_failures_total\\{[^}]*kind=\"" + kind + "\"[^}]*} 0\\.0$");
        }
    }

    private static void assertJvmSeries(String metrics) {
        assertThat(metrics).containsPattern("(?m)^jvm_memory_used_bytes\\{")
                .containsPattern("(?m)^jvm_threads_live_threads ")
                .containsPattern("(?m)^# HELP jvm_gc_")
                .containsPattern("(?m)^process_cpu_usage ")
                .containsPattern("(?m)^system_cpu_count ")
                .containsPattern("(?m)^process_uptime_seconds ");
    }

    @Test
    void aDisarmedPlaneShowsEveryDocumentedSeriesAtZeroAndItsHeartbeatMovesOnHeldTicks() throws Exception {
        sandbox.repo("acme/widgets");
        int port = Plane.freePort();
        startOnPort(port, Map.of("afk.kill-switch", "true"));

        String atStart = scrape(port);
        assertDocumentedSeriesPresent(atStart);
        assertCountersZero(atStart);
        assertKnownTagValues(atStart);
        assertJvmSeries(atStart);
        assertThat(atStart).containsPattern("(?m)^afk_armed(\\{[^}]*})? 0\\.0$");
        assertThat(heartbeat(atStart, "poll")).isZero();
        assertThat(heartbeat(atStart, "watch")).isZero();

        plane.poll();
        plane.watch();
        String afterOne = scrape(port);
        double poll1 = heartbeat(afterOne, "poll");
        double watch1 = heartbeat(afterOne, "watch");
        assertThat(poll1).as("a held poll tick still beats").isEqualTo(clock.millis() / 1000.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(watch1).as("a held watch tick still beats").isPositive();

        clock.advance(Duration.ofMinutes(1));
        plane.poll();
        plane.watch();
        String afterTwo = scrape(port);
        assertThat(heartbeat(afterTwo, "poll")).isGreaterThanOrEqualTo(poll1 + 60);
        assertThat(heartbeat(afterTwo, "watch")).isGreaterThanOrEqualTo(watch1 + 60);
        assertCountersZero(afterTwo); // disarmed: nothing was counted, not even the ticks
    }

    @Test
    void anArmedPlaneBeforeAnyTickShowsEveryDocumentedSeriesAtZero() throws Exception {
        sandbox.repo("acme/widgets");
        int port = Plane.freePort();
        startOnPort(port, Map.of());

        String atStart = scrape(port);
        assertDocumentedSeriesPresent(atStart);
        assertCountersZero(atStart);
        assertKnownTagValues(atStart);
        assertJvmSeries(atStart);
        assertThat(atStart).containsPattern("(?m)^afk_armed(\\{[^}]*})? 1\\.0$");

        plane.poll(); // the route's increment lands on the meter registered at start, not on a second one
        assertThat(scrape(port).lines().filter(l -> l.startsWith("afk_ticks_total{") && l.contains("tick=\"poll\"")))
                .singleElement().satisfies(l -> assertThat(l).endsWith(" 1.0"));
    }

    @Test
    void aTaggedFailureCountsOnTheSeriesThatExistedFromStart() throws Exception {
        sandbox.repo("acme/widgets");
        int port = Plane.freePort();
        startOnPort(port, Map.of("afk.tracker-url", "http://127.0.0.1:" + Plane.freePort()));

        plane.poll(); // the tracker refuses the connection: a TIMEOUT failure of the configured tracker
        List<String> failures = scrape(port).lines().filter(l -> l.startsWith("afk_adapter_failures_total{")
                && l.contains("system=\"" + tracker() + "\"") && l.contains("kind=\"TIMEOUT\"")).toList();
        assertThat(failures).singleElement()
                .satisfies(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).isPositive());
    }
}
