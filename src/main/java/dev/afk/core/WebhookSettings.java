package dev.afk.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The webhook receiver's settings (issue 13), read from the same {@code afk.*} properties as {@link Config}
 * ({@link Config#VARIABLES} names their variables). Off unless {@code AFK_WEBHOOK_PORT} is set; on, it needs the
 * secret file, because an unsigned receiver would let anyone kick the ticks.
 *
 * @param port {@code AFK_WEBHOOK_PORT}; 0 when off
 * @param host {@code AFK_WEBHOOK_HOST}, the address the receiver binds
 * @param secretFile {@code AFK_WEBHOOK_SECRET_FILE}, read again for every delivery
 * @param maxBytes {@code AFK_WEBHOOK_MAX_BYTES}, the largest body accepted
 * @param peers {@code AFK_WEBHOOK_PEERS}: base URLs ({@code http://host:port}) or {@code dns:<host>:<port>} entries
 *     a follower forwards a delivery to; empty when there is one replica
 * @param coalesceMillis {@code AFK_WEBHOOK_COALESCE_MS}: how long a kick waits for the rest of its burst
 * @param problems what is wrong with the values (start-up fails on any)
 */
public record WebhookSettings(int port, String host, String secretFile, int maxBytes, List<String> peers,
        int coalesceMillis, List<String> problems) {

    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    public static final int DEFAULT_COALESCE_MILLIS = 250;

    public WebhookSettings {
        peers = List.copyOf(peers);
        problems = List.copyOf(problems);
    }

    public boolean enabled() {
        return port > 0;
    }

    public static WebhookSettings from(Function<String, String> property) {
        Function<String, String> get = k -> {
            String v = property.apply(k);
            return v == null ? "" : v.strip();
        };
        List<String> problems = new ArrayList<>();
        int port = Config.parseInt(get.apply("afk.webhook-port"), 0, 0, "AFK_WEBHOOK_PORT", problems);
        if (port > 65535) {
            problems.add("AFK_WEBHOOK_PORT must be a port number up to 65535 (got " + port + ")");
            port = 0;
        }
        String host = get.apply("afk.webhook-host");
        String secretFile = get.apply("afk.webhook-secret-file");
        if (port > 0 && secretFile.isEmpty()) {
            problems.add("AFK_WEBHOOK_PORT is set but AFK_WEBHOOK_SECRET_FILE is not: the receiver would accept "
                    + "unsigned deliveries; set the file holding the webhook secret, or clear AFK_WEBHOOK_PORT");
        }
        int maxBytes = Config.parseInt(get.apply("afk.webhook-max-bytes"), DEFAULT_MAX_BYTES, 1,
                "AFK_WEBHOOK_MAX_BYTES", problems);
        List<String> peers = Config.splitList(get.apply("afk.webhook-peers"));
        for (String p : peers) {
            if (!p.matches("https?://[^/\\s]+") && !p.matches("dns:[A-Za-z0-9.-]+:\\d{1,5}")) {
                problems.add("AFK_WEBHOOK_PEERS entry '" + p + "' is neither a base URL (http://host:port) nor "
                        + "dns:<host>:<port>");
            }
        }
        int coalesce = Config.parseInt(get.apply("afk.webhook-coalesce-ms"), DEFAULT_COALESCE_MILLIS, 0,
                "AFK_WEBHOOK_COALESCE_MS", problems);
        return new WebhookSettings(port, host.isEmpty() ? "0.0.0.0" : host, secretFile, maxBytes, peers, coalesce,
                problems);
    }
}
