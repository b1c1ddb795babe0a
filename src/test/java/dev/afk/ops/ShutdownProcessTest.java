package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.afk.core.PhaseChecklist;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.SimFault;
import dev.afk.sim.TrackerModel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt shutdown (issue 11, item 7): the real plane in a separate JVM, armed, ticking every second; SIGTERM
 * ({@link Process#destroy()} on Linux) while a tick is in its retries against a tracker that is down, or blocked
 * on a tracker that accepts and never answers, ends the process within 5 s with the default settings. A dispatch
 * in flight at SIGTERM runs to its end, the next dispatch is not started, and the next start finishes the tick's
 * work with no second thread, turn or AFK comment.
 */
class ShutdownProcessTest {

    /** The bound of issue 11: SIGTERM to exit. */
    static final Duration BOUND = Duration.ofSeconds(5);

    static final List<String> REPOS = List.of("acme/r1", "acme/r2", "acme/r3", "acme/r4", "acme/r5");

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void trackerRefusingConnectionsSigtermInTheRetriesExitsWithinFiveSecondsBetweenItems() throws Exception {
        sandbox(REPOS);
        int down = StartupProcessTest.freePort(); // nothing listens here
        Path log = dir.resolve("down.log");
        Process p = plane(env(REPOS, "http://127.0.0.1:" + down + "/api/v1"), log);

        // The first listing has failed after all its retries: the tick is now in the next listing's retries, with
        // nine more listings to go (about 30 s without a prompt shutdown).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.readString(log).contains("(after retries)"));
        long ms = sigtermToExitMillis(p);

        String out = Files.readString(log);
        System.out.printf("[shutdown] tracker refusing connections: SIGTERM -> exit %d ms%n", ms);
        assertThat(Duration.ofMillis(ms)).as("SIGTERM to exit").isLessThan(BOUND);
        assertThat(out).as("stopped between items by the stop step").contains("shutting down: the tick stops");
        assertThat(out).as("the tick ended by itself: no forced shutdown")
                .doesNotContain("Timeout occurred during graceful shutdown");
        assertThat(sandbox.t3().threads()).as("nothing dispatched").isEmpty();
    }

    @Test
    void trackerAcceptingAndNeverAnsweringSigtermDuringTheCallExitsWithinFiveSeconds() throws Exception {
        sandbox(REPOS);
        try (BlackHole hole = new BlackHole()) {
            Path log = dir.resolve("blackhole.log");
            Process p = plane(env(REPOS, "http://127.0.0.1:" + hole.port() + "/api/v1"), log);

            // A listing is on the wire, waiting for the 20 s response timeout.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> hole.accepted() >= 1);
            long ms = sigtermToExitMillis(p);

            System.out.printf("[shutdown] tracker accepting, never answering: SIGTERM -> exit %d ms%n", ms);
            assertThat(Duration.ofMillis(ms)).as("SIGTERM to exit, the call still waiting for its reply")
                    .isLessThan(BOUND);
            assertThat(sandbox.t3().threads()).as("nothing dispatched").isEmpty();
        }
    }

    @Test
    void t3RefusingConnectionsSigtermInADispatchsRetriesExitsWithinFiveSecondsBeforeTheNextDispatch()
            throws Exception {
        List<String> repos = List.of("acme/r1", "acme/r2", "acme/r3", "acme/r4");
        sandbox(repos);
        repos.forEach(r -> sandbox.readyIssue(r, "Issue of " + r, "body", Behaviour.SUCCEEDS));
        Map<String, String> env = env(repos, null);
        env.put("AFK_MAX_IN_FLIGHT", "4");
        env.put("AFK_T3_URL", "http://127.0.0.1:" + StartupProcessTest.freePort()); // nothing listens here
        Path log = dir.resolve("t3-down.log");
        Process p = plane(env, log);

        // The first dispatch's T3 call has failed after all its retries: the second is in its retries, two to go.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.readString(log).contains("(after retries)"));
        long ms = sigtermToExitMillis(p);

        String out = Files.readString(log);
        System.out.printf("[shutdown] T3 refusing connections: SIGTERM -> exit %d ms%n", ms);
        assertThat(Duration.ofMillis(ms)).as("SIGTERM to exit").isLessThan(BOUND);
        assertThat(out).contains("shutting down: the tick stops")
                .doesNotContain("Timeout occurred during graceful shutdown");
        for (String r : repos) {
            TrackerModel.Issue i = sandbox.model().issues(r).get(0);
            assertThat(afkComments(i)).as("T3 never accepted: nothing written on %s", r).isEmpty();
            assertThat(labels(i)).containsExactly("ready-for-agent");
        }
    }

    @Test
    void aDispatchInFlightAtSigtermFinishesTheNextWaitsAndTheNextStartDispatchesItOnce() throws Exception {
        // Two repos, one ready issue each: one tick dispatches both, one after the other (one per repo per tick).
        List<String> repo = List.of("acme/widgets", "acme/gadgets");
        sandbox(repo);
        TrackerModel.Issue first = sandbox.readyIssue("acme/widgets", "First", "one", Behaviour.SUCCEEDS);
        TrackerModel.Issue second = sandbox.readyIssue("acme/gadgets", "Second", "two", Behaviour.SUCCEEDS);
        // The first dispatch's record write is slow: SIGTERM lands inside that dispatch's write sequence.
        sandbox.trackerSim().inject(SimFault.delay("POST", ".*/issues/\\d+/comments", Duration.ofMillis(800), 1));
        Map<String, String> env = env(repo, null);

        Path log1 = dir.resolve("first-start.log");
        Process p1 = plane(env, log1);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> !sandbox.t3().threads().isEmpty());
        long ms = sigtermToExitMillis(p1);
        System.out.printf("[shutdown] dispatch in flight: SIGTERM -> exit %d ms%n", ms);
        assertThat(Duration.ofMillis(ms)).as("SIGTERM to exit").isLessThan(BOUND);
        assertThat(Files.readString(log1)).contains("shutting down: the tick stops")
                .doesNotContain("Timeout occurred during graceful shutdown");

        // Stopped between dispatches: one is complete, the other not begun.
        assertThat(sandbox.t3().threads()).as("one thread after the first start").hasSize(1);
        List<TrackerModel.Issue> done = dispatched(first, second);
        assertThat(done).as("exactly one dispatch finished before the exit").hasSize(1);
        TrackerModel.Issue waiting = done.get(0).number() == first.number() ? second : first;
        assertThat(afkComments(waiting)).as("the other dispatch never started").isEmpty();
        assertThat(labels(waiting)).containsExactly("ready-for-agent");

        Path log2 = dir.resolve("second-start.log");
        Process p2 = plane(env, log2);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> dispatched(first, second).size() == 2);
        long ms2 = sigtermToExitMillis(p2);
        System.out.printf("[shutdown] idle plane: SIGTERM -> exit %d ms%n", ms2);

        assertThat(sandbox.t3().threads()).as("one thread per issue").hasSize(2);
        sandbox.t3().threads().forEach(t -> assertThat(sandbox.t3().turnsFor(t.id())).as("one first turn")
                .hasSize(1));
        for (TrackerModel.Issue i : List.of(first, second)) {
            assertThat(afkComments(i)).as("one AFK comment on #%d", i.number()).hasSize(1);
            assertThat(labels(i)).containsExactly("in-progress");
        }
        assertThat(sandbox.t3().violations()).isEmpty();
        assertThat(Duration.ofMillis(ms2)).isLessThan(BOUND);
    }

    // --- the plane, the sandbox, the effects ---------------------------------------------------------------------

    private void sandbox(List<String> repos) {
        sandbox = new Sandbox(Clock.systemUTC(), "forgejo", 0, 0, 0, dir.resolve("secrets"), "deploy").start();
        repos.forEach(sandbox::repo);
    }

    /** The plane's environment, as an operator sets it: the sandbox's, ticking every second; trackerUrl overrides. */
    private Map<String, String> env(List<String> repos, String trackerUrl) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        sandbox.afkProperties(String.join(",", repos)).forEach((k, v) -> env.put(
                "AFK_" + k.substring("afk.".length()).toUpperCase().replace('-', '_'), v));
        if (trackerUrl != null) {
            env.put("AFK_TRACKER_URL", trackerUrl);
        }
        env.put("AFK_POLL_CRON", "* * * * * ?");
        env.put("AFK_WATCH_CRON", "0 0 0 1 1 ? 2099");
        env.put("MANAGEMENT_PORT", Integer.toString(StartupProcessTest.freePort()));
        return env;
    }

    private Process plane(Map<String, String> env, Path log) throws IOException {
        Process p = StartupProcessTest.start(
                List.of("-cp", System.getProperty("java.class.path"), "dev.afk.AfkApplication"), dir, env, log);
        processes.add(p);
        return p;
    }

    /** SIGTERM, then the time until the process has exited (at most 30 s are waited for). */
    private static long sigtermToExitMillis(Process p) throws InterruptedException {
        long start = System.nanoTime();
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The issues whose dispatch is complete: in-progress, out of the queue, a record naming a thread. */
    private List<TrackerModel.Issue> dispatched(TrackerModel.Issue... issues) {
        List<TrackerModel.Issue> out = new ArrayList<>();
        for (TrackerModel.Issue i : issues) {
            if (labels(i).contains("in-progress") && !labels(i).contains("ready-for-agent")
                    && afkComments(i).size() == 1) {
                out.add(i);
            }
        }
        return out;
    }

    private java.util.Set<String> labels(TrackerModel.Issue i) {
        return sandbox.model().issue(i.repo(), i.number()).orElseThrow().labels();
    }

    private List<TrackerModel.Comment> afkComments(TrackerModel.Issue i) {
        return sandbox.model().comments(i.repo(), i.number()).stream()
                .filter(c -> PhaseChecklist.isAfkComment(c.body())).toList();
    }

    /** A tracker that accepts every connection and never answers (sockets held open until closed). */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
