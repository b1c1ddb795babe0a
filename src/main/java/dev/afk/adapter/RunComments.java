package dev.afk.adapter;

import dev.afk.core.CommentRelay;
import dev.afk.core.IssueComment;
import dev.afk.core.StopAsk;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code direct:afk-stop-ask} out: what people said on an in-flight issue since its attempt was dispatched, read
 * once per watch tick per run (one comment listing, the permission of each person whose comment is judged): a
 * {@code /afk stop} verdict and the comments to relay to the agent (issue 10), both by the trust rule
 * ({@link dev.afk.core.Trust}).
 *
 * @param ask      the {@code /afk stop} verdict; {@link StopAsk#NONE} when none (or the read failed)
 * @param relay    the comments to relay now, oldest first, and the ignored ones with why
 * @param comments every comment read (since the dispatch), so a relay re-sent after a crash quotes its batch again
 * @param levels   the repository permission read for each judged person, by lower-cased login
 * @param read     false when the comments (or a permission) could not be read this tick: no verdict, no relay
 */
public record RunComments(StopAsk ask, CommentRelay.Selection relay, List<IssueComment> comments,
                          Map<String, String> levels, boolean read) {

    /** A tick whose read failed: nothing is stopped or relayed; the next tick reads again. */
    public static final RunComments UNREAD = new RunComments(StopAsk.NONE,
            new CommentRelay.Selection(List.of(), List.of()), List.of(), Map.of(), false);

    public RunComments {
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(relay, "relay");
        comments = comments == null ? List.of() : List.copyOf(comments);
        levels = levels == null ? Map.of() : Map.copyOf(levels);
    }

    /** Whether {@code c}'s author may steer the run (the trust rule, with the permissions this read found). */
    public boolean maySteer(IssueComment c, java.util.Set<String> trustedLabelers) {
        return dev.afk.core.Trust.why(c, trustedLabelers, levels::get) == null;
    }
}
