package dev.afk.core;

/**
 * The typed decision on one delivery (issue 13): its {@link WebhookOutcome}, and for a kick which ticks to run now
 * and what the event named (the repository, and the issue when there is one; 0 when not). The event never decides
 * anything else: the kicked ticks re-read the tracker and the pure cores decide as in any tick.
 *
 * <p>JavaBean getters ({@code status}, {@code poll}, {@code watch}) for the receiver's route, which reads them through
 * {@code WebhookSteps.Receipt}.
 */
public record WebhookVerdict(WebhookOutcome outcome, String event, String deliveryId, RepoRef repo, int issue,
        boolean poll, boolean watch, String why) {

    public WebhookVerdict {
        java.util.Objects.requireNonNull(outcome, "outcome");
        why = why == null ? "" : why;
    }

    /** A verdict without a kick. */
    public static WebhookVerdict of(WebhookOutcome outcome, String event, String deliveryId, RepoRef repo,
            String why) {
        return new WebhookVerdict(outcome, event, deliveryId, repo, 0, false, false, why);
    }

    /** The same delivery, now with another outcome (e.g. {@link WebhookOutcome#DUPLICATE}) and no kick. */
    public WebhookVerdict as(WebhookOutcome other, String because) {
        return new WebhookVerdict(other, event, deliveryId, repo, issue, false, false, because);
    }

    public String getKind() {
        return outcome.name();
    }

    public int getStatus() {
        return outcome.status();
    }

    public boolean isPoll() {
        return poll;
    }

    public boolean isWatch() {
        return watch;
    }

    /**
     * Whether the tracker's signature was verified for this verdict (a malformed body, though signed, counts as not:
     * nothing of it is believed). The receiver remembers and forwards only kicks, which always are.
     */
    public boolean isSigned() {
        return switch (outcome) {
            case KICK, IGNORED, FOREIGN, DUPLICATE, FORWARDED, NOT_LEADER -> true;
            case UNSIGNED, MISSIGNED, OVERSIZED, MALFORMED, NO_SECRET, NO_LEADER -> false;
        };
    }
}
