package dev.afk.sim;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A fault a simulator injects for requests matching {@code method} (null = any) and {@code pathRegex}:
 * reply {@code status} with {@code body} and extra headers, or delay the reply, {@code times} times
 * (negative = for ever). Used by tests for 401/403/404/409/422/429/5xx, malformed JSON and timeouts.
 */
public record SimFault(String method, Pattern pathRegex, int status, String body, Map<String, String> headers,
        Duration delay, int times) {

    public static SimFault reply(String method, String pathRegex, int status, String body, int times) {
        return new SimFault(method, Pattern.compile(pathRegex), status, body, Map.of(), Duration.ZERO, times);
    }

    public SimFault withHeaders(Map<String, String> extra) {
        return new SimFault(method, pathRegex, status, body, Map.copyOf(extra), delay, times);
    }

    /** Delays the normal reply (or this fault's reply when {@code status > 0}) by {@code d}. */
    public static SimFault delay(String method, String pathRegex, Duration d, int times) {
        return new SimFault(method, Pattern.compile(pathRegex), 0, null, Map.of(), d, times);
    }

    public boolean matches(String m, String path) {
        return (method == null || method.equalsIgnoreCase(m)) && pathRegex.matcher(path).matches();
    }
}
