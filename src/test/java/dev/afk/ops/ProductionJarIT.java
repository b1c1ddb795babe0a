package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production jar is what the README and the Containerfile say it is: target/afk.jar, as {@code mvn -B verify}
 * packaged it (run by failsafe after {@code package}), holds AFK and the libraries production uses, none of the
 * test code that the sandbox runs on, and starts disarmed in the prod profile with no configuration.
 */
class ProductionJarIT {

    /**
     * Only the simulators, the sandbox and the tests use these; production posts to Slack with the JDK client and
     * elects a leader through a Kubernetes Lease, which needs no OpenShift client.
     */
    static final List<String> NOT_IN_PRODUCTION = List.of(
            "dev/afk/sim/", // simulators and the sandbox
            "com/networknt/", // json-schema-validator (simulators)
            "com/atlassian/", // swagger-request-validator (simulators)
            "io/fabric8/openshift/", // camel-kubernetes' OpenShift client
            "com/slack/", // Slack SDK (camel-slack)
            "kotlin/", // OkHttp's runtime
            "okhttp3/");

    static Path jar;

    @TempDir
    Path workDir;

    @BeforeAll
    static void theJarIsBuilt() {
        jar = Path.of(System.getProperty("afk.jar", "target/afk.jar"));
        assertThat(jar).as("mvn -B verify packages it before this test").isRegularFile();
    }

    static List<String> entries() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(ZipEntry::getName).toList();
        }
    }

    static String entry(String name) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            ZipEntry e = j.getEntry(name);
            assertThat(e).as(name).isNotNull();
            return new String(j.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void itHoldsNoTestCodeAndNoLibraryOnlyTheSimulatorsUse() throws IOException {
        List<String> names = entries();
        for (String prefix : NOT_IN_PRODUCTION) {
            assertThat(names).as(prefix).noneMatch(n -> n.startsWith(prefix));
        }
        assertThat(names).as("the dev profile and the contracts are the sandbox's")
                .doesNotContain("application-dev.properties")
                .noneMatch(n -> n.startsWith("contracts/"))
                .noneMatch(n -> n.startsWith("dev/afk/plane/SandboxConfiguration"));
    }

    @Test
    void itHoldsTheApplicationItsRoutesAndItsProdDefaults() throws IOException {
        List<String> names = entries();
        assertThat(names).contains("dev/afk/AfkApplication.class", "dev/afk/plane/ClusterConfiguration.class",
                "application.properties", "application-prod.properties", "log4j2.properties",
                "routes/doorbell.camel.yaml");
        assertThat(entry("META-INF/MANIFEST.MF")).contains("Main-Class: dev.afk.AfkApplication");
    }

    @Test
    void mergedServiceListsKeepEveryJarsEntries() throws IOException {
        // jolokia-service-jmx and jolokia-service-serializer each list their services in the same file.
        assertThat(entry("META-INF/jolokia/services-default"))
                .contains("org.jolokia.service.jmx.LocalRequestHandler",
                        "org.jolokia.service.serializer.JolokiaSerializer");
        // Camel's component descriptors, one line per jar.
        assertThat(entry("META-INF/services/org/apache/camel/component.properties"))
                .contains("components=bean", "direct", "quartz", "http", "kubernetes-", "seda");
    }

    @Test
    void javaDashJarWithNoConfigurationStartsTheProdProfileDisarmed() throws Exception {
        int port = StartupProcessTest.freePort();
        Path log = workDir.resolve("jar.log");
        Process p = StartupProcessTest.start(List.of("-jar", jar.toAbsolutePath().toString()), workDir,
                Map.of("MANAGEMENT_PORT", Integer.toString(port)), log);
        StartupProcessTest.assertStartsDisarmedAndStopsOnSigterm(p, log, port);
        assertThat(Files.readString(log)).doesNotContain("SANDBOX").doesNotContain("application-dev.properties");
    }

    /**
     * The jar with the webhook receiver on (issue 13): it starts (every component the webhook and kick routes use is
     * in the jar), answers a signed GitHub ping on its own port with 200 and an unsigned delivery with 401, and the
     * management port serves no hook.
     */
    @Test
    void javaDashJarWithTheWebhookReceiverOnAnswersOnItsOwnPort() throws Exception {
        int port = StartupProcessTest.freePort();
        int hook = StartupProcessTest.freePort();
        Path secret = workDir.resolve("webhook-secret");
        Files.writeString(secret, "jar-secret");
        Path log = workDir.resolve("jar-webhooks.log");
        Process p = StartupProcessTest.start(List.of("-jar", jar.toAbsolutePath().toString()), workDir,
                Map.of("MANAGEMENT_PORT", Integer.toString(port), "AFK_WEBHOOK_PORT", Integer.toString(hook),
                        "AFK_WEBHOOK_HOST", "127.0.0.1", "AFK_WEBHOOK_SECRET_FILE", secret.toString()), log);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> Files.readString(log).contains("(afk) started in"));
            assertThat(Files.readString(log)).contains("Webhook receiver on 127.0.0.1:" + hook).doesNotContain("ERROR");
            String body = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}";
            String sig = "sha256=" + dev.afk.core.WebhookSignature.hmacHex("jar-secret".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            var ping = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + hook
                    + "/hooks/github")).header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", "d-1")
                    .header("X-Hub-Signature-256", sig).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
            assertThat(ping.body()).contains("\"outcome\":\"ignored\"");
            var unsigned = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + hook + "/hooks/github")).header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", "d-2")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(401);
            var onManagement = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + port + "/hooks/github")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(onManagement.statusCode()).isEqualTo(404);
        } finally {
            p.destroy();
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
