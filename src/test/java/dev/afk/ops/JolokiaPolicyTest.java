package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts AFK's real management set-up (application.properties, the prod profile, jolokia-access.xml from the
 * classpath) on a free port and checks what the Jolokia policy lets through: reads and Hawtio's route and trace
 * operations yes; exec/write on anything else, and the CamelContext's send operations, no.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JolokiaPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT = "org.apache.camel:context=afk,type=context,name=\"afk\"";
    private static final String TRACER = "org.apache.camel:context=afk,type=tracer,name=BacklogTracer";
    private static final String ROUTE = "org.apache.camel:context=afk,type=routes,name=\"ops-probe\"";

    @TempDir
    static Path dir;

    private MainRunner app;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startTheAppWithItsManagementPort() throws Exception {
        Files.writeString(dir.resolve("ops-probe.camel.yaml"), """
                - route:
                    id: ops-probe
                    from:
                      uri: direct:ops-probe
                      steps:
                        - log: probe
                """);
        port = MainRunner.freePort();
        app = MainRunner.start(Map.of(
                "camel.management.port", String.valueOf(port),
                "camel.main.routesIncludePattern", "file:" + dir.toAbsolutePath() + "/*.camel.yaml"), false);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void readinessAndLivenessAreUpOnTheManagementPort() throws Exception {
        for (String probe : new String[] {"/observe/health/ready", "/observe/health/live"}) {
            HttpResponse<String> r = get(probe);
            assertThat(r.statusCode()).as(probe).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("status").asText()).as(probe).isEqualTo("UP");
        }
    }

    @Test
    void theMemoryMBeanCanBeReadOverAPlainGet() throws Exception {
        HttpResponse<String> r = get("/observe/jolokia/read/java.lang:type=Memory/HeapMemoryUsage");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(200);
        assertThat(body.path("value").path("used").asLong()).isPositive();
    }

    Stream<Arguments> policy() {
        return Stream.of(
                // allowed: reads and Hawtio's Camel plugin
                Arguments.of("read java.lang Memory", read("java.lang:type=Memory", "HeapMemoryUsage"), 200),
                Arguments.of("read a route's statistics", read(ROUTE, "ExchangesTotal"), 200),
                Arguments.of("route source for the diagram", exec(CONTEXT, "dumpRoutesAsXml()"), 200),
                Arguments.of("route statistics", exec(ROUTE, "dumpRouteStatsAsXml(boolean,boolean)", false, false), 200),
                Arguments.of("switch the backlog tracer on", exec(TRACER, "setEnabled(boolean)", true), 200),
                Arguments.of("set the trace body limit", write(TRACER, "BodyMaxChars", 4096), 200),
                Arguments.of("poll traced messages", exec(TRACER, "dumpAllTracedMessagesAsXml()"), 200),
                Arguments.of("thread dump", exec("java.lang:type=Threading", "dumpAllThreads(boolean,boolean)",
                        false, false), 200),
                // denied: exec/write outside the allow-list
                Arguments.of("exec gc on java.lang Memory", exec("java.lang:type=Memory", "gc()"), 403),
                Arguments.of("write java.lang Memory Verbose", write("java.lang:type=Memory", "Verbose", true), 403),
                Arguments.of("heap dump", exec("com.sun.management:type=HotSpotDiagnostic",
                        "dumpHeap(java.lang.String,boolean)", "/tmp/afk-must-not-exist.hprof", true), 403),
                Arguments.of("send a message through the context", exec(CONTEXT,
                        "sendBody(java.lang.String,java.lang.Object)", "direct:ops-probe", "x"), 403),
                Arguments.of("stop the whole context", exec(CONTEXT, "stop()"), 403),
                Arguments.of("set the tracer's filter expression", write(TRACER, "TraceFilter", "${body}"), 403),
                Arguments.of("read JVM system properties", read("java.lang:type=Runtime", "SystemProperties"), 403));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("policy")
    void thePolicyAllowsReadsAndHawtiosRouteAndTraceOperationsAndDeniesTheRest(String what, ObjectNode request,
            int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/observe/jolokia/"))
                        .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                        .header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).as(what + ": " + r.body()).isEqualTo(expected);
    }

    private static ObjectNode read(String mbean, String attribute) {
        return JSON.createObjectNode().put("type", "read").put("mbean", mbean).put("attribute", attribute);
    }

    private static ObjectNode write(String mbean, String attribute, Object value) {
        ObjectNode n = JSON.createObjectNode().put("type", "write").put("mbean", mbean).put("attribute", attribute);
        n.set("value", JSON.valueToTree(value));
        return n;
    }

    private static ObjectNode exec(String mbean, String operation, Object... arguments) {
        ObjectNode n = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        n.set("arguments", JSON.valueToTree(arguments));
        return n;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
