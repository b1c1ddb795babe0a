package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Example tables of {@link BudgetGrants}: what a {@code /afk budget +1} is, and which ones count. */
class BudgetGrantsTest {

    static final Instant SINCE = Instant.parse("2026-01-05T12:00:00Z");
    static final String AFK = "afk-bot";
    static final Predicate<IssueComment> TRUSTED = c -> Set.of("alice", "bob").contains(c.author());

    static IssueComment comment(long id, String author, boolean bot, long secondsAfterSince, String body) {
        return new IssueComment(id, author, bot, SINCE.plusSeconds(secondsAfterSince), body);
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "/afk budget +1|true",
        "'  /afk budget +1  '|true",
        "/AFK Budget +1|true",
        "\\n\\n/afk budget +1\\nplease|true",
        "/afk budget +2|false",
        "/afk budget  +1|false",
        "/afk budget +1 now|false",
        "please\\n/afk budget +1|false",
        "/afk budget|false",
        "/afk stop|false",
        "/afK budget +1|true",
        "/afk budget +１|false",
        "/afk budget \u212a+1|false"})
    void theCommandIsTheFirstNonBlankLineExactly(String body, boolean grant) {
        assertThat(BudgetGrants.isGrantCommand(body.replace("\\n", "\n"))).isEqualTo(grant);
    }

    @Test
    void aKelvinSignIsNotAK() {
        assertThat(BudgetGrants.isGrantCommand("/afk budget +1".replace('k', '\u212a'))).isFalse();
        assertThat(BudgetGrants.isGrantCommand(null)).isFalse();
    }

    @Test
    void onlyTrustedPeopleAfterTheEndCountEachOnce() {
        List<IssueComment> comments = List.of(
                comment(1, "alice", false, 10, "/afk budget +1"),
                comment(1, "alice", false, 10, "/afk budget +1"), // listed twice by the tracker
                comment(2, "bob", false, 20, "/afk budget +1"),
                comment(3, "mallory", false, 30, "/afk budget +1"), // not allowed to steer
                comment(4, "alice", false, -1, "/afk budget +1"), // before the attempt ended
                comment(5, "alice", true, 40, "/afk budget +1"), // a bot, even when trusted
                comment(6, "AFK-Bot", false, 50, "/afk budget +1"), // AFK's own
                comment(7, "", false, 60, "/afk budget +1"), // no author
                comment(8, "bob", false, 70, "thanks, /afk budget +1"));
        Predicate<IssueComment> trustedOrAfk = TRUSTED.or(c -> c.author().equalsIgnoreCase(AFK))
                .or(c -> c.author().isEmpty());
        assertThat(BudgetGrants.grants(comments, SINCE, AFK, trustedOrAfk)).extracting(IssueComment::id)
                .containsExactly(1L, 2L);
        assertThat(BudgetGrants.count(comments, SINCE, AFK, trustedOrAfk)).isEqualTo(2);
        assertThat(BudgetGrants.count(comments, SINCE.plusSeconds(15), AFK, trustedOrAfk)).isEqualTo(1);
        assertThat(BudgetGrants.count(comments, null, AFK, trustedOrAfk)).isZero();
        assertThat(BudgetGrants.count(comments, SINCE, AFK, c -> false)).isZero();
    }

    @Test
    void grantsComeOldestFirst() {
        List<IssueComment> comments = List.of(comment(9, "bob", false, 90, "/afk budget +1"),
                comment(3, "alice", false, 30, "/afk budget +1"), comment(2, "alice", false, 30, "/afk budget +1"));
        assertThat(BudgetGrants.grants(comments, SINCE, AFK, TRUSTED)).extracting(IssueComment::id)
                .containsExactly(2L, 3L, 9L);
    }
}
