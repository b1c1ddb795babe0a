package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.afk.core.Config;
import dev.afk.core.WebhookSettings;
import dev.afk.sim.Behaviour;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.Sandbox;
import dev.afk.sim.SimRequest;
import dev.afk.sim.TrackerModel;
import dev.afk.sim.WebhookSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: the webhook benchmark of issue 13 (webhooks vs polling), for docs/benchmark.md. Its name keeps it out of
 * {@code mvn verify} (surefire includes *Test, *Tests, *Properties only); run it on purpose with
 *
 * <pre>mvn -B test -Dtest=WebhookBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The tables go to stdout (surefire-reports/dev.afk.e2e.WebhookBenchmark-output.txt) and to
 * {@code <buildDir>/webhook-benchmark.md}. Every plane is the real application against the sandbox's simulators
 * with a fleet of {@value #REPOS} allowlisted repos:
 *
 * <ul>
 *   <li>(a) label-to-dispatch and (b) green-deploy-to-close latency, p50/p95. Webhook-kicked: real wall clock from
 *       the model change to the plane's write (the in-progress label; the issue closed), the simulated tracker
 *       delivering the signed event itself. Polling only: a minute per sample cannot be waited out, so it is
 *       modelled: the wait for the next cron firing, uniform over the cron's period (a seeded Random), plus the
 *       measured time from the change to the write when the tick runs right away.</li>
 *   <li>(c) tracker calls and counted GitHub rate-limit points (non-304 requests) per hour of a quiet fleet: every
 *       tick the crons fire in one simulated hour of the test clock, measured, and shown as ticks × calls per tick
 *       (by kind of tick: poll, poll with the default-branch checks due, watch).</li>
 *   <li>(d) what one kick costs in the quiet fleet: a kick runs whole ticks.</li>
 * </ul>
 */
class WebhookBenchmark {

    static {
        // As in TickCostBenchmark (SimServer sets it too): without it the JDK HttpServer's Nagle costs ~40 ms per call
        // on loopback, the simulator's cost and not the plane's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final int REPOS = 100;
    private static final int BURST = 10;
    /** The default coalesce window (AFK_WEBHOOK_COALESCE_MS unset); the latency lines add one with 0 ms. */
    private static final long COALESCE = WebhookSettings.DEFAULT_COALESCE_MILLIS;
    private static final int SAMPLES = Integer.getInteger("webhookbench.samples", 20);
    private static final long SEED = Long.getLong("webhookbench.seed", 13L);
    private static final boolean FORGEJO_CLOSE = Boolean.getBoolean("webhookbench.forgejoClose");
    private static final List<String> TRACKERS = List.of(System.getProperty("webhookbench.trackers",
            "github,forgejo").split(","));
    private static final String SECRET = "s3cret";
    private static final String READY = "ready-for-agent";
    private static final String IN_PROGRESS = "in-progress";

    @TempDir
    Path tmp;

    private final StringBuilder out = new StringBuilder();

    @Test
    void measureWebhooksAgainstPolling() throws Exception {
        long t0 = System.nanoTime();
        out.append("# Webhook benchmark (issue 13): webhooks vs polling\n\n").append(machine())
                .append("- fleet: ").append(REPOS).append(" allowlisted repos; ").append(SAMPLES)
                .append(" samples per latency line; seed ").append(SEED).append("\n\n");
        Map<String, Crons> crons = new LinkedHashMap<>();
        for (String tracker : List.of("github", "forgejo")) {
            crons.put(tracker + " polling", Crons.of(tracker, false));
            crons.put(tracker + " webhooks", Crons.of(tracker, true));
        }
        out.append("Effective default crons (Config.fromMap, nothing set but the tracker and the webhook port):\n\n")
                .append("| tracker | mode | poll cron | watch cron |\n|---|---|---|---|\n");
        crons.forEach((k, c) -> out.append("| ").append(k.replace(" ", " | ")).append(" | `").append(c.poll)
                .append("` | `").append(c.watch).append("` |\n"));
        out.append('\n');

        StringBuilder quiet = new StringBuilder();
        StringBuilder kicks = new StringBuilder();
        Map<String, Samples> label = new LinkedHashMap<>();
        Map<String, Samples> close = new LinkedHashMap<>();

        for (String tracker : TRACKERS) {
            Crons polling = crons.get(tracker + " polling");
            Crons hooked = crons.get(tracker + " webhooks");
            try (Rig rig = new Rig(tracker, tmp.resolve(tracker + "-poll"), false, 0)) {
                phase(tracker + " polling: start");
                quiet.append(quietHour(rig, polling, "polling only"));
                phase(tracker + " polling: quiet hour");
                if (tracker.equals("github") || FORGEJO_CLOSE) {
                    close.put(tracker + " polling", greenToClose(rig));
                    phase(tracker + " polling: green-to-close");
                }
                label.put(tracker + " polling", labelToDispatch(rig));
                phase(tracker + " polling: label-to-dispatch");
            }
            try (Rig rig = new Rig(tracker, tmp.resolve(tracker + "-hook"), true, COALESCE)) {
                phase(tracker + " webhooks " + COALESCE + " ms: start");
                quiet.append(quietHour(rig, hooked, "webhooks on"));
                phase(tracker + " webhooks " + COALESCE + " ms: quiet hour");
                kicks.append(oneKick(rig));
                phase(tracker + " webhooks " + COALESCE + " ms: one kick");
                if (tracker.equals("github")) {
                    close.put(tracker + " webhook " + COALESCE, greenToClose(rig));
                    phase(tracker + " webhooks " + COALESCE + " ms: green-to-close");
                }
                label.put(tracker + " webhook " + COALESCE, labelToDispatch(rig));
                phase(tracker + " webhooks " + COALESCE + " ms: label-to-dispatch");
            }
            if (tracker.equals("github")) {
                try (Rig rig = new Rig(tracker, tmp.resolve(tracker + "-hook0"), true, 0)) {
                    rig.warmUp();
                    phase(tracker + " webhooks 0 ms: start + warm-up");
                    label.put(tracker + " webhook 0", labelToDispatch(rig));
                    phase(tracker + " webhooks 0 ms: label-to-dispatch");
                }
            }
        }

        StringBuilder report = new StringBuilder();
        report.append(out);
        report.append("## (a) label-to-dispatch latency\n\n")
                .append("From a maintainer's `ready-for-agent` label (the model change) to the plane's `in-progress`"
                        + " label on the issue (the dispatch). One fresh issue per sample, each in another repo of"
                        + " the fleet.\n\n")
                .append(latencyTable(label, "dispatch", crons)).append('\n');
        report.append("## (b) green-to-close latency (a green deploy to the issue closed)\n\n")
                .append("A run of `Behaviour.SUCCEEDS` is dispatched and walked to pushed and CI green (the watch saw"
                        + " it); then the deploy job reports success (a commit status `deploy` = success on the pushed"
                        + " SHA: the last input the close waits for). From that status (the model change) to the"
                        + " issue closed. On GitHub the status delivery kicks the watch. Forgejo sends no"
                        + " commit-status event, so there green-to-close stays polling-bound: its watch keeps the"
                        + " every-minute cron with webhooks on (the Forgejo line below is that polling bound).\n\n")
                .append(latencyTable(close, "close", crons)).append('\n');
        report.append("## (c) a quiet fleet: tracker calls and GitHub rate-limit points per hour\n\n")
                .append("Nothing ready, nothing in flight, no events. Measured on the simulators tick by tick over"
                        + " one simulated hour on the test clock, each tick at its cron's firing time (after 10"
                        + " simulated minutes of warm-up), then the arithmetic: ticks per hour × calls per tick."
                        + " GitHub points = requests not answered 304 (a conditional request answered 304 is free);"
                        + " Forgejo has no rate limit. The poll's default-branch check (AFK_BREAKER_CHECK_MINUTES, 5)"
                        + " makes a poll tick dearer when it is due, so the poll ticks are shown in two kinds.\n\n")
                .append(quietSummary()).append(quiet).append('\n');
        report.append("## (d) the price of one kick in the quiet fleet\n\n")
                .append("A kick runs whole ticks (every repo of the allowlist, not only the one named). The"
                        + " deliveries' kicked ticks are counted by `afk.webhook.kicks`; calls are every tracker"
                        + " request made until the plane is idle again. Coalesce window " + COALESCE
                        + " ms (the default).\n\n")
                .append(kicks).append('\n');
        report.append("Wall time by part: ").append(String.join("; ", phases)).append(".\n\n");
        report.append("Run time: ").append(String.format("%.0f", (System.nanoTime() - t0) / 1e9)).append(" s\n");
        System.out.println(report);
        Path file = buildDir().resolve("webhook-benchmark.md");
        Files.writeString(file, report);
        System.out.println("written to " + file);
    }

    // ---- (c) the quiet hour ----

    /** Runs the crons' ticks over 10 warm-up minutes and one measured hour of the test clock; returns its tables. */
    private String quietHour(Rig rig, Crons crons, String mode) {
        List<Scheduled> warm = crons.firings(0, 10);
        List<Scheduled> hour = crons.firings(10, 70);
        Instant base = rig.clock.instant().plusSeconds(60);
        for (Scheduled s : warm) {
            rig.tickAt(base.plusSeconds(s.second), s.poll);
        }
        rig.settle();
        Map<String, List<Tick>> byKind = new LinkedHashMap<>();
        for (Scheduled s : hour) {
            Tick t = rig.tickAt(base.plusSeconds(s.second), s.poll);
            String kind = s.poll ? (t.breakerChecks() > 0 ? "poll, default-branch checks due" : "poll") : "watch";
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(t);
        }
        rig.settle();
        boolean github = rig.tracker.equals("github");
        StringBuilder b = new StringBuilder();
        b.append("### ").append(rig.tracker).append(", ").append(mode).append(" (poll `").append(crons.poll)
                .append("`, watch `").append(crons.watch).append("`)\n\n")
                .append("| quiet tick | ticks in the hour | tracker calls/tick (min–max) | 304 share | points/tick"
                        + " (min–max) | T3 calls/tick |\n|---|---|---|---|---|---|\n");
        long calls = 0;
        long points = 0;
        List<String> callTerms = new ArrayList<>();
        List<String> pointTerms = new ArrayList<>();
        for (Map.Entry<String, List<Tick>> e : byKind.entrySet()) {
            List<Tick> ts = e.getValue();
            long cMin = ts.stream().mapToLong(Tick::tracker).min().orElse(0);
            long cMax = ts.stream().mapToLong(Tick::tracker).max().orElse(0);
            long pMin = ts.stream().mapToLong(Tick::points).min().orElse(0);
            long pMax = ts.stream().mapToLong(Tick::points).max().orElse(0);
            long n304 = ts.stream().mapToLong(Tick::notModified).sum();
            long all = ts.stream().mapToLong(Tick::tracker).sum();
            long t3 = ts.stream().mapToLong(Tick::t3).max().orElse(0);
            b.append("| ").append(e.getKey()).append(" | ").append(ts.size()).append(" | ").append(range(cMin, cMax))
                    .append(" | ").append(github && all > 0 ? Math.round(100.0 * n304 / all) + "%" : "–")
                    .append(" | ").append(github ? range(pMin, pMax) : "–").append(" | ").append(t3).append(" |\n");
            calls += all;
            points += ts.stream().mapToLong(Tick::points).sum();
            callTerms.add(ts.size() + " × " + (cMin == cMax ? String.valueOf(cMin) : "(" + range(cMin, cMax) + ")"));
            pointTerms.add(ts.size() + " × " + (pMin == pMax ? String.valueOf(pMin) : "(" + range(pMin, pMax) + ")"));
        }
        b.append("\nPer hour: tracker calls = ").append(String.join(" + ", callTerms)).append(" = **")
                .append(calls).append("**");
        if (github) {
            b.append("; rate-limit points = ").append(String.join(" + ", pointTerms)).append(" = **").append(points)
                    .append("** (of GitHub's 5,000 an hour)");
        }
        b.append(".\n\n");
        long checks = byKind.values().stream().flatMap(List::stream).mapToLong(Tick::breakerChecks).sum();
        long checkCalls = byKind.values().stream().flatMap(List::stream).filter(t -> t.breakerChecks() > 0)
                .mapToLong(t -> t.tracker() - t.listings()).sum();
        if (checks > 0) {
            b.append("Default-branch checks in the hour: ").append(checks).append(" (").append(REPOS)
                    .append(" repos: each repo about every ").append(String.format("%.1f", 60.0 * REPOS / checks))
                    .append(" min), ").append(String.format("%.1f", (double) checkCalls / checks))
                    .append(" tracker calls each besides the listings.\n\n");
        }
        long fleetReads = byKind.values().stream().flatMap(List::stream).mapToLong(Tick::t3).sum();
        long polls = byKind.entrySet().stream().filter(e -> e.getKey().startsWith("poll"))
                .mapToLong(e -> e.getValue().size()).sum();
        long watches = byKind.getOrDefault("watch", List.of()).size();
        quietTotals.put(rig.tracker + " | " + mode, new long[] {polls, watches, calls, points, fleetReads, checks});
        return b.toString();
    }

    private final Map<String, long[]> quietTotals = new LinkedHashMap<>();

    private String quietSummary() {
        StringBuilder b = new StringBuilder("| tracker | mode | poll + watch ticks/h | tracker calls/h | GitHub points/h"
                + " | T3 calls/h | default-branch checks/h | calls vs polling only |\n|---|---|---|---|---|---|---|---|\n");
        quietTotals.forEach((k, v) -> {
            long[] base = quietTotals.get(k.substring(0, k.indexOf(' ')) + " | polling only");
            String vs = base == null || k.endsWith("polling only") ? "–"
                    : String.format("%.0f%% (−%d)", 100.0 * v[2] / base[2], base[2] - v[2]);
            b.append("| ").append(k).append(" | ").append(v[0]).append(" + ").append(v[1]).append(" | ").append(v[2])
                    .append(" | ").append(k.startsWith("github") ? String.valueOf(v[3]) : "–").append(" | ")
                    .append(v[4]).append(" | ").append(v[5]).append(" | ").append(vs).append(" |\n");
        });
        return b.append('\n').toString();
    }
    private final List<String> phases = new ArrayList<>();
    private long phaseStart = System.nanoTime();

    private void phase(String name) {
        long now = System.nanoTime();
        phases.add(name + " " + Math.round((now - phaseStart) / 1e9) + " s");
        phaseStart = now;
    }

    // ---- (d) one kick ----

    private String oneKick(Rig rig) throws Exception {
        boolean github = rig.tracker.equals("github");
        String repo = Rig.repoName(0);
        rig.sender.pause(true);
        TrackerModel.Issue issue = rig.sandbox.model().createIssue(repo, "A plain issue", "Nothing for AFK.",
                Sandbox.MAINTAINER, false);
        rig.sender.pause(false);
        rig.tickAt(rig.clock.instant().plusSeconds(1), true); // the listings again answered 304 after the change
        rig.tickAt(rig.clock.instant().plusSeconds(1), false);
        rig.settle();
        StringBuilder b = new StringBuilder();
        b.append("### ").append(rig.tracker).append(", webhooks on\n\n")
                .append("| one delivery | answered | kicked ticks | tracker calls | 304 share | points |"
                        + " T3 calls |\n|---|---|---|---|---|---|---|\n");
        // 1. A delivery of an event that changed nothing (a replay under a new delivery id): the floor.
        String body = github
                ? "{\"action\":\"labeled\",\"issue\":{\"number\":" + issue.number() + ",\"title\":\"A plain issue\","
                        + "\"state\":\"open\",\"labels\":[{\"name\":\"bug\"}]},\"label\":{\"name\":\"bug\"},"
                        + repoJson(repo) + ",\"sender\":{\"login\":\"" + Sandbox.MAINTAINER + "\"}}"
                : "{\"action\":\"label_updated\",\"number\":" + issue.number() + ",\"issue\":{\"number\":"
                        + issue.number() + ",\"title\":\"A plain issue\",\"state\":\"open\",\"labels\":[{\"name\":"
                        + "\"bug\"}]}," + repoJson(repo) + ",\"sender\":{\"login\":\"" + Sandbox.MAINTAINER + "\"}}";
        b.append(kickRow(rig, "`issues` " + (github ? "labeled" : "label_updated")
                + " for a change already seen (a replay, new delivery id): nothing changed in the tracker", () -> {
                    HttpResponse<String> r = rig.sender.send("issues", body, UUID.randomUUID().toString(), null);
                    return r.statusCode();
                }));
        // 1b. A burst: ten such deliveries back to back (each a new id), well within one coalesce window.
        b.append(kickRow(rig, "a burst of " + BURST + " such replays sent back to back (one after the other's"
                + " answer, all within " + (BURST * 10) + " ms or so)", () -> {
                    int last = -1;
                    for (int i = 0; i < BURST; i++) {
                        last = rig.sender.send("issues", body, UUID.randomUUID().toString(), null).statusCode();
                    }
                    return last;
                }));
        // 2. A person labels the plain issue "bug": a real change, delivered by the simulated tracker.
        b.append(kickRow(rig, "a person adds the label `bug` to an issue (a real change; the tracker delivers it)",
                () -> {
                    rig.sandbox.model().addLabel(repo, issue.number(), "bug", Sandbox.MAINTAINER);
                    return lastStatus(rig);
                }));
        if (github) {
            // 3. A CI status on the default branch: a status event, which kicks the watch only.
            String head = rig.sandbox.model().defaultHead(repo).orElseThrow();
            b.append(kickRow(rig, "a CI `status` on the default branch's head (kicks the watch only)", () -> {
                rig.sandbox.model().addStatus(repo, head, "ci/other", "success", "ok", "http://ci.sandbox/x");
                return lastStatus(rig);
            }));
        }
        b.append('\n');
        if (github) {
            b.append("In the GitHub simulator every ETag changes with any change of the tracker model (real GitHub's"
                    + " are per resource), so after a real change (rows 2 and 3) every listing is answered in full"
                    + " and counted once; on GitHub itself only the listings whose content changed would be.\n\n");
        }
        return b.toString();
    }

    private static String repoJson(String repo) {
        String[] on = repo.split("/", 2);
        return "\"repository\":{\"full_name\":\"" + repo + "\",\"name\":\"" + on[1] + "\",\"owner\":{\"login\":\""
                + on[0] + "\"}}";
    }

    private static int lastStatus(Rig rig) {
        rig.sender.flush();
        List<WebhookSender.Delivery> ds = rig.sender.deliveries();
        return ds.isEmpty() ? -1 : ds.get(ds.size() - 1).status();
    }

    private interface Delivery {
        int deliver() throws Exception;
    }

    private String kickRow(Rig rig, String what, Delivery d) throws Exception {
        rig.clearRequests();
        double poll0 = rig.kicks("poll");
        double watch0 = rig.kicks("watch");
        int status = d.deliver();
        rig.settle();
        Tick t = rig.collect();
        int polls = (int) (rig.kicks("poll") - poll0);
        int watches = (int) (rig.kicks("watch") - watch0);
        boolean github = rig.tracker.equals("github");
        return "| " + what + " | " + status + " | " + polls + " poll + " + watches + " watch | " + t.tracker() + " | "
                + (github && t.tracker() > 0 ? Math.round(100.0 * t.notModified() / t.tracker()) + "%" : "–")
                + " | " + (github ? String.valueOf(t.points()) : "–") + " | " + t.t3() + " |\n";
    }

    // ---- (a) label to dispatch ----

    private Samples labelToDispatch(Rig rig) {
        List<TrackerModel.Issue> issues = new ArrayList<>();
        rig.pause(true);
        for (int i = 0; i < SAMPLES; i++) {
            String repo = Rig.repoName(i % REPOS);
            TrackerModel.Issue is = rig.sandbox.model().createIssue(repo, "Sample " + i, "Make it so.",
                    Sandbox.MAINTAINER, false);
            rig.sandbox.script().behave(repo + "#" + is.number(), Behaviour.STALLS);
            issues.add(is);
        }
        rig.pause(false);
        rig.settle();
        Samples s = new Samples();
        for (TrackerModel.Issue is : issues) {
            String key = is.repo() + "#" + is.number();
            CompletableFuture<Long> labelled = rig.when("LABEL_ADDED " + READY + " " + key);
            CompletableFuture<Long> dispatched = rig.when("LABEL_ADDED " + IN_PROGRESS + " " + key);
            rig.clearRequests();
            double poll0 = rig.kicks("poll");
            double watch0 = rig.kicks("watch");
            rig.sandbox.model().addLabel(is.repo(), is.number(), READY, Sandbox.MAINTAINER);
            if (rig.sender == null) {
                rig.plane.poll(); // polling only: the tick right away (the cron's wait is added by the model)
            }
            long t1 = join(dispatched, key + " dispatched");
            long t0 = join(labelled, key + " labelled");
            s.ms.add((t1 - t0) / 1e6);
            settled(rig, s, t0, poll0, watch0);
            if (rig.sender != null) {
                rig.sender.deliveries().stream()
                        .filter(d -> d.repo().equals(is.repo()) && d.number() == is.number()
                                && d.action() != null && d.action().matches("labeled|label_updated")
                                && d.sentNanos() >= t0)
                        .findFirst().ifPresent(d -> {
                            s.sent.add((d.sentNanos() - t0) / 1e6);
                            s.answered.add((d.answeredNanos() - t0) / 1e6);
                        });
            }
            assertThat(rig.sandbox.model().issue(is.repo(), is.number()).orElseThrow().labels()).contains(IN_PROGRESS);
        }
        s.coalesceMs = rig.coalesceMs;
        s.webhooks = rig.sender != null;
        s.tracker = rig.tracker;
        return s;
    }

    // ---- (b) green deploy to close ----

    private Samples greenToClose(Rig rig) {
        Samples s = new Samples();
        for (int i = 0; i < SAMPLES; i++) {
            String repo = Rig.repoName(REPOS - 1 - (i % REPOS));
            rig.pause(true);
            TrackerModel.Issue is = rig.sandbox.readyIssue(repo, "Run " + i, "Make it so.", Behaviour.SUCCEEDS);
            String key = repo + "#" + is.number();
            rig.plane.poll();
            assertThat(rig.sandbox.model().issue(repo, is.number()).orElseThrow().labels()).contains(IN_PROGRESS);
            // Agent steps: session started, tests-red, green, pushed (+ CI pending), CI green; the watch sees each.
            for (int step = 0; step < 5; step++) {
                rig.sandbox.script().pump();
                rig.plane.watch();
            }
            assertThat(rig.sandbox.model().issue(repo, is.number()).orElseThrow().open()).isTrue();
            rig.pause(false);
            rig.settle();
            CompletableFuture<Long> deployed = rig.when("STATUS success " + repo);
            CompletableFuture<Long> closed = rig.when("CLOSED " + key);
            rig.clearRequests();
            double watch0 = rig.kicks("watch");
            double poll0 = rig.kicks("poll");
            int moved = rig.sandbox.script().pump(); // the deploy job reports success
            assertThat(moved).as("the deploy step").isEqualTo(1);
            int ticks = 0;
            if (rig.sender == null) {
                while (!closed.isDone() && ticks < 5) {
                    rig.plane.watch();
                    ticks++;
                }
            }
            long t1 = join(closed, key + " closed");
            long t0 = join(deployed, key + " deployed");
            s.ms.add((t1 - t0) / 1e6);
            s.ticksToClose.add((double) ticks);
            settled(rig, s, t0, poll0, watch0);
        }
        rig.pause(false);
        s.coalesceMs = rig.coalesceMs;
        s.webhooks = rig.sender != null;
        s.tracker = rig.tracker;
        return s;
    }

    /** The deliveries sent from {@code t0} on: how many, and for the first sample what they were. */
    private static void deliveries(Rig rig, Samples s, long t0) {
        if (rig.sender == null) {
            return;
        }
        List<WebhookSender.Delivery> ds = rig.sender.deliveries().stream().filter(d -> d.sentNanos() >= t0).toList();
        s.deliveries.add((double) ds.size());
        if (s.firstMix == null) {
            List<String> events = rig.eventsSince(t0);
            s.firstMix = ds.stream().map(d -> d.event() + (d.action() == null ? "" : " " + d.action()) + " → "
                    + d.status()).collect(Collectors.joining(", ")) + " (the changes behind them, with their actor: "
                    + String.join(", ", events) + ")";
        }
    }

    private static long join(CompletableFuture<Long> f, String what) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("not seen within 60 s: " + what, e);
        }
    }

    // ---- reporting latencies ----

    /** Per-sample latencies of one line, and what the sample cost. */
    /** After a sample: waits until the plane is idle, then records its calls, points, kicked ticks, deliveries. */
    private static void settled(Rig rig, Samples s, long t0, double poll0, double watch0) {
        rig.settle();
        Tick t = rig.collect();
        s.calls.add((double) t.tracker());
        s.points.add((double) t.points());
        s.kickedPolls.add(rig.kicks("poll") - poll0);
        s.kickedWatches.add(rig.kicks("watch") - watch0);
        deliveries(rig, s, t0);
    }

    private static final class Samples {
        final List<Double> ms = new ArrayList<>();
        final List<Double> ticksToClose = new ArrayList<>();
        final List<Double> sent = new ArrayList<>();
        final List<Double> answered = new ArrayList<>();
        final List<Double> calls = new ArrayList<>();
        final List<Double> points = new ArrayList<>();
        final List<Double> kickedPolls = new ArrayList<>();
        final List<Double> kickedWatches = new ArrayList<>();
        final List<Double> deliveries = new ArrayList<>();
        String firstMix;
        long coalesceMs;
        boolean webhooks;
        String tracker;
    }

    private String latencyTable(Map<String, Samples> lines, String what, Map<String, Crons> crons) {
        StringBuilder b = new StringBuilder();
        b.append("| tracker | mode | how | N | p50 | p95 | min – max | measured part p50 / p95 |"
                + " tracker calls / points per sample (med) | ticks per sample (med) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Samples> e : lines.entrySet()) {
            Samples s = e.getValue();
            boolean github = s.tracker.equals("github");
            String cost = fmt(median(s.calls)) + " / " + (github ? fmt(median(s.points)) : "–");
            if (!s.webhooks) {
                boolean watchTick = what.equals("close");
                Crons every = crons.get(s.tracker + " polling");
                Crons net = crons.get(s.tracker + " webhooks");
                String cron = watchTick ? every.watch : every.poll;
                String netCron = watchTick ? net.watch : net.poll;
                double ticks = s.ticksToClose.isEmpty() ? 1 : median(s.ticksToClose);
                String tickNote = watchTick ? fmt(ticks) + " watch" : "1 poll";
                b.append(modelled(s, "polling only, cron `" + cron + "`", periodSeconds(cron), cost, tickNote));
                if (!netCron.equals(cron)) {
                    b.append(modelled(s, "webhooks on but the delivery lost: the safety net, cron `" + netCron + "`",
                            periodSeconds(netCron), cost, tickNote));
                } else {
                    b.append("| ").append(s.tracker).append(" | webhooks on | the ").append(watchTick ? "watch" : "poll")
                            .append(" keeps `").append(cron).append("`: as the line above |  |  |  |  |  |  |  |\n");
                }
            } else {
                String ticks = fmt(median(s.kickedPolls)) + " poll + " + fmt(median(s.kickedWatches)) + " watch kicked";
                b.append("| ").append(s.tracker).append(" | webhook-kicked, coalesce ").append(s.coalesceMs)
                        .append(" ms | measured: wall clock, change → write | ").append(s.ms.size()).append(" | ")
                        .append(sec(pct(s.ms, 0.5))).append(" | ").append(sec(pct(s.ms, 0.95))).append(" | ")
                        .append(sec(pct(s.ms, 0))).append(" – ").append(sec(pct(s.ms, 1))).append(" | ")
                        .append(ms(pct(s.ms, 0.5))).append(" / ").append(ms(pct(s.ms, 0.95))).append(" | ")
                        .append(cost).append(" | ").append(ticks).append(" |\n");
            }
        }
        b.append('\n');
        for (Map.Entry<String, Samples> e : lines.entrySet()) {
            Samples s = e.getValue();
            if (s.webhooks && !s.sent.isEmpty()) {
                b.append("- ").append(s.tracker).append(", coalesce ").append(s.coalesceMs)
                        .append(" ms: the delivery left the simulated tracker at +").append(ms(median(s.sent)))
                        .append(" and was answered (202) at +").append(ms(median(s.answered)))
                        .append(" after the change (medians); the rest is the coalesce window and the kicked"
                                + " tick.\n");
            }
            if (s.webhooks && s.firstMix != null) {
                b.append("- ").append(s.tracker).append(", coalesce ").append(s.coalesceMs)
                        .append(" ms: deliveries per sample (med) ").append(fmt(median(s.deliveries)))
                        .append("; the first sample's: ").append(s.firstMix).append(".\n");
            }
            if (!s.webhooks && !s.ticksToClose.isEmpty()) {
                b.append("- ").append(s.tracker).append(" polling: watch ticks from the green deploy to the close: ")
                        .append(fmt(pct(s.ticksToClose, 0))).append("–").append(fmt(pct(s.ticksToClose, 1)))
                        .append(" (each tick after the first would wait a whole cron period more; the model adds"
                                + " it).\n");
            }
        }
        b.append("- \"modelled\" lines: latency = wait for the cron (uniform over its period, seeded"
                + " java.util.Random(").append(SEED).append(") per line) + measured (the tick run right away after the"
                + " change; its time from the change to the write). p50/p95 of the sum over the N samples."
                + " \"measured\" lines: real time, nothing modelled.\n");
        b.append("- tracker calls / points per sample: every tracker request from the change until the plane is idle"
                + " again (with webhooks: the kicked ticks, including those kicked by the plane's own writes).\n");
        return b.toString();
    }

    private String modelled(Samples s, String mode, long periodS, String cost, String ticks) {
        Random rnd = new Random(SEED);
        List<Double> total = new ArrayList<>();
        double extraTicks = 0;
        for (int i = 0; i < s.ms.size(); i++) {
            double wait = rnd.nextDouble() * periodS * 1000;
            double more = s.ticksToClose.isEmpty() ? 0 : Math.max(0, s.ticksToClose.get(i) - 1) * periodS * 1000;
            extraTicks = Math.max(extraTicks, more);
            total.add(wait + more + s.ms.get(i));
        }
        return "| " + s.tracker + " | " + mode + " | modelled: wait for the cron (uniform [0, " + periodS + " s)) +"
                + " measured tick | " + s.ms.size() + " | " + sec(pct(total, 0.5)) + " | " + sec(pct(total, 0.95))
                + " | " + sec(pct(total, 0)) + " – " + sec(pct(total, 1)) + " | " + ms(pct(s.ms, 0.5)) + " / "
                + ms(pct(s.ms, 0.95)) + " | " + cost + " | " + ticks + " |\n";
    }

    private static long periodSeconds(String cron) {
        return Crons.minuteStep(cron) * 60L;
    }

    // ---- crons ----

    /** The effective default crons of a configuration, and the firings they make in a span of minutes. */
    record Crons(String poll, String watch) {

        static Crons of(String tracker, boolean webhooks) {
            Map<String, String> m = new TreeMap<>();
            m.put("afk.tracker", tracker);
            if (webhooks) {
                m.put("afk.webhook-port", "8088");
            }
            Config c = Config.fromMap(m);
            return new Crons(c.pollCron(), c.watchCron());
        }

        /** The firings in minutes [from, to), in order: second of the span, and whether it is the poll. */
        List<Scheduled> firings(int fromMinute, int toMinute) {
            List<Scheduled> all = new ArrayList<>();
            for (int m = fromMinute; m < toMinute; m++) {
                if (m % minuteStep(poll) == 0) {
                    all.add(new Scheduled(m * 60L + second(poll), true));
                }
                if (m % minuteStep(watch) == 0) {
                    all.add(new Scheduled(m * 60L + second(watch), false));
                }
            }
            all.sort((a, b) -> Long.compare(a.second, b.second));
            return all;
        }

        /** Only the two shapes the defaults have: {@code S * * * * ?} and {@code S *}{@code /N * * * ?}. */
        static int minuteStep(String cron) {
            String minutes = cron.split(" ")[1];
            if (minutes.equals("*")) {
                return 1;
            }
            if (minutes.startsWith("*/")) {
                return Integer.parseInt(minutes.substring(2));
            }
            throw new IllegalArgumentException("not a default cron shape: " + cron);
        }

        static int second(String cron) {
            return Integer.parseInt(cron.split(" ")[0]);
        }
    }

    record Scheduled(long second, boolean poll) {}

    // ---- measuring ----

    /** The tracker and T3 requests of a span: counts only. */
    record Tick(long tracker, long notModified, long points, long t3, long breakerChecks, long listings) {}

    /** A sandbox with {@value #REPOS} repos and the real plane, with or without the webhook receiver. */
    private static final class Rig implements AutoCloseable {

        final TestClock clock = new TestClock(Instant.parse("2026-11-24T08:00:00Z"));
        final String tracker;
        final Sandbox sandbox;
        final Plane plane;
        final WebhookSender sender;
        final long coalesceMs;
        private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();

        Rig(String tracker, Path dir, boolean webhooks, long coalesceMs) throws Exception {
            this.tracker = tracker;
            this.coalesceMs = coalesceMs;
            this.sandbox = new Sandbox(clock, tracker, 0, 0, 0, dir.resolve("secrets"), "deploy").start();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < REPOS; i++) {
                sandbox.repo(repoName(i));
                names.add(repoName(i));
            }
            if (sandbox.trackerSim() instanceof GitHubSimulator github) {
                // Points are counted from the request log; the 5,000 an hour would refuse the latency runs, whose
                // changes make the simulator's ETags stale (see (d)).
                github.setRateLimit(10_000_000);
            }
            sandbox.model().onHook(this::observe);
            Map<String, String> p = new LinkedHashMap<>(sandbox.afkProperties(String.join(",", names)));
            String port = Integer.toString(Plane.freePort());
            p.put("camel.server.port", port);
            p.put("camel.management.port", port);
            p.put("afk.max-in-flight", String.valueOf(REPOS));
            int hook = Plane.freePort();
            if (webhooks) {
                Path secret = dir.resolve("webhook.secret");
                Files.writeString(secret, SECRET + "\n");
                p.put("afk.webhook-port", String.valueOf(hook));
                p.put("afk.webhook-host", "127.0.0.1");
                p.put("afk.webhook-secret-file", secret.toString());
                p.put("afk.webhook-coalesce-ms", String.valueOf(coalesceMs));
            }
            this.plane = Plane.start(p, clock);
            this.sender = webhooks ? sandbox.webhooks("http://127.0.0.1:" + hook + "/hooks/" + tracker, SECRET)
                    : null;
        }

        static String repoName(int i) {
            return String.format("bench/repo-%03d", i);
        }

        /** A few untimed ticks: the ETag cache and the breakers' first checks, as a plane that has been running. */
        void warmUp() {
            for (int i = 0; i < 3; i++) {
                plane.poll();
                plane.watch();
            }
            settle();
        }

        private final List<long[]> eventTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<String> eventNames = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** The model's changes (hook events) from {@code t0} on: kind, value and actor. */
        synchronized List<String> eventsSince(long t0) {
            List<String> r = new ArrayList<>();
            for (int i = 0; i < eventTimes.size(); i++) {
                if (eventTimes.get(i)[0] >= t0) {
                    r.add(eventNames.get(i));
                }
            }
            return r;
        }

        private synchronized void log(long now, TrackerModel.HookEvent e) {
            eventTimes.add(new long[] {now});
            String value = e.kind().startsWith("COMMENT") ? "" : " " + e.value();
            eventNames.add(e.kind() + value + " by " + (e.actor() == null ? "-" : e.actor()));
        }

        private void observe(TrackerModel.HookEvent e) {
            long now = System.nanoTime();
            log(now, e);
            String key = switch (e.kind()) {
                case "LABEL_ADDED" -> "LABEL_ADDED " + e.value() + " " + e.repo() + "#" + e.number();
                case "CLOSED" -> "CLOSED " + e.repo() + "#" + e.number();
                case "STATUS" -> "STATUS " + e.value() + " " + e.repo();
                default -> null;
            };
            if (key != null) {
                CompletableFuture<Long> f = waiting.remove(key);
                if (f != null) {
                    f.complete(now);
                }
            }
        }

        /** Completes with System.nanoTime() of the next hook event matching {@code key} (registered before). */
        CompletableFuture<Long> when(String key) {
            CompletableFuture<Long> f = new CompletableFuture<>();
            waiting.put(key, f);
            return f;
        }

        void pause(boolean pause) {
            if (sender != null) {
                sender.pause(pause);
            }
        }

        /** Moves the clock to {@code at} and runs one tick there, counting its calls. */
        Tick tickAt(Instant at, boolean poll) {
            Duration d = Duration.between(clock.instant(), at);
            if (!d.isNegative()) {
                clock.advance(d);
            }
            clearRequests();
            if (poll) {
                plane.poll();
            } else {
                plane.watch();
            }
            return collect();
        }

        void clearRequests() {
            sandbox.trackerSim().clearRequests();
            sandbox.t3().clearRequests();
        }

        Tick collect() {
            List<SimRequest> rs = sandbox.trackerSim().requests();
            long notModified = rs.stream().filter(r -> r.status() == 304).count();
            long checks = rs.stream().filter(r -> r.path().matches(".*/commits/[^/]+/status")).count();
            long listings = rs.stream().filter(r -> r.method().equals("GET") && r.path().endsWith("/issues")).count();
            return new Tick(rs.size(), notModified, rs.size() - notModified, sandbox.t3().requests().size(), checks,
                    listings);
        }

        double kicks(String tick) {
            MeterRegistry registry = plane.context().getRegistry().findSingleByType(MeterRegistry.class);
            // Summed over every counter of the name and tag (the plane registers its meters at start, at 0).
            return registry.find("afk.webhook.kicks").tag("tick", tick).counters().stream()
                    .mapToDouble(Counter::count).sum();
        }

        /**
         * Waits until no delivery is on its way and no kick is queued or running, then again if the kicked ticks'
         * own writes queued new deliveries. Between samples only, never inside a measured span.
         */
        void settle() {
            if (sender == null) {
                return;
            }
            while (true) {
                sender.flush();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                        .during(Duration.ofMillis(150)).until(this::idle);
                int before = sender.deliveries().size();
                sender.flush();
                if (sender.deliveries().size() == before && idle()) {
                    return;
                }
            }
        }

        private boolean idle() {
            CamelContext ctx = plane.context();
            for (String route : List.of("afk-kick-poll", "afk-kick-watch", "afk-webhook-receive")) {
                if (ctx.getInflightRepository().size(route) > 0) {
                    return false;
                }
            }
            return ctx.getEndpoints().stream().filter(SedaEndpoint.class::isInstance).map(SedaEndpoint.class::cast)
                    .allMatch(e -> e.getCurrentQueueSize() == 0);
        }

        @Override
        public void close() {
            if (sender != null) {
                sender.close();
            }
            plane.close();
            sandbox.close();
        }
    }

    // ---- numbers ----

    private static double median(List<Double> v) {
        return v.isEmpty() ? 0 : pct(v, 0.5);
    }

    /** Nearest-rank percentile; p = 0 the minimum, 1 the maximum. */
    private static double pct(List<Double> v, double p) {
        List<Double> s = v.stream().sorted().toList();
        return s.get(Math.max(0, Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1)));
    }

    private static String range(long min, long max) {
        return min == max ? String.valueOf(min) : min + "–" + max;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format("%.1f", v);
    }

    private static String ms(double v) {
        return String.format("%.0f ms", v);
    }

    private static String sec(double ms) {
        return ms < 10_000 ? String.format("%.2f s", ms / 1000) : String.format("%.1f s", ms / 1000);
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return "- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", GC " + ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName())
                .collect(Collectors.joining(" + ")) + ", max heap "
                + String.format("%.1f", rt.maxMemory() / 1_048_576.0) + " MB\n"
                + "- CPUs available: " + rt.availableProcessors() + "; OS: " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "\n";
    }

    private static Path buildDir() throws Exception {
        return Path.of(WebhookBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }
}
