package dev.afk.plane;

import dev.afk.sim.Sandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default (dev profile, {@code afk.sandbox.enabled=true}): starts the simulated tracker, T3 and Slack
 * on the loopback ports that application-dev.properties points the plane at, seeds the demo issues and lets the
 * scripted agent make progress on a timer. Never active in the prod profile.
 */
public class SandboxConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("afk.sandbox");

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        if (!Boolean.parseBoolean(pc.resolveProperty("afk.sandbox.enabled").orElse("false"))) {
            return;
        }
        int trackerPort = Integer.parseInt(pc.resolveProperty("afk.sandbox.tracker-port").orElse("18081"));
        int t3Port = Integer.parseInt(pc.resolveProperty("afk.sandbox.t3-port").orElse("18082"));
        int slackPort = Integer.parseInt(pc.resolveProperty("afk.sandbox.slack-port").orElse("18083"));
        Path secrets = Path.of(pc.resolveProperty("afk.sandbox.secrets-dir")
                .orElse(System.getProperty("java.io.tmpdir") + "/afk-sandbox"));
        long stepMillis = Long.parseLong(pc.resolveProperty("afk.sandbox.agent-step-ms").orElse("3000"));
        String tracker = pc.resolveProperty("afk.tracker").orElse("forgejo");
        String deployContext = pc.resolveProperty("afk.deploy-context").orElse("deploy");

        Sandbox sandbox = new Sandbox(Clock.systemUTC(), tracker, trackerPort, t3Port, slackPort, secrets,
                deployContext).start();
        sandbox.seedDemo();
        // Issue 13: the simulated tracker delivers signed webhooks to the plane's receiver, like a configured hook.
        String webhookPort = pc.resolveProperty("afk.webhook-port").orElse("").strip();
        String webhookSecret = pc.resolveProperty("afk.webhook-secret-file").orElse("").strip();
        if (!webhookPort.isEmpty() && !webhookSecret.isEmpty()) {
            String secret = "sandbox-webhook-secret";
            java.nio.file.Files.writeString(Path.of(webhookSecret), secret);
            sandbox.webhooks("http://127.0.0.1:" + webhookPort + "/hooks/" + tracker, secret);
        }
        ScheduledExecutorService agent = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-agent");
            t.setDaemon(true);
            return t;
        });
        agent.scheduleWithFixedDelay(() -> {
            try {
                sandbox.script().pump();
            } catch (RuntimeException e) {
                LOG.warn("sandbox agent step failed: {}", e.toString());
            }
        }, stepMillis, stepMillis, TimeUnit.MILLISECONDS);
        context.getRegistry().bind("sandbox", sandbox);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                agent.shutdownNow();
                sandbox.close();
            }
        });
        String managementPort = pc.resolveProperty("camel.management.port").orElse("9876");
        LOG.info("SANDBOX: simulated {} tracker on :{} (its webhooks to :{}), T3 on :{}, Slack on :{}; seeded one issue "
                + "per behaviour in acme/widgets, acme/gadgets, acme/tools (and one in other/secret, which is not "
                + "allowlisted); the scripted agent moves every {} ms. Follow the 'afk' log lines, or GET "
                + "http://localhost:{}/afk/status", tracker, trackerPort, webhookPort.isEmpty() ? "off" : webhookPort,
                t3Port, slackPort, stepMillis, managementPort);
    }
}
