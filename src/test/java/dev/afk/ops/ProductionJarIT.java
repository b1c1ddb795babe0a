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
                .contains("components=bean", "direct", "quartz", "http", "kubernetes-");
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
}
