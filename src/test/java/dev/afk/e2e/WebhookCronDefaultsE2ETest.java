package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Slower polling by default when webhooks are on (issue 13 item 4): with AFK_POLL_CRON and AFK_WATCH_CRON empty the
 * real quartz triggers fire every minute (the watch at :30) without the receiver and every 5 minutes with it; on
 * Forgejo, which sends no commit-status event, the watch keeps its minute; a cron that is set is kept. Disarmed, so a
 * tick that fires meanwhile does nothing.
 */
class WebhookCronDefaultsE2ETest extends E2eSupport {

    private Map<String, String> crons(Map<String, String> extra) throws Exception {
        Map<String, String> p = new HashMap<>(sandbox.afkProperties(""));
        p.put("afk.kill-switch", "true");
        p.put("afk.poll-cron", "");
        p.put("afk.watch-cron", "");
        p.putAll(extra);
        try (Plane p1 = Plane.start(p, clock)) {
            Map<String, String> out = new HashMap<>();
            for (QuartzEndpoint q : p1.context().getEndpoints().stream().filter(QuartzEndpoint.class::isInstance)
                    .map(QuartzEndpoint.class::cast).toList()) {
                out.put(q.getTriggerKey().getName(), q.getCron());
            }
            return out;
        }
    }

    private Map<String, String> webhooksOn() throws Exception {
        Path secret = secrets.resolve("webhook-secret");
        Files.writeString(secret, "s");
        return Map.of("afk.webhook-port", Integer.toString(Plane.freePort()), "afk.webhook-host", "127.0.0.1",
                "afk.webhook-secret-file", secret.toString());
    }

    @Test
    void everyMinuteWithoutWebhooksEveryFiveMinutesWithThemExceptTheForgejoWatch() throws Exception {
        assertThat(crons(Map.of())).containsEntry("poll", Config.DEFAULT_CRON)
                .containsEntry("watch", Config.DEFAULT_WATCH_CRON);
        Map<String, String> on = crons(webhooksOn());
        assertThat(on).containsEntry("poll", Config.WEBHOOK_POLL_CRON);
        assertThat(on).containsEntry("watch", "github".equals(tracker()) ? Config.WEBHOOK_WATCH_CRON
                : Config.DEFAULT_WATCH_CRON);
        Map<String, String> set = new HashMap<>(webhooksOn());
        set.put("afk.poll-cron", "0 0/2 * * * ?");
        assertThat(crons(set)).as("a cron that is set is kept").containsEntry("poll", "0 0/2 * * * ?");
    }

    /** The same on GitHub, where the watch slows down too (status, check and deployment events kick it). */
    static class OnGitHub extends WebhookCronDefaultsE2ETest {
        @Override
        String tracker() {
            return "github";
        }
    }
}
