package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as an operator starts it: a separate JVM running {@code dev.afk.AfkApplication} with nothing
 * but environment variables, from a directory that is not the project (the routes come from the classpath).
 */
class StartupProcessTest {

    @TempDir
    Path workDir;

    private Process start(Map<String, String> env, Path log) throws IOException {
        return start(List.of("-cp", System.getProperty("java.class.path"), "dev.afk.AfkApplication"), workDir, env,
                log);
    }

    /** {@code java <args>} from {@code dir}, with no AFK_ or CAMEL_ variable but {@code env}; output to {@code log}. */
    static Process start(List<String> args, Path dir, Map<String, String> env, Path log) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AFK_") || k.startsWith("CAMEL_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void withNoConfigurationItStartsDisarmedNamesBothKeysAndKeepsRunning() throws Exception {
        int port = freePort();
        Path log = workDir.resolve("out.log");
        assertStartsDisarmedAndStopsOnSigterm(start(Map.of("MANAGEMENT_PORT", Integer.toString(port)), log), log,
                port);
    }

    /**
     * What an operator sees of an AFK started with nothing set: the prod profile, disarmed, naming the two keys
     * that arm it, no ERROR, the status view up and saying so; it keeps running and stops on SIGTERM.
     */
    static void assertStartsDisarmedAndStopsOnSigterm(Process p, Path log, int port) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("(afk) started in"));
            String out = Files.readString(log);
            assertThat(out).contains("DISARMED", "AFK_KILL_SWITCH", "AFK_ALLOWLIST");
            assertThat(out).doesNotContain("ERROR");

            HttpResponse<String> status = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/afk/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.body()).contains("\"armed\" : false", "AFK_KILL_SWITCH");
            assertThat(p.isAlive()).as("keeps running until stopped").isTrue();
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    void armedWithNothingElseExitsNonZeroWithinSecondsNamingTheTrackerUrl() throws Exception {
        Path log = workDir.resolve("armed.log");
        Process p = start(Map.of("AFK_KILL_SWITCH", "false", "AFK_ALLOWLIST", "acme/widgets",
                "MANAGEMENT_PORT", Integer.toString(freePort())), log);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("AFK_TRACKER_URL");
        assertThat(List.of(Files.readString(log).split("\n")))
                .anyMatch(l -> l.contains("Invalid configuration") && l.contains("AFK_TRACKER_URL"));
    }
}
