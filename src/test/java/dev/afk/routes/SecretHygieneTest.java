package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.Handoff;
import dev.afk.adapter.LabelChange;
import dev.afk.adapter.T3Accepted;
import dev.afk.core.EscalationReason;
import dev.afk.core.Issue;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.sim.ForgejoSimulator;
import dev.afk.sim.SimRequest;
import dev.afk.sim.SlackSimulator;
import dev.afk.sim.T3Simulator;
import dev.afk.sim.TrackerModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.spi.BacklogTracer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No token (T3, tracker) and no Slack webhook URL may appear in a log line, in Hawtio's backlog trace, or in
 * anything T3 receives (the agent must never see a credential) — with the tracer ON and the root logger at DEBUG,
 * the worst an operator can switch on. The simulators must still have received each token in the Authorization
 * header, so the test fails if the calls were never made.
 */
class SecretHygieneTest extends RouteTestSupport {

    static final String T3_TOKEN = secret("t3tok");
    static final String TRACKER_TOKEN = secret("fjtok");
    /** The credential part of the webhook URL. */
    static final String HOOK_SECRET = secret("hook");
    static final String PROJECT = "26c49278-a6e3-42d4-888d-2623071474ff";
    static final String REPO = "acme/widgets";
    /** Put in the issue body: proves the trace holds message bodies, so a token in one would be seen. */
    static final String BODY_CANARY = secret("canary");

    static T3Simulator t3;
    static TrackerModel model;
    static ForgejoSimulator forgejo;
    static SlackSimulator slack;
    static Path t3TokenFile;
    static Path trackerTokenFile;
    static Path secretsFile;
    static CapturedLogs logs;
    static ByteArrayOutputStream console = new ByteArrayOutputStream();
    static PrintStream originalOut;
    static PrintStream originalErr;
    static Level originalRoot;

    @Override
    List<String> routeFiles() {
        return List.of("t3", "tracker-forgejo", "doorbell");
    }

