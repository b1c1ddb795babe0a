package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.afk.AfkApplication;
import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import dev.afk.adapter.ListIssues;
import dev.afk.core.RepoRef;
import dev.afk.sim.ForgejoSimulator;
import dev.afk.sim.GitHubSimulator;
import dev.afk.sim.SimFault;
import dev.afk.sim.SimServer;
import dev.afk.sim.T3Simulator;
import dev.afk.sim.TrackerModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.micrometer.MicrometerComponent;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One meaning of {@code afk_adapter_failures_total{system,kind}} for every system: a call that fails is counted
 * once, after the kernel's retries ({@code adapter-retry} in {@code routes/http-call.camel.yaml}), with one WARN
 * line; a call that heals within its retries is counted nothing and warns nothing. The same scenarios run against
 * T3, Forgejo and GitHub, each on the real application (its route file and the kernel) over loopback HTTP against
 * its simulator. Each system is read by a listing op: the T3 fleet, and the trackers' list-issues (on GitHub
 * through the paging route, a route between the op and the call, which must not count a second time).
 */
class AdapterFailuresCountedOnceTest {

    static final String TOKEN = "count-once-token-5e2a";
    static final int RETRIES = 2;

    /** One system under test: its simulator, its route file and properties, and its listing op. */
    enum System {
        T3("t3", "direct:t3-fleet", "/api/orchestration/shell"),
        FORGEJO("forgejo", "direct:forgejo-list-issues", "/repos/acme/widgets/issues"),
        GITHUB("github", "direct:github-list-issues", "/repos/acme/widgets/issues");

        final String name;
        final String op;
        final String path;

        System(String name, String op, String path) {
            this.name = name;
            this.op = op;
            this.path = path;
        }
    }

    @TempDir
    Path dir;

    SimServer sim;
    Main main;
    ProducerTemplate template;

