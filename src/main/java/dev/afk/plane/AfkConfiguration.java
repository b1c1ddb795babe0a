package dev.afk.plane;

import dev.afk.core.Config;
import dev.afk.core.WebhookSettings;
import dev.afk.core.RunStateMachine;
import java.time.Clock;
import java.util.List;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the typed {@link Config} from Camel's resolved properties, fails start-up on an invalid one (naming the
 * variable), and binds the beans the routes call by name.
 */
public class AfkConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    @Override
    public void configure(CamelContext context) throws Exception {
        Config config = loadConfig(context);
        WebhookSettings webhooks = WebhookSettings.from(key -> context.getPropertiesComponent().resolveProperty(key)
                .orElse(null));
        List<String> errors = new java.util.ArrayList<>(config.validate());
        errors.addAll(webhooks.problems());
        if (!errors.isEmpty()) {
            errors.forEach(e -> LOG.error("Invalid configuration: {}", e));
            throw new IllegalStateException("AFK configuration is invalid: " + String.join("; ", errors));
        }
        Config.retiredSettings(System::getenv).forEach(LOG::warn);
        // The tick routes' crons read afk.poll-cron / afk.watch-cron; empty means the default, which depends on
        // whether the webhook receiver is on (Config.WEBHOOK_POLL_CRON), so the effective value is set here.
        context.getPropertiesComponent().addOverrideProperty("afk.poll-cron", config.pollCron());
        context.getPropertiesComponent().addOverrideProperty("afk.watch-cron", config.watchCron());
        var registry = context.getRegistry();
        registry.bind("afkConfig", config);
        registry.bind("t3Auth", new TokenFileAuth(config.t3TokenFile(), "AFK_T3_TOKEN_FILE", "Bearer"));
        registry.bind("trackerAuth", new TokenFileAuth(config.trackerTokenFile(), "AFK_TRACKER_TOKEN_FILE",
                config.tracker() == Config.Tracker.GITHUB ? "Bearer" : "token"));

        // The tick beans. The clock is a bean so tests and the sandbox can drive time; production uses UTC.
        Clock clock = registry.lookupByNameAndType("afkClock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            registry.bind("afkClock", clock);
        }
        ArmedGate gate = new ArmedGate(config,
                context.getPropertiesComponent().resolveProperty("afk.kill-switch-file").orElse(""));
        registry.bind("armedGate", gate);
        PlaneMetrics metrics = new PlaneMetrics(clock);
        gate.onTick(metrics::ticked);
        PlaneStatus status = new PlaneStatus(config, clock, gate);
        OnceLog onceLog = new OnceLog();
        registry.bind("planeStatus", status);
        T3BreakerSteps t3Breaker = new T3BreakerSteps(config.t3BreakerFailures(), clock, status);
        status.breaker(t3Breaker::view);
        registry.bind("t3Breaker", t3Breaker);
        RateLimitGuard rateLimitGuard = new RateLimitGuard(config, clock, () -> context.getRegistry()
                .lookupByNameAndType("githubRateLimit", dev.afk.adapter.http.GitHubRateLimit.class));
        if (config.tracker() == Config.Tracker.GITHUB) {
            status.breaker(rateLimitGuard::view);
        }
        registry.bind("rateLimitGuard", rateLimitGuard);
        TickGate tickGate = new TickGate(gate, status, clock, context,
                context.getPropertiesComponent().resolveProperty("afk.leader-prefix").orElse(""));
        registry.bind("tickGate", tickGate);
        // Issue 13: the webhook receiver (its own server on AFK_WEBHOOK_PORT) and its steps.
        WebhookReceiver.install(context, webhooks);
        WebhookSteps webhookSteps = new WebhookSteps(config, webhooks, tickGate::isLeader, onceLog, clock,
                context.getPropertiesComponent().resolveProperty("afk.tracker-login").orElse(""));
        status.webhooks(webhookSteps::view);
        registry.bind("webhookSteps", webhookSteps);
        context.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                // no-op: the meter registry is only complete once the context has fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                status.registerGauges(ctx);
                metrics.register(ctx, config);
                t3Breaker.register(PlaneMetrics.registry(ctx));
                rateLimitGuard.register(PlaneMetrics.registry(ctx));
                webhookSteps.register(PlaneMetrics.registry(ctx), ctx.getName());
            }
        });
        Breakers breakers = new Breakers(config,
                context.getPropertiesComponent().resolveProperty("afk.tracker-login").orElse(""), clock);
        status.breakers(breakers);
        metrics.breakers(breakers);
        registry.bind("breakers", breakers);
        PollSteps pollSteps = new PollSteps(config, onceLog, status, metrics, breakers);
        pollSteps.rateLimitGuard(rateLimitGuard);
        registry.bind("pollSteps", pollSteps);
        DispatchSteps dispatchSteps = new DispatchSteps(config, clock, status, onceLog);
        dispatchSteps.t3Breaker(t3Breaker);
        registry.bind("dispatchSteps", dispatchSteps);
        WatchSteps watchSteps = new WatchSteps(config, clock,
                new RunStateMachine(config.labels(), config.maxFixForward(), config.stall(),
                        config.stopConfirm(), config.budget(), config.ciInfraGrace()), new DetailCache(), status,
                onceLog);
        watchSteps.rateLimitGuard(rateLimitGuard);
        registry.bind("watchSteps", watchSteps);
        registry.bind("handBackSteps", new HandBackSteps(config, status, onceLog));
        registry.bind("stopAskSteps", new StopAskSteps(config, onceLog));
        if (config.armed()) {
            LOG.info("AFK start-up keys arm it for {} against tracker {} ({}) and T3 {}; the kill-switch file, if set, is read every tick", config.allowlist(),
                    config.tracker().name().toLowerCase(), config.trackerUrl(), config.t3Url());
            if (context.getPropertiesComponent().resolveProperty("afk.tracker-login").orElse("").isBlank()) {
                LOG.warn("AFK_TRACKER_LOGIN is not set: an AFK comment is trusted whoever wrote it; set it to the "
                        + "tracker user of AFK_TRACKER_TOKEN_FILE so a pasted afk:state marker is ignored");
            }
            if (config.slackWebhookUrl().isBlank()) {
                LOG.warn("AFK_SLACK_WEBHOOK_URL is not set: hand-offs will be labelled but no doorbell will ring");
            }
        } else {
            LOG.warn("AFK is DISARMED and will dispatch nothing and call nothing: {}", config.disarmedReason());
        }
    }

    static Config loadConfig(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        return Config.from(key -> pc.resolveProperty(key).orElse(null));
    }
}