    @BeforeAll
    static void startEverythingAtDebug() throws IOException {
        t3TokenFile = tokenFile("t3-token", T3_TOKEN);
        trackerTokenFile = tokenFile("tracker-token", TRACKER_TOKEN);
        t3 = new T3Simulator(0, Clock.systemUTC(), T3_TOKEN).start();
        t3.createProject(PROJECT, "/srv/checkouts/acme-widgets");
        model = new TrackerModel(Clock.systemUTC());
        model.createRepo(REPO, "ready-for-agent", "in-progress", "ready-for-human");
        model.createIssue(REPO, "Widget list ignores the page size", "body " + BODY_CANARY, "alice", false,
                "ready-for-agent");
        forgejo = new ForgejoSimulator(0, Clock.systemUTC(), model, TRACKER_TOKEN, "afk-bot").start();
        slack = new SlackSimulator(0, Clock.systemUTC(), "/services/T0AFK/B0AFK/" + HOOK_SECRET).start();
        secretsFile = dir.resolve("afk-secrets.properties");
        Files.writeString(secretsFile, "afk.slack-webhook-url = " + slack.webhookUrl() + "\n");

        originalRoot = LogManager.getRootLogger().getLevel();
        Configurator.setRootLevel(Level.DEBUG);
        logs = CapturedLogs.attach();
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, console), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        logs.close();
        Configurator.setRootLevel(originalRoot);
        t3.close();
        forgejo.close();
        slack.close();
    }

    @Override
    protected void configure(Properties p) {
        p.put("camel.trace.enabled", "true");
        p.put("camel.trace.backlogSize", "1000");
        p.put("afk.t3-url", t3.baseUrl());
        p.put("afk.t3-token-file", t3TokenFile.toString());
        p.put("afk.t3-projects", REPO + "=" + PROJECT);
        p.put("afk.t3-model", "claudeAgent/claude-sonnet-5");
        p.put("afk.tracker", "forgejo");
        p.put("afk.tracker-url", forgejo.apiUrl());
        p.put("afk.tracker-token-file", trackerTokenFile.toString());
    }

    /**
     * The webhook URL comes from a properties file, as a mounted Secret would provide it, not as a Camel Main
     * override: Camel's start-up summary prints every override property at INFO, unmasked, and production sets it
     * through {@code {{env:AFK_SLACK_WEBHOOK_URL}}} in application.properties instead.
     */
    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:" + secretsFile + ",classpath:application.properties;optional=true";
    }

    @Test
    void noCredentialReachesALogLineTheTraceOrT3() {
        Issue issue = new Issue(IssueKey.of(REPO, 1), "Widget list ignores the page size", "body " + BODY_CANARY,
                Set.of("ready-for-agent"), "alice", Instant.parse("2026-11-20T10:00:00Z"), true, false,
                "https://git.example/" + REPO + "/issues/1");

        String threadId = template.requestBody("direct:t3-dispatch", new DispatchRequest(issue, 1), T3Accepted.class)
                .threadId();
        template.requestBody("direct:forgejo-add-label", new LabelChange(issue.key(), "in-progress"));
        template.requestBody("direct:forgejo-write-afk-comment",
                new CommentWrite(issue.key(), null, "AFK checklist\n<!-- afk:state {\"attempt\":1} -->"));
        Boolean rung = template.requestBody("direct:doorbell", new Handoff(issue.key(), issue.htmlUrl(), 1,
                Phase.DISPATCHED, EscalationReason.AGENT_FAILED, "thread errored", threadId), Boolean.class);
        // every attempt of this ring fails (a single 500 is now posted again): logged and traced, no URL there
        slack.inject(slack.rollupError(-1));
        Boolean failedRing = template.requestBody("direct:doorbell", new Handoff(issue.key(), issue.htmlUrl(), 1,
                Phase.DISPATCHED, EscalationReason.AGENT_FAILED, "thread errored", threadId), Boolean.class);
        String trace = backlogTracer().dumpAllTracedMessagesAsXml();
        String logText = logs.all();
        String consoleText = console.toString(StandardCharsets.UTF_8);

        // The calls really happened, each server got its credential, and what we inspect can show a leak.
        assertThat(threadId).isNotBlank();
        assertThat(rung).isTrue();
        assertThat(failedRing).isFalse();
        assertThat(t3.requests()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + T3_TOKEN));
        assertThat(forgejo.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("token " + TRACKER_TOKEN));
        assertThat(slack.messages()).hasSize(1);
        assertThat(trace).contains("rollup_error").contains("<routeId>t3-dispatch</routeId>").contains("<routeId>forgejo-add-label</routeId>")
                .contains("<routeId>doorbell</routeId>").contains(BODY_CANARY);
        assertThat(logs.at(Level.DEBUG)).as("DEBUG logging was really on").isNotEmpty();

        for (String secret : List.of(T3_TOKEN, TRACKER_TOKEN, HOOK_SECRET)) {
            assertThat(linesWith(logText, secret)).as("log lines holding a credential").isEmpty();
            assertThat(linesWith(consoleText, secret)).as("console lines holding a credential").isEmpty();
            assertThat(linesWith(trace, secret)).as("backlog trace lines holding a credential").isEmpty();
            for (SimRequest r : t3.requests()) {
                assertThat(r.body()).as("T3 request body").doesNotContain(secret);
                assertThat(r.query() == null ? "" : r.query()).as("T3 query").doesNotContain(secret);
            }
        }
        for (SimRequest r : forgejo.requests()) {
            assertThat(r.body()).as("tracker request body").doesNotContain(T3_TOKEN).doesNotContain(HOOK_SECRET);
        }
        assertThat(slack.messages().toString()).doesNotContain(T3_TOKEN).doesNotContain(TRACKER_TOKEN);
        assertThat(t3.violations()).isEmpty();
        assertThat(forgejo.violations()).isEmpty();
        assertThat(slack.violations()).isEmpty();

        // And the capture would have caught a leak: un-pin HttpClient's header logger (log4j2.properties keeps it
        // at INFO) and the very next call's Authorization header shows up.
        Configurator.setLevel("org.apache.hc.client5.http.headers", Level.DEBUG);
        try {
            template.requestBody("direct:t3-fleet", null, Map.class);
        } finally {
            Configurator.setLevel("org.apache.hc.client5.http.headers", Level.INFO);
        }
        assertThat(linesWith(logs.all(), T3_TOKEN)).as("the capture sees an unpinned header logger").isNotEmpty();
    }

    /** The lines of {@code text} that hold {@code secret}, cut to 300 chars around it (a readable failure). */
    static List<String> linesWith(String text, String secret) {
        return text.lines().filter(l -> l.contains(secret)).map(l -> {
            int at = l.indexOf(secret);
            return l.substring(Math.max(0, at - 200), Math.min(l.length(), at + secret.length() + 100));
        }).toList();
    }

    BacklogTracer backlogTracer() {
        BacklogTracer tracer = context.getCamelContextExtension().getContextPlugin(BacklogTracer.class);
        assertThat(tracer).as("camel.trace.enabled installed the backlog tracer").isNotNull();
        assertThat(tracer.isEnabled()).isTrue();
        return tracer;
    }

    static String secret(String prefix) {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    /** Copies everything written to the console into a buffer as well. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
