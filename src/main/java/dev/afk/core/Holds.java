package dev.afk.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The hold and breaker settings (issue 12): the label that marks a hold issue, the optional control repo whose
 * holds stop the whole fleet, and the two breakers' tunables.
 *
 * @param label       {@code AFK_LABEL_HOLD}: an open issue carrying it holds its repo (the control repo: the fleet)
 * @param controlRepo {@code AFK_CONTROL_REPO}; null when unset
 * @param checkEvery  {@code AFK_BREAKER_CHECK_MINUTES}: the default branch's CI is read at most this often per repo
 * @param escalations {@code AFK_BREAKER_ESCALATIONS}: this many consecutive escalations with one reason trip a hold;
 *                    0 turns the escalation breaker off
 * @param window      {@code AFK_BREAKER_WINDOW_MINUTES}: the escalations must all fall within this window
 */
public record Holds(String label, RepoRef controlRepo, Duration checkEvery, int escalations, Duration window) {

    public static final Holds DEFAULT = new Holds("afk-hold", null, Duration.ofMinutes(5), 3, Duration.ofMinutes(60));

    public Holds {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(checkEvery, "checkEvery");
        Objects.requireNonNull(window, "window");
    }

    public Holds withControlRepo(RepoRef repo) {
        return new Holds(label, repo, checkEvery, escalations, window);
    }
}
