package dev.afk.plane;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.CommentQuery;
import dev.afk.adapter.PermissionQuery;
import dev.afk.adapter.RunComments;
import dev.afk.adapter.StopAskQuery;
import dev.afk.core.BudgetGrants;
import dev.afk.core.CommentRelay;
import dev.afk.core.Config;
import dev.afk.core.IssueComment;
import dev.afk.core.StopAsk;
import dev.afk.core.StopAsks;
import dev.afk.core.Trust;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@code afk-stop-ask} (routes/stop-ask.camel.yaml): glue between the tracker ops
 * ({@code list-comments}, {@code permission}) and the pure judge {@link StopAsks}. The trust rule is
 * {@code AFK_TRUSTED_LABELERS} from {@link Config}; AFK's own login comes from the route
 * ({@code {{afk.tracker-login}}}).
 */
public class StopAskSteps {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    private final Config config;
    private final OnceLog onceLog;

    public StopAskSteps(Config config, OnceLog onceLog) {
        this.config = config;
        this.onceLog = onceLog;
    }

    /** The comments that can stop the attempt: those created since it was dispatched. */
    public CommentQuery commentQuery(StopAskQuery q) {
        return new CommentQuery(q.issue(), q.since());
    }

    /**
     * The permission reads the judges need, one per person: who asked to stop since the dispatch, who wrote a comment
     * the relay judges (not relayed yet, not a command, not AFK's), and who wrote {@code /afk budget +1} (the
     * dispatch's grants); none at all when {@code AFK_TRUSTED_LABELERS} is set.
     */
    public List<PermissionQuery> askers(StopAskQuery q, List<IssueComment> comments, String afkLogin) {
        Set<String> logins = new LinkedHashSet<>(
                StopAsks.needPermission(comments, q.since(), afkLogin, config.trustedLabelers()));
        logins.addAll(CommentRelay.needPermission(comments, q.since(), afkLogin, config.trustedLabelers(),
                q.relayed()));
        List<IssueComment> grants = comments.stream()
                .filter(c -> BudgetGrants.isGrantCommand(c.body()) && !c.createdAt().isBefore(q.since())
                        && !Trust.isAfk(c.author(), afkLogin))
                .toList();
        logins.addAll(Trust.needPermission(grants, config.trustedLabelers()));
        return logins.stream().map(login -> new PermissionQuery(q.issue().repo(), login)).toList();
    }

    /** No permission read yet. */
    public Map<String, String> noLevels() {
        return Map.of();
    }

    /** The {@code index}-th asker whose permission is read. */
    public PermissionQuery asker(List<PermissionQuery> askers, int index) {
        return askers.get(index);
    }

    /** {@code levels} plus the asker's level, by lower-cased login (logins are case-insensitive on both trackers). */
    public Map<String, String> withLevel(Map<String, String> levels, PermissionQuery asker, String level) {
        Map<String, String> out = new LinkedHashMap<>(levels);
        out.put(asker.login().strip().toLowerCase(Locale.ROOT), level);
        return Map.copyOf(out);
    }

    /**
     * The verdicts: the {@code /afk stop} (an ignored ask is logged at WARN once per comment, DEBUG on later ticks)
     * and the comments to relay (a comment the relay leaves out is logged at INFO once, with why).
     */
    public RunComments judge(StopAskQuery q, List<IssueComment> comments, Map<String, String> levels,
            String afkLogin) {
        StopAsk ask = StopAsks.judge(comments, q.since(), afkLogin, config.trustedLabelers(), levels::get);
        if (ask.kind() == StopAsk.Kind.IGNORED) {
            onceLog.warn("stop-ask:" + q.issue(), "ignored:" + ask.commentId(), "ignored /afk stop issue=" + q.issue()
                    + " comment=" + ask.commentId() + " by=" + ask.by() + " why=\"" + ask.why() + "\"; the run goes on");
        }
        CommentRelay.Selection relay = CommentRelay.select(comments, q.since(), afkLogin, config.trustedLabelers(),
                levels::get, q.relayed());
        for (CommentRelay.Ignored i : relay.ignored()) {
            onceLog.log("relay:" + q.issue() + ":" + i.comment().id(), "not-relayed", "not relaying comment="
                    + i.comment().id() + " issue=" + q.issue() + " by=" + i.comment().author() + " why=\"" + i.why()
                    + "\"");
        }
        return new RunComments(ask, relay, comments, levels, true);
    }

    /**
     * A failed read (comments or a permission): no verdict this tick, the run goes on and the next tick reads again.
     * The failure was already counted and logged at WARN once by the op route (adapter-retry).
     */
    public RunComments unread(StopAskQuery q, AdapterFailure failure) {
        LOG.debug("no /afk stop verdict and no relay for issue={} this tick: {} {} failed ({})", q.issue(),
                failure.system(), failure.operation(), failure.kind());
        return RunComments.UNREAD;
    }
}
