package dev.afk.adapter;

import dev.afk.core.IssueKey;
import java.util.Objects;

/**
 * {@code direct:doorbell} in, for a trip (issue 12): the one doorbell of a hold AFK opened, naming its hold issue.
 *
 * @param hold     the hold issue AFK opened
 * @param issueUrl its web page
 * @param scope    the repo held, or {@code *} for the whole fleet
 * @param text     what tripped, one line (the evidence is on the hold issue)
 */
public record HoldBell(IssueKey hold, String issueUrl, String scope, String text) {
    public HoldBell {
        Objects.requireNonNull(hold, "hold");
        issueUrl = issueUrl == null ? "" : issueUrl;
        scope = scope == null ? "" : scope;
        text = text == null ? "" : text;
    }
}
