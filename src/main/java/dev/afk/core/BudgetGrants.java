package dev.afk.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads {@code /afk budget +1} from an issue's comments (issue 10, item 3): each such comment by a user allowed to
 * steer allows one more attempt than {@code AFK_MAX_ATTEMPTS} ({@link Budget#admit}).
 *
 * <p>A comment <em>grants</em> when the first non-blank line of its body is exactly {@code /afk budget +1}
 * (surrounding white space aside, ASCII letters in any case, as {@code /afk stop} in {@link StopAsks}), it was
 * created at or after {@code since}, AFK's own login did not write it, its author is a person (not a bot, not
 * blank), and the trust verdict {@code maySteer} (the rule of {@code /afk stop}, passed in) accepts it. A comment
 * counts once, however often the tracker lists it.
 */
public final class BudgetGrants {

    /** The command, as a person writes it. */
    public static final String COMMAND = "/afk budget +1";

    /** Case-insensitive for ASCII only: no Kelvin sign passes for a letter of the command. */
    private static final Pattern GRANT = Pattern.compile(Pattern.quote(COMMAND), Pattern.CASE_INSENSITIVE);

    private BudgetGrants() {}

    /** Whether the first non-blank line of {@code body} is exactly {@code /afk budget +1}. */
    public static boolean isGrantCommand(String body) {
        return FirstLine.matches(body, GRANT);
    }

    /**
     * The grant comments that count, oldest first, each once (by tracker id).
     *
     * @param since    grants written before this do not count ({@link Budget#grantsSince}); null: none counts
     * @param afkLogin AFK's own login; its comments never count
     * @param maySteer the trust verdict on a comment's author (the rule of {@code /afk stop})
     */
    public static List<IssueComment> grants(List<IssueComment> comments, Instant since, String afkLogin,
            Predicate<IssueComment> maySteer) {
        if (since == null) {
            return List.of();
        }
        Map<Long, IssueComment> byId = new LinkedHashMap<>();
        for (IssueComment c : comments) {
            if (isGrantCommand(c.body()) && !c.createdAt().isBefore(since) && !isAfk(c.author(), afkLogin)
                    && !c.bot() && !c.author().isBlank() && maySteer.test(c)) {
                byId.putIfAbsent(c.id(), c);
            }
        }
        List<IssueComment> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(IssueComment::createdAt).thenComparingLong(IssueComment::id));
        return List.copyOf(out);
    }

    /** How many grants count ({@link #grants}): each allows exactly one more attempt. */
    public static int count(List<IssueComment> comments, Instant since, String afkLogin,
            Predicate<IssueComment> maySteer) {
        return grants(comments, since, afkLogin, maySteer).size();
    }

    private static boolean isAfk(String author, String afkLogin) {
        return afkLogin != null && !afkLogin.isBlank()
                && author.strip().toLowerCase(Locale.ROOT).equals(afkLogin.strip().toLowerCase(Locale.ROOT));
    }
}
