package dev.afk.plane;

import dev.afk.core.WebhookSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook receiver's own HTTP server (issue 13): a second camel-platform-http server on {@code AFK_WEBHOOK_PORT},
 * apart from the management port, because it is the one port that faces the tracker. Its routes
 * (routes/webhook.camel.yaml) read from {@code webhook-http:/hooks/…}: a {@link PlatformHttpComponent} of its own
 * whose Vert.x engine serves this server's router, so nothing else of the plane (status, ticks on demand, Jolokia)
 * is reachable on that port, and the management routes are not reachable on it.
 *
 * <p>Why a component of its own: Camel 4.18's {@code platform-http} serves one server (its engine picks the main
 * server's port); a second server needs a second component whose engine names the other port
 * (docs/reference/camel-4.18.md §4; the router is bound as {@code platform-http-router-<port>}).
 *
 * <p>The component always exists, so the routes resolve; the server only starts when the receiver is on, and the
 * routes start only then (Camel's auto-startup exclude pattern keeps them stopped otherwise).
 */
public final class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    /** The routes that start only with the receiver on (routes/webhook.camel.yaml, routes/kick.camel.yaml). */
    static final String ROUTES = "afk-webhook*,afk-kick*";

    /** The scheme of the receiver's endpoints. */
    public static final String COMPONENT = "webhook-http";

    private WebhookReceiver() {}

    /** Adds the component (always) and, when the receiver is on, its server; otherwise keeps its routes stopped. */
    public static void install(CamelContext context, WebhookSettings settings) {
        int mainPort = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port")
                .orElse("8080").strip());
        PlatformHttpComponent component = new PlatformHttpComponent(context);
        // Off, the routes' consumers are still created (not started): they attach to the main server's router and
        // never add a path to it.
        component.setEngine(new PortEngine(settings.enabled() ? settings.port() : mainPort));
        context.addComponent(COMPONENT, component);
        if (!settings.enabled()) {
            // The receiver's routes and the kick routes exist (so Kaoto and the schema see one set of flows) but
            // do not start: no port is opened, no kick can arrive.
            context.setAutoStartupExcludePattern(ROUTES);
            LOG.info("Webhook receiver off (AFK_WEBHOOK_PORT is not set): the ticks run on their crons only");
            return;
        }
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindPort(settings.port());
        conf.setBindHost(settings.host());
        // Not "server": the main platform-http engine attaches the management routes (status, ticks on demand) to
        // the router of the server typed "server", and they must never be reachable on this port.
        conf.setServerType("webhook");
        // Vert.x's own cap is well above AFK_WEBHOOK_MAX_BYTES, so a body between the two is refused by the
        // receiver's route (413 with a metric); only a body twice the limit is cut off by Vert.x itself (also 413).
        conf.setMaxBodySize(2L * settings.maxBytes());
        // With two servers the main engine cannot tell which one is the main server while they start (it takes the
        // only one started, which may be this one): the management routes are pinned to camel.server.port.
        if (mainPort == settings.port()) {
            throw new IllegalStateException("AFK_WEBHOOK_PORT " + settings.port() + " is the management port: the "
                    + "receiver needs a port of its own (the only one that faces the tracker)");
        }
        if (mainPort > 0) {
            context.getComponent("platform-http", PlatformHttpComponent.class).setEngine(new PortEngine(mainPort));
        }
        try {
            context.addService(new VertxPlatformHttpServer(conf));
        } catch (Exception e) {
            throw new IllegalStateException("could not add the webhook server on AFK_WEBHOOK_PORT "
                    + settings.port(), e);
        }
        LOG.info("Webhook receiver on {}:{} (POST /hooks/github, /hooks/forgejo); the ticks' crons are the safety net",
                settings.host(), settings.port());
    }

    /** The Vert.x engine of the receiver's server: its consumers attach to that server's router, by its port. */
    static final class PortEngine extends VertxPlatformHttpEngine {
        private final int port;

        PortEngine(int port) {
            this.port = port;
        }

        @Override
        public int getServerPort() {
            return port > 0 ? port : super.getServerPort();
        }
    }
}
