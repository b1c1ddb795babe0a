package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.Behaviour;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard at {@code /} as a person sees it: a real headless Chromium (Debian's {@code chromium}, which
 * {@code .ci/run} installs when missing) loads the page of a plane in an end-to-end sandbox run with a run in flight,
 * a queued issue and a handed-back run with its evidence, dumps the DOM it rendered and saves a screenshot to
 * {@code target/dashboard.png}. Without Chromium the test fails and says how to install it; {@code -Dafk.browser=skip}
 * turns that into a reported skip, never a silent pass.
 */
class DashboardBrowserE2ETest extends E2eSupport {

    private static final long BROWSER_SECONDS = 40;

    @Test
    void aHeadlessBrowserShowsTheRunTheQueueAndTheEndedRunsEvidence() throws Exception {
        Path chromium = chromium(System.getenv("PATH"), Path.of("/usr/bin/chromium"), System.getProperty("afk.browser"));
        sandbox.repo("acme/widgets");
        sandbox.repo("acme/gadgets");
        sandbox.readyIssue("acme/widgets", "Add a <b>health</b> endpoint", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/widgets", "Second widget waits", "", Behaviour.STALLS);
        sandbox.readyIssue("acme/gadgets", "Refactor the gadget cache", "", Behaviour.ERRORS);
        int port = Plane.freePort();
        startPlane("acme/widgets,acme/gadgets", Map.of("camel.management.enabled", "true",
                "camel.management.port", Integer.toString(port), "camel.server.port", Integer.toString(port)));
        plane.poll();
        roundsUntil(() -> labels("acme/gadgets", 1).contains(HUMAN) && !labels("acme/gadgets", 1).contains(IN_PROGRESS), 20);
        assertThat(labels("acme/widgets", 1)).contains(IN_PROGRESS);

        String url = "http://127.0.0.1:" + port + "/";
        Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        run(chromium, List.of("--screenshot=" + screenshot, "--window-size=1280,2000", url));
        String dom = run(chromium, List.of("--dump-dom", url));

        assertThat(dom).contains("<span class=\"state armed\">armed</span>");
        assertThat(dom).as("the run in flight, its title escaped, its issue link and T3 thread")
                .contains("acme/widgets#1</a> <span class=\"title\">Add a &lt;b&gt;health&lt;/b&gt; endpoint</span>")
                .containsPattern("<a href=\"http://[^\"]+/acme/widgets/issues/1\">acme/widgets#1</a>")
                .contains(dev.afk.core.RunIds.threadId(key("acme/widgets", 1), 1))
                .doesNotContain("<b>health</b>");
        assertThat(dom).as("the queue entry and why it waits")
                .contains("<h3>acme/widgets</h3>", "acme/widgets#2</a> <span class=\"title\">Second widget waits</span>",
                        "repository already has a run in flight: acme/widgets#1 is in flight (REPO_LOCKED)");
        assertThat(dom).as("the ended run with its reason and evidence")
                .contains("acme/gadgets#1</a> <span class=\"title\">Refactor the gadget cache</span>",
                        "<strong>handed back</strong> · AGENT_FAILED", "out of memory");
        assertThat(Files.size(screenshot)).as("a screenshot was saved").isGreaterThan(1000);
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(screenshot)) {
            assertThat(in.read(head)).isEqualTo(8);
        }
        assertThat(head).as("a PNG").containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
    }

    /** Chromium on PATH or in /usr/bin; absent, the test fails with how to install it (or skips when told to). */
    static Path chromium(String pathVariable, Path fallback, String browserProperty) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : Optional.ofNullable(pathVariable).orElse("").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "chromium"));
            }
        }
        candidates.add(fallback);
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        String message = "no Chromium found (chromium on PATH or /usr/bin/chromium): install it with "
                + "`apt-get install chromium` (.ci/run does), or pass -Dafk.browser=skip to skip this test";
        Assumptions.assumeFalse("skip".equals(browserProperty), message);
        return Assertions.fail(message);
    }

    /** One headless Chromium run with its own throw-away profile; its stdout, bounded in time. */
    private String run(Path chromium, List<String> args) throws Exception {
        Path profile = Files.createTempDirectory(secrets, "chromium");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(args);
        Path out = Files.createTempFile(secrets, "chromium", ".out");
        Path err = Files.createTempFile(secrets, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            Assertions.fail("chromium did not finish within " + BROWSER_SECONDS + " s: " + command);
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr: %s",
                Files.readString(err, StandardCharsets.UTF_8)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
