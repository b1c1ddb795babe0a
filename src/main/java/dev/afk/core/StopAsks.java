package dev.afk.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a person's {@code /afk stop} from an issue's comments (issue 9, item 4): a pure function of the comments,
 * the attempt's dispatch time, AFK's own login, {@code AFK_TRUSTED_LABELERS} and the askers' repository permission.
 *
 * <p>A comment <em>asks</em> to stop when the first non-blank line of its body is exactly {@code /afk stop}
 * (surrounding white space aside, ASCII letters in any case), it was created at or after {@code since}, and AFK's
 * own login did not write it. An ask <em>counts</em> when its author may steer: a person (not a bot) who is in
 * {@code AFK_TRUSTED_LABELERS} when that is set (the rule for who may apply {@code ready-for-agent},
 * {@link DispatchPolicy}), or else has {@code write} or {@code admin} permission on the repository. The latest ask
 * that counts stops the run ({@link StopAsk.Kind#STOP}); a later ask that does not count never undoes it. With no
 * ask that counts, the latest ask is {@link StopAsk.Kind#IGNORED}, naming its author and why; with no ask at all
 * the answer is {@link StopAsk#NONE}. AFK's own comments and bots never count, not even when trusted.
 */
public final class StopAsks {

    /** The command, as a person writes it. */
    public static final String COMMAND = "/afk stop";

    /** Case-insensitive for ASCII only: no Kelvin sign or long s passes for a letter of the command. */
    private static final Pattern STOP = Pattern.compile("/afk stop", Pattern.CASE_INSENSITIVE);

    /** The permission levels that may steer a run when {@code AFK_TRUSTED_LABELERS} is empty. */
    public static final Set<String> STEERING_LEVELS = Trust.STEERING_LEVELS;

    private StopAsks() {}

    /** Whether the first non-blank line of {@code body} is exactly {@code /afk stop}. */
    public static boolean isStopCommand(String body) {
        return FirstLine.matches(body, STOP);
    }

    /** The comments that ask to stop this attempt (AFK's own left out, bots kept), oldest first. */
    public static List<IssueComment> asks(List<IssueComment> comments, Instant since, String afkLogin) {
        List<IssueComment> asks = new ArrayList<>();
        for (IssueComment c : comments) {
            if (isStopCommand(c.body()) && !c.createdAt().isBefore(since) && !Trust.isAfk(c.author(), afkLogin)) {
                asks.add(c);
            }
        }
        asks.sort(Comparator.comparing(IssueComment::createdAt).thenComparingLong(IssueComment::id));
        return asks;
    }

    /**
     * The logins (lower-cased, oldest ask first) whose repository permission {@link #judge} needs: the people who
     * asked to stop, when {@code trustedLabelers} is empty; nobody when it is set (the list decides alone).
     */
    public static List<String> needPermission(List<IssueComment> comments, Instant since, String afkLogin,
            Set<String> trustedLabelers) {
        return Trust.needPermission(asks(comments, since, afkLogin), trustedLabelers);
    }

    /**
     * The verdict on the attempt dispatched at {@code since}.
     *
     * @param permissionOf the repository permission ({@code admin}, {@code write}, {@code read}, {@code none}) of a
     *                     lower-cased login; asked only when {@code trustedLabelers} is empty, for the logins
     *                     {@link #needPermission} names; null (unknown) never steers
     */
    public static StopAsk judge(List<IssueComment> comments, Instant since, String afkLogin,
            Set<String> trustedLabelers, Function<String, String> permissionOf) {
        Set<String> trusted = Trust.lowerCased(trustedLabelers);
        List<IssueComment> asks = asks(comments, since, afkLogin);
        IssueComment stop = null;
        for (IssueComment c : asks) {
            if (why(c, trusted, permissionOf) == null) {
                stop = c;
            }
        }
        if (stop != null) {
            return StopAsk.stop(stop.author(), stop.id());
        }
        if (asks.isEmpty()) {
            return StopAsk.NONE;
        }
        IssueComment latest = asks.get(asks.size() - 1);
        return StopAsk.ignored(latest.author(), latest.id(), why(latest, trusted, permissionOf));
    }

    /** Why the ask does not count, or null when it does: {@link Trust}'s rule, worded for {@code /afk stop}. */
    private static String why(IssueComment c, Set<String> trusted, Function<String, String> permissionOf) {
        return Trust.why(c, trusted, permissionOf, Trust.Act.STOP);
    }
}