    @AfterEach
    void stop() throws Exception {
        if (template != null) {
            template.close();
        }
        if (main != null) {
            main.stop();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest
    @EnumSource(System.class)
    void aServerErrorThatHealsWithinTheRetriesIsCountedNothingAndWarnsNothing(System system) throws Exception {
        start(system);
        sim.inject(SimFault.reply("GET", ".*" + system.path, 503, "busy", RETRIES));
        try (CapturedLogs logs = CapturedLogs.attach()) {
            template.requestBody(system.op, body(system));
            assertThat(logs.at(Level.WARN)).as(logs.all()).isEmpty();
        }
        assertThat(attempts(system)).isEqualTo(RETRIES + 1);
        assertThat(allFailures(system)).isZero();
    }

    @ParameterizedTest
    @EnumSource(System.class)
    void aServerErrorThatLastsIsCountedOnceAsServerAfterTheRetriesWithOneWarning(System system) throws Exception {
        start(system);
        sim.inject(SimFault.reply("GET", ".*" + system.path, 503, "busy", -1));
        try (CapturedLogs logs = CapturedLogs.attach()) {
            AdapterFailure f = failure(system);
            assertThat(f.kind()).isEqualTo(Kind.SERVER);
            assertThat(f.system()).isEqualTo(system.name);
            assertThat(logs.at(Level.WARN)).as(logs.all()).singleElement().satisfies(l -> {
                assertThat(l.logger()).isEqualTo("afk.adapter");
                assertThat(l.text()).contains(system.name + " ").contains("SERVER").contains("(after retries)");
            });
        }
        assertThat(attempts(system)).isEqualTo(RETRIES + 1);
        assertThat(failures(system, Kind.SERVER)).isEqualTo(1.0);
        assertThat(allFailures(system)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @EnumSource(System.class)
    void aNotFoundIsCountedOnceWithoutARetry(System system) throws Exception {
        start(system);
        sim.inject(SimFault.reply("GET", ".*" + system.path, 404, "{\"message\":\"Not Found\"}", -1));
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertThat(failure(system).kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(logs.at(Level.WARN)).as(logs.all()).singleElement()
                    .satisfies(l -> assertThat(l.text()).contains("NOT_FOUND").doesNotContain("(after retries)"));
        }
        assertThat(attempts(system)).isEqualTo(1);
        assertThat(failures(system, Kind.NOT_FOUND)).isEqualTo(1.0);
        assertThat(allFailures(system)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @EnumSource(System.class)
    void aRefusedCredentialIsCountedOnceAsAuthWithoutARetry(System system) throws Exception {
        start(system);
        sim.inject(SimFault.reply("GET", ".*" + system.path, 401, "{\"message\":\"Bad credentials\"}", -1));
        AdapterFailure f = failure(system);
        assertThat(f.kind()).isEqualTo(Kind.AUTH);
        assertThat(f.getMessage()).contains(system == System.T3 ? "AFK_T3_TOKEN_FILE" : "AFK_TRACKER_TOKEN_FILE")
                .doesNotContain(TOKEN);
        assertThat(attempts(system)).isEqualTo(1);
        assertThat(failures(system, Kind.AUTH)).isEqualTo(1.0);
        assertThat(allFailures(system)).isEqualTo(1.0);
    }

    /** The missing-credential path: no request at all, one AUTH failure naming the variable, counted once. */
    @ParameterizedTest
    @EnumSource(System.class)
    void anUnreadableTokenFileIsCountedOnceAsAuthWithoutARequest(System system) throws Exception {
        start(system, dir.resolve("no-such-token"));
        AdapterFailure f = failure(system);
        assertThat(f.kind()).isEqualTo(Kind.AUTH);
        assertThat(f.status()).isZero();
        assertThat(f.getMessage()).contains(system == System.T3 ? "AFK_T3_TOKEN_FILE" : "AFK_TRACKER_TOKEN_FILE")
                .contains("cannot be read");
        assertThat(sim.requests()).isEmpty();
        assertThat(failures(system, Kind.AUTH)).isEqualTo(1.0);
        assertThat(allFailures(system)).isEqualTo(1.0);
    }

    // ---- the rig ----

    void start(System system) throws IOException {
        Path token = dir.resolve(system.name + "-token");
        Files.writeString(token, TOKEN + "\n");
        start(system, token);
    }

    void start(System system, Path tokenFile) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.main.routesIncludePattern", "classpath:routes/" + RouteTestSupport.KERNEL + ".camel.yaml,"
                + "classpath:routes/" + (system == System.T3 ? "t3" : "tracker-" + system.name) + ".camel.yaml");
        p.put("camel.management.enabled", "false");
        p.put("afk.poll-cron", RouteTestSupport.NEVER);
        p.put("afk.watch-cron", RouteTestSupport.NEVER);
        p.put("afk.http.retries", String.valueOf(RETRIES));
        p.put("afk.http.retry-delay-ms", "5");
        p.put("afk.http.retry-max-delay-ms", "20");
        p.put("afk.http-connect-timeout-ms", "1000");
        p.put("afk.http-response-timeout-ms", "3000");
        switch (system) {
            case T3 -> {
                sim = new T3Simulator(0, Clock.systemUTC(), TOKEN).start();
                p.put("afk.t3-url", sim.baseUrl());
                p.put("afk.t3-token-file", tokenFile.toString());
            }
            case FORGEJO -> {
                TrackerModel model = new TrackerModel(Clock.systemUTC());
                model.createRepo("acme/widgets", "ready-for-agent");
                ForgejoSimulator forgejo = new ForgejoSimulator(0, Clock.systemUTC(), model, TOKEN, "afk-bot").start();
                sim = forgejo;
                p.put("afk.tracker", "forgejo");
                p.put("afk.tracker-url", forgejo.apiUrl());
                p.put("afk.tracker-token-file", tokenFile.toString());
            }
            case GITHUB -> {
                TrackerModel model = new TrackerModel(Clock.systemUTC());
                model.createRepo("acme/widgets");
                sim = new GitHubSimulator(0, Clock.systemUTC(), model, TOKEN, "afk-bot").start();
                p.put("afk.tracker", "github");
                p.put("afk.tracker-url", sim.baseUrl());
                p.put("afk.tracker-token-file", tokenFile.toString());
            }
        }
        main = new Main(AfkApplication.class);
        p.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the plane did not start", e);
        }
        template = main.getCamelContext().createProducerTemplate();
    }

    static Object body(System system) {
        return system == System.T3 ? null : new ListIssues(RepoRef.parse("acme/widgets"), "ready-for-agent");
    }

    AdapterFailure failure(System system) {
        CamelExecutionException e = catchThrowableOfType(CamelExecutionException.class,
                () -> template.requestBody(system.op, body(system)));
        assertThat(e).as("the call should have failed").isNotNull();
        assertThat(e.getCause()).isInstanceOf(AdapterFailure.class);
        return (AdapterFailure) e.getCause();
    }

    /** Requests of the listing path the simulator saw. */
    int attempts(System system) {
        return (int) sim.requests().stream().filter(r -> r.path().endsWith(system.path)).count();
    }

    MeterRegistry meters() {
        return main.getCamelContext().getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry();
    }

    double failures(System system, Kind kind) {
        Counter c = meters().find("afk.adapter.failures").tags("system", system.name, "kind", kind.name()).counter();
        return c == null ? 0.0 : c.count();
    }

    /** Every failure of the system, whatever its kind (the counters are pre-registered at 0 for each kind). */
    double allFailures(System system) {
        return meters().find("afk.adapter.failures").tags("system", system.name).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
