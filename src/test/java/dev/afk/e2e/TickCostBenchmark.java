package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.sim.Behaviour;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.Sandbox;
import dev.afk.sim.SimRequest;
import dev.afk.sim.SimServer;
import dev.afk.wire.T3Wire;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: a benchmark of what one tick costs (calls, CPU, heap) against the sandbox's simulators, for
 * docs/ARCHITECTURE.md §7. Its name keeps it out of {@code mvn verify}; run it on purpose with
 *
 * <pre>mvn -B test -Dtest=TickCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The tables go to stdout (surefire-reports/dev.afk.e2e.TickCostBenchmark-output.txt) and to
 * {@code <buildDir>/tick-cost-benchmark.md}; docs/benchmark.md reads them. Ticks run synchronously on this thread
 * (direct: routes, blocking HTTP client, no parallel split), so this thread's CPU time and allocated bytes are the
 * plane's cost of the tick; the simulators run on their own threads and are not counted there.
 */
class TickCostBenchmark {

    private static final int WARM_UP = Integer.getInteger("tickcost.warmup", 15);
    private static final int MEASURED = Integer.getInteger("tickcost.ticks", 30);

    static {
        // The JDK HttpServer under the simulators leaves Nagle on by default: a reply written as headers + body
        // then waits for the client's delayed ACK (~40 ms per call on loopback), which would be the simulator's
        // cost, not the plane's. Read once, when the first HttpServer is created, so it must be set first.
        if (!"false".equals(System.getProperty("tickcost.simNodelay"))) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final int HELD = 40;
    private static final int UNRELATED_THREADS = 9_997; // + AFK's 3 runs = a 10,000-thread fleet

    @TempDir
    Path tmp;

    private final StringBuilder out = new StringBuilder();
    private final List<String> summary = new ArrayList<>();

    @Test
    void measureWhatATickCosts() throws Exception {
        out.append("# Tick cost benchmark\n\n").append(machine())
                .append("- simulator replies with TCP_NODELAY: ").append(System.getProperty("sun.net.httpserver.nodelay"))
                .append("\n\n");

        jitWarmUp();
        quietPoll("forgejo", 100);
        if (Boolean.getBoolean("tickcost.onlyFirst")) {
            System.out.println(out.append("\n").append(String.join("\n", summary)));
            return;
        }
        quietPoll("forgejo", 300);
        quietPoll("github", 100);
        quietPoll("github", 300);
        beyondTheEtagCache(600);
        busyPoll();
        watch("forgejo", 0);   // small fleet first: warms the watch routes and gives the baseline
        watch("forgejo", UNRELATED_THREADS);
        watch("github", 0);

        String report = "## Summary\n\n"
                + "| scenario | ticks | calls/tick | 304 share | CPU ms med / p90 | wall ms med / p90 | alloc MB/tick med"
                + " | same call twice in a tick |\n|---|---|---|---|---|---|---|---|\n"
                + String.join("\n", summary) + "\n\n" + out;
        System.out.println(report);
        Path file = buildDir().resolve("tick-cost-benchmark.md");
        Files.writeString(file, report);
        System.out.println("written to " + file);
    }

    // ---- scenarios ----

    /** Untimed: the first scenario would otherwise pay for the JIT compiling Camel's and the HTTP client's paths. */
    private void jitWarmUp() {
        for (String tracker : List.of("forgejo", "github")) {
            try (Rig rig = new Rig(tracker, tmp.resolve(tracker + "-jit"))) {
                rig.start(rig.repos(100), Map.of());
                rig.ticks(40, rig::poll);
            }
        }
    }

    /**
     * Scenario 2, past the ETag cache: GitHub with more listing URLs (2 per repo) than EtagCache's 1,000 entries.
     * Measured with the simulator's rate limit lifted (to see the calls, not the refusals), then with GitHub's
     * 5,000 an hour to see how many ticks the budget lasts.
     */
    private void beyondTheEtagCache(int repos) {
        try (Rig rig = new Rig("github", tmp.resolve("github-beyond-" + repos))) {
            GitHubSimulator github = (GitHubSimulator) rig.sandbox.trackerSim();
            List<String> names = rig.repos(repos);
            rig.start(names, Map.of());
            github.setRateLimit(10_000_000);
            Tick first = rig.tick(rig::poll);
            rig.ticks(3, rig::poll);
            List<Tick> ticks = rig.ticks(10, rig::poll);
            String name = "quiet poll, github, " + repos + " repos (1,200 listing URLs; the cache it once overflowed)";
            row(name, ticks);
            github.setRateLimit(5000);
            int refusedAt = 0;
            for (int i = 1; i <= 10 && refusedAt == 0; i++) {
                Tick t = rig.tick(rig::poll);
                if (t.calls().stream().anyMatch(c -> c.status() == 403)) {
                    refusedAt = i;
                }
            }
            section(name, "first tick, then 10 measured ticks after 3 warm-up ticks, with the simulator's rate limit"
                    + " lifted; then, with a fresh window of GitHub's 5,000 requests an hour, the first refused (403)"
                    + " request came in tick " + (refusedAt == 0 ? "(none within 10)" : String.valueOf(refusedAt)),
                    groups("first tick", List.of(first), "measured", ticks));
        }
    }

    /** Scenarios 1 and 2: allowlisted repos without a single ready issue. */
    private void quietPoll(String tracker, int repos) {
        try (Rig rig = new Rig(tracker, tmp.resolve(tracker + "-quiet-" + repos))) {
            List<String> names = rig.repos(repos);
            rig.start(names, Map.of());
            List<Tick> warm = rig.ticks(WARM_UP, rig::poll);
            List<Tick> ticks = rig.ticks(MEASURED, rig::poll);
            assertThat(ticks).allSatisfy(t -> assertThat(t.calls()).noneMatch(c -> !c.method().equals("GET")));
            String name = "quiet poll, " + tracker + ", " + repos + " repos";
            row(name, ticks);
            section(name, "first tick (cold cache) then " + MEASURED + " measured ticks after " + WARM_UP
                    + " warm-up ticks", groups("first tick", List.of(warm.get(0)), "measured", ticks));
        }
    }

    /** Scenario 3: 100 repos with 3 ready issues each and a cap of 3 runs in flight. */
    private void busyPoll() {
        try (Rig rig = new Rig("forgejo", tmp.resolve("busy"))) {
            List<String> names = rig.repos(100);
            for (String repo : names) {
                for (int i = 1; i <= 3; i++) {
                    rig.sandbox.readyIssue(repo, "Task " + i + " of " + repo, "Do thing " + i + ".", Behaviour.STALLS);
                }
            }
            rig.start(names, Map.of("afk.max-in-flight", "3"));
            Tick dispatching = rig.tick(rig::poll);
            assertThat(rig.sandbox.t3().threads()).as("the cap holds").hasSize(3);
            List<Tick> next = rig.ticks(10, rig::poll);
            assertThat(rig.sandbox.t3().threads()).as("nothing more is dispatched at the cap").hasSize(3);
            row("busy poll, forgejo, 100 repos x 3 ready, dispatching tick", List.of(dispatching));
            row("busy poll, forgejo, 100 repos x 3 ready, next ticks (3 in flight)", next);
            section("busy poll, forgejo, 100 repos x 3 ready issues, max-in-flight 3",
                    "the dispatching tick (one sample: it happens once) and the 10 ticks after it",
                    groups("dispatching tick", List.of(dispatching), "next 10 ticks", next));
        }
    }

    /**
     * Scenarios 4 and 5: 100 allowlisted repos, 3 runs in flight, and {@code unrelated} other threads in T3. The
     * runs first move on every tick (the agent makes a step between ticks), then sit at "pushed, CI pending" while
     * quiet ticks are measured.
     */
    private void watch(String tracker, int unrelated) throws Exception {
        String name = "watch, " + tracker + ", fleet " + (3 + unrelated) + " threads";
        try (Rig rig = new Rig(tracker, tmp.resolve(tracker + "-watch-" + unrelated))) {
            List<String> names = rig.repos(100);
            for (int i = 0; i < 3; i++) {
                rig.sandbox.readyIssue(names.get(i * 30), "Run " + i, "Make it so.", Behaviour.SUCCEEDS);
            }
            rig.start(names, Map.of("afk.max-in-flight", "3"));
            rig.poll();
            assertThat(rig.sandbox.t3().threads()).hasSize(3);
            long seedMs = unrelated == 0 ? 0 : rig.seedUnrelatedThreads(unrelated);

            // Steps 0..3 of the scripted agent: session starts, tests-red, green, pushed (+ CI pending).
            List<Tick> changing = new ArrayList<>();
            for (int step = 0; step < 4; step++) {
                rig.sandbox.script().pump();
                changing.add(rig.tick(rig::watch));
            }
            rig.ticks(WARM_UP, rig::watch);
            List<Tick> quiet = rig.ticks(MEASURED, rig::watch);
            assertThat(rig.sandbox.t3().threads()).hasSize(3 + unrelated);

            row(name + ", runs changed (agent stepped)", changing);
            row(name + ", quiet (pushed, CI pending)", quiet);
            Map<String, List<Tick>> groups = new LinkedHashMap<>();
            List<String> steps = List.of("agent step 1: session started", "step 2: tests-red", "step 3: green",
                    "step 4: pushed, CI pending");
            for (int i = 0; i < steps.size(); i++) {
                groups.put(steps.get(i), List.of(changing.get(i)));
            }
            groups.put("quiet: nothing changed (median of " + quiet.size() + ")", quiet);
            section(name, "4 ticks with an agent step before each (one sample per step),"
                    + " then " + MEASURED + " quiet ticks after " + WARM_UP + " warm-up ticks"
                    + (unrelated == 0 ? "" : "; seeding " + unrelated + " threads over HTTP took " + seedMs + " ms"),
                    groups);
            if (unrelated > 0) {
                fleetRead(rig);
            }
        }
    }

    /** The fleet read alone: CPU, allocation, and what it leaves on the heap while the tick holds it. */
    private void fleetRead(Rig rig) throws Exception {
        int docBytes = rig.shellDocument().length;
        ProducerTemplate producer = rig.plane.context().createProducerTemplate();
        try {
            List<Tick> reads = rig.ticks(MEASURED, () -> producer.requestBody("direct:t3-fleet", (Object) null));
            // Retained size: hold HELD parsed fleets at once, so GC noise of a few MB is divided by HELD.
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = usedAfterGc(memory);
            List<Map<?, ?>> fleets = new ArrayList<>();
            for (int i = 0; i < HELD; i++) {
                fleets.add(producer.requestBody("direct:t3-fleet", (Object) null, Map.class));
            }
            long after = usedAfterGc(memory);
            int size = fleets.get(0).size();
            Reference.reachabilityFence(fleets);
            byte[] doc = rig.shellDocument();
            List<Tick> parses = rig.ticks(MEASURED, () -> parse(doc));
            String bodyType = rig.shellBodyTypeSeenByTheParser(producer);
            row("fleet read alone (direct:t3-fleet), " + size + " threads", reads);
            row("fleet parse alone (T3Wire.fleet on the bytes), " + size + " threads", parses);
            out.append("### fleet read alone, ").append(size).append(" threads\n\n")
                    .append("| measure | value |\n|---|---|\n")
                    .append("| /shell document | ").append(mb(docBytes)).append(" MB (").append(docBytes)
                    .append(" bytes) |\n")
                    .append("| calls | ").append(median(reads, t -> (double) t.calls().size())).append(" |\n")
                    .append("| CPU ms med / p90 | ").append(pair(reads, Tick::cpuMs)).append(" |\n")
                    .append("| wall ms med / p90 | ").append(pair(reads, Tick::wallMs)).append(" |\n")
                    .append("| allocated MB per read (med) | ").append(fmt(median(reads, Tick::allocMb)))
                    .append(" |\n")
                    .append("| T3Wire.fleet alone on the same bytes: CPU ms med / p90 | ")
                    .append(pair(parses, Tick::cpuMs)).append(" |\n")
                    .append("| T3Wire.fleet alone: allocated MB per parse (med) | ")
                    .append(fmt(median(parses, Tick::allocMb))).append(" |\n")
                    .append("| body type the route hands to the parser | `").append(bodyType).append("` |\n")
                    .append("| used heap after GC, before the reads | ").append(mb(before)).append(" MB |\n")
                    .append("| used heap after GC, holding ").append(HELD).append(" parsed fleets | ")
                    .append(mb(after)).append(" MB |\n")
                    .append("| retained per parsed fleet ((after - before) / ").append(HELD).append(") | ")
                    .append(mb((after - before) / HELD)).append(" MB |\n\n");
        } finally {
            producer.close();
        }
    }

    private static void parse(byte[] doc) {
        try {
            T3Wire.fleet(new java.io.ByteArrayInputStream(doc));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- reporting ----

    private void row(String name, List<Tick> ticks) {
        summary.add("| " + name + " | " + ticks.size() + " | " + fmt(median(ticks, t -> (double) t.calls().size()))
                + " | " + share304(ticks) + " | " + pair(ticks, Tick::cpuMs) + " | " + pair(ticks, Tick::wallMs)
                + " | " + fmt(median(ticks, Tick::allocMb)) + " | " + repeatedSummary(ticks) + " |");
    }

    private void section(String name, String how, Map<String, List<Tick>> groups) {
        out.append("### ").append(name).append("\n\n").append(how).append(".\n\n");
        List<String> keys = new ArrayList<>(groups.keySet());
        out.append("| call (median per tick) |");
        keys.forEach(k -> out.append(' ').append(k).append(" |"));
        out.append("\n|---|").append("---|".repeat(keys.size())).append('\n');
        TreeMap<String, List<Double>> byClass = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            List<Tick> ticks = groups.get(keys.get(i));
            for (String cls : ticks.stream().flatMap(t -> t.calls().stream()).map(Call::cls).distinct().toList()) {
                List<Double> cells = byClass.computeIfAbsent(cls, c -> new ArrayList<>(Collections.nCopies(keys.size(),
                        0.0)));
                cells.set(i, median(ticks, t -> (double) t.calls().stream().filter(c -> c.cls().equals(cls)).count()));
            }
        }
        byClass.forEach((cls, cells) -> {
            out.append("| `").append(cls).append("` |");
            cells.forEach(v -> out.append(' ').append(fmt(v)).append(" |"));
            out.append('\n');
        });
        out.append("| **total** |");
        keys.forEach(k -> out.append(" **").append(fmt(median(groups.get(k), t -> (double) t.calls().size())))
                .append("** |"));
        out.append("\n| CPU ms med / p90 |");
        keys.forEach(k -> out.append(' ').append(pair(groups.get(k), Tick::cpuMs)).append(" |"));
        out.append("\n| wall ms med / p90 |");
        keys.forEach(k -> out.append(' ').append(pair(groups.get(k), Tick::wallMs)).append(" |"));
        out.append("\n| alloc MB/tick med |");
        keys.forEach(k -> out.append(' ').append(fmt(median(groups.get(k), Tick::allocMb))).append(" |"));
        out.append("\n| 304 share |");
        keys.forEach(k -> out.append(' ').append(share304(groups.get(k))).append(" |"));
        out.append("\n\n");
        for (String k : keys) {
            Map<String, Long> repeated = repeated(groups.get(k));
            if (!repeated.isEmpty()) {
                out.append("Same request more than once within one tick (").append(k).append("), worst tick: ");
                out.append(repeated.entrySet().stream().map(e -> "`" + e.getKey() + "` x" + e.getValue())
                        .collect(Collectors.joining(", "))).append("\n\n");
            }
        }
    }

    private static Map<String, List<Tick>> groups(String k1, List<Tick> v1, String k2, List<Tick> v2) {
        Map<String, List<Tick>> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static String repeatedSummary(List<Tick> ticks) {
        Map<String, Long> r = repeated(ticks);
        return r.isEmpty() ? "none" : r.size() + " distinct";
    }

    /** Requests (method, full path, query, body) sent more than once within the same tick, worst count seen. */
    private static Map<String, Long> repeated(List<Tick> ticks) {
        Map<String, Long> worst = new TreeMap<>();
        for (Tick t : ticks) {
            Map<String, Long> counts = t.calls().stream().collect(Collectors.groupingBy(Call::exact,
                    Collectors.counting()));
            counts.forEach((k, n) -> {
                if (n > 1) {
                    worst.merge(k, n, Math::max);
                }
            });
        }
        return worst;
    }

    private static String share304(List<Tick> ticks) {
        long tracker = ticks.stream().flatMap(t -> t.calls().stream()).filter(c -> !c.system().equals("t3")).count();
        long notModified = ticks.stream().flatMap(t -> t.calls().stream()).filter(c -> c.status() == 304).count();
        return tracker == 0 ? "-" : Math.round(100.0 * notModified / tracker) + "%";
    }

    private static String pair(List<Tick> ticks, Function<Tick, Double> f) {
        return fmt(median(ticks, f)) + " / " + fmt(percentile(ticks, f, 0.9));
    }

    private static double median(List<Tick> ticks, Function<Tick, Double> f) {
        return percentile(ticks, f, 0.5);
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Tick> ticks, Function<Tick, Double> f, double p) {
        List<Double> v = ticks.stream().map(f).sorted().toList();
        return v.get(Math.max(0, (int) Math.ceil(p * v.size()) - 1));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format("%.1f", v);
    }

    private static String mb(long bytes) {
        return String.format("%.1f", bytes / 1_048_576.0);
    }

    /** Used heap after full GCs, repeated until two readings agree within 1 MB (at most 10). */
    private static long usedAfterGc(MemoryMXBean memory) {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < 1_048_576) {
                return used;
            }
            last = used;
        }
        return last;
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return "- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", GC " + ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName())
                .collect(Collectors.joining(" + ")) + ", max heap " + mb(rt.maxMemory()) + " MB\n"
                + "- CPUs available: " + rt.availableProcessors() + "; OS: " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "\n"
                + "- CPU time is the caller thread's (ThreadMXBean.getCurrentThreadCpuTime), allocation its"
                + " getThreadAllocatedBytes; simulators, GC and JIT threads are not included\n";
    }

    private static Path buildDir() throws Exception {
        // <buildDir>/test-classes is where this class was loaded from.
        return Path.of(TickCostBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
    }

    // ---- measuring ----

    /** One HTTP call a simulator received during a tick. */
    record Call(String system, String method, String path, String query, String body, int status) {

        /** The call with ids folded away: the unit the cost model counts. */
        String cls() {
            String p = path.startsWith("/api/v1/") ? path.substring(7) : path;
            String[] seg = p.split("/");
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < seg.length; i++) {
                String s = seg[i];
                if (i >= 2 && seg[i - 1].equals("repos")) {
                    s = "{o}";
                } else if (i >= 3 && seg[i - 2].equals("repos")) {
                    s = "{r}";
                } else if (s.matches("\\d+")) {
                    s = "{n}";
                } else if (s.matches("[0-9a-f]{40}")) {
                    s = "{sha}";
                } else if (seg[i - 1].equals("threads")) {
                    s = "{id}";
                }
                b.append('/').append(s);
            }
            String label = queryParam("labels");
            if (label == null) {
                label = queryParam("label");
            }
            String what = body != null && body.contains("\"type\":\"") && system.equals("t3")
                    ? " " + body.replaceAll("(?s).*?\"type\":\"([^\"]+)\".*", "$1") : "";
            return system + " " + method + " " + b + (label == null ? "" : "?labels=" + label) + what;
        }

        String exact() {
            return system + " " + method + " " + path + (query == null ? "" : "?" + query)
                    + (method.equals("GET") || body == null ? "" : " " + Integer.toHexString(body.hashCode()));
        }

        private String queryParam(String name) {
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    record Tick(long cpuNs, long wallNs, long allocBytes, List<Call> calls) {
        double cpuMs() {
            return cpuNs / 1e6;
        }

        double wallMs() {
            return wallNs / 1e6;
        }

        double allocMb() {
            return allocBytes < 0 ? -1 : allocBytes / 1_048_576.0;
        }
    }

    /** A sandbox plus the real plane, with ticks measured on the calling thread. */
    private static final class Rig implements AutoCloseable {

        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        final TestClock clock = new TestClock(Instant.parse("2026-11-24T08:00:00Z"));
        final HttpClient http = HttpClient.newHttpClient();
        final String tracker;
        final Sandbox sandbox;
        Plane plane;

        Rig(String tracker, Path secrets) {
            this.tracker = tracker;
            this.sandbox = new Sandbox(clock, tracker, 0, 0, 0, secrets, "deploy").start();
        }

        List<String> repos(int n) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String repo = String.format("bench/repo-%03d", i);
                sandbox.repo(repo);
                names.add(repo);
            }
            return names;
        }

        void start(List<String> allowlist, Map<String, String> extra) {
            Map<String, String> p = new LinkedHashMap<>(sandbox.afkProperties(String.join(",", allowlist)));
            String port = Integer.toString(Plane.freePort()); // never collide with another build's plane
            p.put("camel.server.port", port);
            p.put("camel.management.port", port);
            p.putAll(extra);
            plane = Plane.start(p, clock);
        }

        void poll() {
            plane.poll();
        }

        void watch() {
            plane.watch();
        }

        List<Tick> ticks(int n, Runnable tick) {
            List<Tick> ticks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ticks.add(tick(tick));
            }
            return ticks;
        }

        Tick tick(Runnable tick) {
            clock.advance(Duration.ofSeconds(30));
            List<SimServer> sims = List.of(sandbox.trackerSim(), sandbox.t3(), sandbox.slack());
            sims.forEach(SimServer::clearRequests);
            long id = Thread.currentThread().getId();
            long alloc0 = allocated(id);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            tick.run();
            long wall = System.nanoTime() - wall0;
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long alloc = alloc0 < 0 ? -1 : allocated(id) - alloc0;
            List<Call> calls = new ArrayList<>();
            add(calls, tracker, sandbox.trackerSim());
            add(calls, "t3", sandbox.t3());
            add(calls, "slack", sandbox.slack());
            return new Tick(cpu, wall, alloc, calls);
        }

        private static void add(List<Call> calls, String system, SimServer sim) {
            for (SimRequest r : sim.requests()) {
                calls.add(new Call(system, r.method(), r.path(), r.query(), r.body(), r.status()));
            }
        }

        private static long allocated(long threadId) {
            if (THREADS instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                    && sun.isThreadAllocatedMemoryEnabled()) {
                return sun.getThreadAllocatedBytes(threadId);
            }
            return -1;
        }

        /**
         * Fills T3 with threads that are not AFK's, as other users of the same server would: thread.create over
         * HTTP (the simulator has no seeding back door), then an idle session on each. Returns the time it took.
         */
        long seedUnrelatedThreads(int n) throws Exception {
            long t0 = System.nanoTime();
            int projects = 20;
            for (int p = 0; p < projects; p++) {
                sandbox.t3().createProject("project-unrelated-" + p, "/srv/unrelated/team-" + p);
            }
            URI dispatch = URI.create(sandbox.t3().baseUrl() + T3Wire.DISPATCH_PATH);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> created = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    created.add(pool.submit(() -> {
                        String threadId = UUID.nameUUIDFromBytes(("unrelated-" + k).getBytes(StandardCharsets.UTF_8))
                                .toString();
                        String body = T3Wire.toJson(T3Wire.threadCreate(UUID.randomUUID().toString(), threadId,
                                "project-unrelated-" + (k % projects), "team-" + (k % projects) + " chat " + k,
                                "claudeAgent", "claude-sonnet-5", clock.instant()));
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(dispatch)
                                .header("Authorization", "Bearer " + Sandbox.T3_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("thread.create answered " + r.statusCode());
                        }
                        return threadId;
                    }));
                }
                for (Future<String> f : created) {
                    sandbox.t3().setSession(f.get(), "ready", null);
                }
            } finally {
                pool.shutdownNow();
            }
            sandbox.t3().clearRequests();
            return (System.nanoTime() - t0) / 1_000_000;
        }

        byte[] shellDocument() throws Exception {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(URI.create(sandbox.t3().baseUrl() + T3Wire.SHELL_PATH))
                            .header("Authorization", "Bearer " + Sandbox.T3_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.body();
        }

        /** What t3-call leaves as the body of a /shell reply, i.e. what T3Steps.fleet reads from. */
        String shellBodyTypeSeenByTheParser(ProducerTemplate producer) {
            org.apache.camel.Exchange done = producer.send("direct:t3-call", e -> {
                e.setVariable(dev.afk.wire.HttpCall.VARIABLE,
                        dev.afk.wire.HttpCall.get("t3", "fleet", T3Wire.SHELL_PATH, null));
            });
            Object body = done.getMessage().getBody();
            return body == null ? "null" : body.getClass().getName();
        }

        @Override
        public void close() {
            if (plane != null) {
                plane.close();
            }
            sandbox.close();
        }
    }
}
