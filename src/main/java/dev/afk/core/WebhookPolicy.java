package dev.afk.core;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Issue 13: judges one delivery. An event only says <em>where</em> to look now; the kicked ticks re-read the tracker
 * and the pure cores decide as in any tick, so the payload is read for three things only: the repository, the issue
 * number, and the action (docs/reference/webhooks.md §2, §4).
 *
 * <p>The ladder, first match wins:
 * <ol>
 *   <li>a body over {@code maxBytes} → {@link WebhookOutcome#OVERSIZED} (checked before any hashing);
 *   <li>no secret → {@link WebhookOutcome#NO_SECRET};
 *   <li>no signature header → {@link WebhookOutcome#UNSIGNED};
 *   <li>a signature that is not the HMAC of the body → {@link WebhookOutcome#MISSIGNED};
 *   <li>no event or delivery header, or one that is not a plain token → {@link WebhookOutcome#MALFORMED};
 *   <li>a body that is not a JSON object, a {@code repository} without a valid {@code full_name}, or no repository
 *       on an event AFK acts on → {@link WebhookOutcome#MALFORMED};
 *   <li>a repository outside the allowlist → {@link WebhookOutcome#FOREIGN};
 *   <li>an event AFK acts on without its {@code action}, or with an {@code issue.number} that is no issue number →
 *       {@link WebhookOutcome#MALFORMED};
 *   <li>an event or action that cannot change what a tick decides (e.g. {@code ping}, {@code issues assigned},
 *       {@code check_run created}) → {@link WebhookOutcome#IGNORED};
 *   <li>otherwise → {@link WebhookOutcome#KICK}, with the ticks of {@link #ticks}.
 * </ol>
 *
 * <p>Repository names compare case-insensitively with the allowlist: both trackers resolve owner and repository
 * names without regard to case, so {@code Owner/Repo} in a payload is {@code owner/repo} in {@code AFK_ALLOWLIST}.
 * A kick names the allowlist's own {@link RepoRef}, so the kicked tick sees the spelling it is configured with.
 *
 * <p>Nothing the tracker wrote beyond the event and action names, the repository slug and the issue number reaches
 * {@code why}, and those only after they passed a token check (the headers are not covered by the signature, so
 * they are checked like any other input).
 */
public final class WebhookPolicy {

    /** Event and action names: GitHub's and Forgejo's are lower-case words joined by underscores. */
    private static final Pattern TOKEN = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Delivery ids: GitHub sends a GUID, Forgejo a UUID; anything else of this shape is kept, the rest refused. */
    private static final Pattern DELIVERY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Owner and repository names as both trackers allow them (letters, digits, {@code - _ .}). */
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");

    /** Which ticks an event kicks: the poll (dispatch from the ready label, holds), the watch (runs, CI, deploys). */
    record Ticks(boolean poll, boolean watch) {
        static final Ticks BOTH = new Ticks(true, true);
        static final Ticks WATCH = new Ticks(false, true);

        String wire() {
            return poll && watch ? "poll+watch" : poll ? "poll" : "watch";
        }
    }

    private WebhookPolicy() {}

    /**
     * @param secret the secret's bytes as read for this delivery, null when the file is missing, unreadable or empty
     * @param maxBytes the largest body accepted ({@code AFK_WEBHOOK_MAX_BYTES})
     * @param allowlist {@code AFK_ALLOWLIST}
     */
    public static WebhookVerdict judge(WebhookDelivery delivery, byte[] secret, int maxBytes, Set<RepoRef> allowlist) {
        return judge(delivery, secret, maxBytes, allowlist, null);
    }

    /**
     * As {@link #judge(WebhookDelivery, byte[], int, Set)}; a delivery that would kick but reports a change made by
     * {@code ownLogin} ({@code AFK_TRACKER_LOGIN}: its {@code sender.login}, without regard to case) is
     * {@link WebhookOutcome#IGNORED}: AFK's own label, comment and close writes come back as deliveries, and the
     * tick that wrote them already acted on what they say. Null or blank: no delivery is AFK's own.
     */
    public static WebhookVerdict judge(WebhookDelivery delivery, byte[] secret, int maxBytes, Set<RepoRef> allowlist,
            String ownLogin) {
        WebhookDialect dialect = delivery.dialect();
        byte[] body = delivery.body();
        String event = token(delivery.event(), TOKEN);
        String id = token(delivery.deliveryId(), DELIVERY);
        if (body.length > maxBytes) {
            return WebhookVerdict.of(WebhookOutcome.OVERSIZED, event, id, null,
                    "oversized: a body of " + body.length + " bytes is over AFK_WEBHOOK_MAX_BYTES=" + maxBytes);
        }
        if (secret == null || secret.length == 0) {
            return WebhookVerdict.of(WebhookOutcome.NO_SECRET, event, id, null,
                    "no secret: AFK_WEBHOOK_SECRET_FILE is missing, unreadable or empty");
        }
        String signature = delivery.signature();
        if (signature == null || signature.isBlank()) {
            return WebhookVerdict.of(WebhookOutcome.UNSIGNED, event, id, null,
                    "unsigned: no " + dialect.signatureHeader() + " header");
        }
        if (!WebhookSignature.matches(dialect, secret, body, signature)) {
            return WebhookVerdict.of(WebhookOutcome.MISSIGNED, event, id, null,
                    "missigned: " + dialect.signatureHeader() + " is not "
                            + (dialect.signaturePrefix().isEmpty() ? "" : dialect.signaturePrefix() + " and ")
                            + "the hex HMAC-SHA256 of this body under the secret");
        }
        if (event == null || id == null) {
            String missing = event == null && id == null ? dialect.eventHeader() + " and " + dialect.deliveryHeader()
                    : event == null ? dialect.eventHeader() : dialect.deliveryHeader();
            return WebhookVerdict.of(WebhookOutcome.MALFORMED, event, id, null,
                    "malformed: " + missing + " missing or not a plain name");
        }
        Optional<Map<String, Object>> parsed = WebhookJson.object(body);
        if (parsed.isEmpty()) {
            return WebhookVerdict.of(WebhookOutcome.MALFORMED, event, id, null,
                    "malformed: the " + event + " body is not a JSON object (is the hook's content type JSON?)");
        }
        Map<String, Object> payload = parsed.get();
        boolean acted = actsOn(dialect, event);
        Optional<Object> repository = WebhookJson.at(payload, "repository");
        if (repository.isEmpty()) {
            return acted
                    ? WebhookVerdict.of(WebhookOutcome.MALFORMED, event, id, null,
                            "malformed: the " + event + " body names no repository")
                    : WebhookVerdict.of(WebhookOutcome.IGNORED, event, id, null,
                            "ignored: " + event + " names no repository and changes nothing a tick reads");
        }
        Optional<RepoRef> named = WebhookJson.at(payload, "repository", "full_name").map(WebhookPolicy::slug);
        if (named.isEmpty()) {
            return WebhookVerdict.of(WebhookOutcome.MALFORMED, event, id, null,
                    "malformed: the " + event + " body has no repository.full_name of the form owner/name");
        }
        RepoRef repo = named.get();
        Optional<RepoRef> allowed = allowlist == null ? Optional.empty()
                : allowlist.stream().filter(a -> a.slug().equalsIgnoreCase(repo.slug())).findFirst();
        if (allowed.isEmpty()) {
            return WebhookVerdict.of(WebhookOutcome.FOREIGN, event, id, repo,
                    "foreign: " + repo.slug() + " is not in AFK_ALLOWLIST");
        }
        Object actionValue = WebhookJson.at(payload, "action").orElse(null);
        String action = actionValue instanceof String a ? token(a, TOKEN) : null;
        if (acted && needsAction(dialect, event) && action == null) {
            return WebhookVerdict.of(WebhookOutcome.MALFORMED, event, id, allowed.get(),
                    "malformed: the " + event + " body has no action");
        }
        int issue = 0;
        Optional<Object> number = WebhookJson.at(payload, "issue", "number");
        if (acted && number.isPresent()) {
            issue = number.get() instanceof Long n && n > 0 && n <= Integer.MAX_VALUE ? n.intValue() : -1;
            if (issue < 0) {
                return WebhookVerdict.of(WebhookOutcome.MALFORMED, event, id, allowed.get(),
                        "malformed: the " + event + " body has an issue.number that is no issue number");
            }
        }
        String what = action == null ? event : event + " " + action;
        Optional<Ticks> ticks = ticks(dialect, event, action);
        if (ticks.isEmpty()) {
            return WebhookVerdict.of(WebhookOutcome.IGNORED, event, id, allowed.get(),
                    "ignored: " + what + " on " + allowed.get().slug() + " changes nothing a tick reads");
        }
        Ticks t = ticks.get();
        if (ownLogin != null && !ownLogin.isBlank()
                && WebhookJson.at(payload, "sender", "login").filter(l -> l instanceof String login
                        && login.equalsIgnoreCase(ownLogin.strip())).isPresent()) {
            return WebhookVerdict.of(WebhookOutcome.IGNORED, event, id, allowed.get(),
                    "ignored: " + what + " on " + allowed.get().slug() + " is AFK's own change (the sender is "
                            + "AFK_TRACKER_LOGIN)");
        }
        return new WebhookVerdict(WebhookOutcome.KICK, event, id, allowed.get(), issue, t.poll(), t.watch(),
                "kick " + t.wire() + ": " + what + " on " + allowed.get().slug() + (issue > 0 ? " #" + issue : ""));
    }

    /**
     * The ticks an event kicks, empty when it can change nothing a tick decides (docs/reference/webhooks.md §2, §4).
     * Label, state and body changes of an issue and a new comment kick both: the poll dispatches from labels and reads
     * holds and budget grants ({@code /afk budget +1}), the watch relays comments and reads {@code /afk stop} and the
     * issue's state. CI and deploy results kick the watch. Forgejo has no commit-status or deployment event: its CI is
     * still polled.
     */
    static Optional<Ticks> ticks(WebhookDialect dialect, String event, String action) {
        if (event == null) {
            return Optional.empty();
        }
        String a = action == null ? "" : action;
        Ticks t = switch (dialect) {
            case GITHUB -> switch (event) {
                case "issues" -> switch (a) {
                    case "labeled", "unlabeled", "opened", "closed", "reopened", "edited" -> Ticks.BOTH;
                    default -> null;
                };
                case "issue_comment" -> a.equals("created") ? Ticks.BOTH : null;
                case "status" -> Ticks.WATCH;
                case "check_run", "check_suite" -> a.equals("completed") ? Ticks.WATCH : null;
                case "deployment_status" -> a.equals("created") ? Ticks.WATCH : null;
                default -> null;
            };
            case FORGEJO -> switch (event) {
                case "issues" -> switch (a) {
                    case "label_updated", "label_cleared", "opened", "closed", "reopened", "edited" -> Ticks.BOTH;
                    default -> null;
                };
                case "issue_comment" -> a.equals("created") ? Ticks.BOTH : null;
                default -> null;
            };
        };
        return Optional.ofNullable(t);
    }

    /** The events AFK subscribes to and acts on (some of their actions): these must name their repository. */
    static boolean actsOn(WebhookDialect dialect, String event) {
        return switch (dialect) {
            case GITHUB -> switch (event) {
                case "issues", "issue_comment", "status", "check_run", "check_suite", "deployment_status" -> true;
                default -> false;
            };
            case FORGEJO -> event.equals("issues") || event.equals("issue_comment");
        };
    }

    /** GitHub's {@code status} event is the one AFK acts on that carries no {@code action}. */
    private static boolean needsAction(WebhookDialect dialect, String event) {
        return !(dialect == WebhookDialect.GITHUB && event.equals("status"));
    }

    private static RepoRef slug(Object fullName) {
        return fullName instanceof String s && SLUG.matcher(s).matches() ? RepoRef.parse(s) : null;
    }

    /** The value when it is a plain token of the pattern (so it may be logged), else null. */
    private static String token(String value, Pattern pattern) {
        return value != null && pattern.matcher(value).matches() ? value : null;
    }
}
