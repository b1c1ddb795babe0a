package dev.afk.wire;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.AdapterFailure.Kind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One place that turns an HTTP reply or an I/O exception into an {@link AdapterFailure} (pure). The kernel route
 * calls every HTTP endpoint with {@code throwExceptionOnFailure=false} and classifies a reply that is neither 2xx nor
 * tolerated here, so a failed call always leaves as a typed failure the ticks can act on.
 */
public final class HttpReplies {

    private HttpReplies() {}

    /** Classifies a non-2xx reply (pure; {@code now} is used only to turn a reset time into a wait). */
    public static AdapterFailure classify(String system, String operation, String credentialVariable, int status,
            String retryAfter, String rateRemaining, String rateReset, String body, Instant now) {
        String text = body == null ? "" : body;
        String snippet = snippet(text);
        Duration wait = parseRetryAfter(retryAfter, now);
        boolean exhausted = "0".equals(rateRemaining == null ? null : rateRemaining.strip());
        if (wait == null && exhausted && rateReset != null) {
            try {
                long reset = Long.parseLong(rateReset.strip());
                wait = Duration.ofSeconds(Math.max(1, reset - now.getEpochSecond()));
            } catch (NumberFormatException ignored) {
                // no usable reset: fall through to the default back-off below
            }
        }
        boolean secondary = text.toLowerCase(Locale.ROOT).contains("secondary rate limit")
                || text.contains("abuse-rate-limits");
        if (status == 429 || ((status == 403) && (exhausted || secondary || wait != null))) {
            if (wait == null) {
                wait = Duration.ofSeconds(60); // GitHub's advice when it does not say: at least a minute
            }
            return new AdapterFailure(Kind.RATE_LIMITED, system, operation, status, wait,
                    "rate limited; retry after " + wait.toSeconds() + "s " + snippet, null);
        }
        if (status == 401 || status == 403) {
            return new AdapterFailure(Kind.AUTH, system, operation, status, null,
                    "the credential was refused: check " + credentialVariable + " " + snippet, null);
        }
        if (status == 404) {
            return new AdapterFailure(Kind.NOT_FOUND, system, operation, status, null, "not found " + snippet, null);
        }
        if (status == 400) {
            return new AdapterFailure(Kind.BAD_REQUEST, system, operation, status, null,
                    "the server refused the request as malformed " + snippet, null);
        }
        if (status == 409 || status == 412 || status == 422
                || (status == 500 && text.contains("orchestration_dispatch_failed"))) {
            return new AdapterFailure(Kind.REJECTED, system, operation, status, null, "refused " + snippet, null);
        }
        if (status >= 500) {
            return new AdapterFailure(Kind.SERVER, system, operation, status, wait, "server error " + snippet, null);
        }
        return new AdapterFailure(Kind.REJECTED, system, operation, status, null,
                "unexpected reply " + snippet, null);
    }

    /** Wraps a transport exception (timeout, refused, reset) or a parse error. */
    public static AdapterFailure wrap(Throwable t, String system, String operation) {
        if (t instanceof AdapterFailure af) {
            return af;
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof IOException)) {
            root = root.getCause();
        }
        if (root instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return new AdapterFailure(Kind.MALFORMED, system, operation, 0, null,
                    "the reply is not valid JSON: " + root.getClass().getSimpleName(), t);
        }
        if (root instanceof IOException) {
            return new AdapterFailure(Kind.TIMEOUT, system, operation, 0, null,
                    "no usable reply: " + root.getClass().getSimpleName() + " " + safe(root.getMessage()), t);
        }
        return new AdapterFailure(Kind.MALFORMED, system, operation, 0, null,
                "the reply could not be read: " + root.getClass().getSimpleName() + " " + safe(root.getMessage()), t);
    }

    public static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Duration.ofSeconds(Math.max(0, at.getEpochSecond() - now.getEpochSecond()));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String snippet(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.isEmpty() ? "(empty body)" : "body: " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine);
    }

    private static String safe(String s) {
        return s == null ? "" : s;
    }
}
