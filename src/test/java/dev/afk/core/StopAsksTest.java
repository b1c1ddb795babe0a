package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Example tables of {@link StopAsks}: what a {@code /afk stop} is, who may stop a run, which ask wins. */
class StopAsksTest {

    static final Instant SINCE = Instant.parse("2026-12-03T10:00:00Z");
    static final String AFK = "afk-bot";
    static final Set<String> NO_LIST = Set.of();

    static IssueComment c(long id, String author, int secondsAfter, String body) {
        return new IssueComment(id, author, false, SINCE.plusSeconds(secondsAfter), body);
    }

    static IssueComment bot(long id, String author, int secondsAfter, String body) {
        return new IssueComment(id, author, true, SINCE.plusSeconds(secondsAfter), body);
    }

    static Function<String, String> levels(Map<String, String> m) {
        return m::get;
    }

    static final Function<String, String> WRITERS = levels(Map.of("wes", "write", "ada", "admin", "rita", "read",
            "pat", "none", "mallory", "read"));

    @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /afk stop                      | true
            '  /AFK Stop  '                | true
            '\n\n  /afk stop\nbecause'     | true
            '/afk stop\r\nthanks'          | true
            '\t/Afk STOP\t'                | true
            please /afk stop               | false
            /afk stopped                   | false
            '/afk  stop'                   | false
            /afk stop now                  | false
            '/afk\tstop'                   | false
            'lgtm\n/afk stop'              | false
            '> /afk stop'                  | false
            ''                             | false
            '/af\u212A stop'              | false
            '/afK stop'                    | true
            '/afk ſtop'                    | false
            /afk-stop                      | false
            """)
    void theFirstNonBlankLineMustBeExactlyTheCommand(String body, boolean stop) {
        String text = body.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");
        assertThat(StopAsks.isStopCommand(text)).isEqualTo(stop);
    }

    @Test
    void aNullOrBlankBodyIsNoCommand() {
        assertThat(StopAsks.isStopCommand(null)).isFalse();
        assertThat(StopAsks.isStopCommand(" \n \n")).isFalse();
    }

    @Test
    void noAskIsNone() {
        assertThat(StopAsks.judge(List.of(), SINCE, AFK, NO_LIST, WRITERS)).isEqualTo(StopAsk.NONE);
        assertThat(StopAsks.judge(List.of(c(1, "wes", 5, "lgtm"), c(2, "ada", 6, "please /afk stop")), SINCE, AFK,
                NO_LIST, WRITERS)).isEqualTo(StopAsk.NONE);
    }

    @Test
    void withTheListSetTheListAloneDecides() {
        Set<String> list = Set.of("Alice", " bob ");
        assertThat(StopAsks.judge(List.of(c(7, "alice", 5, "/afk stop")), SINCE, AFK, list, WRITERS))
                .isEqualTo(StopAsk.stop("alice", 7));
        assertThat(StopAsks.judge(List.of(c(7, "BOB", 5, "/afk stop")), SINCE, AFK, list, WRITERS))
                .as("logins are case-insensitive").isEqualTo(StopAsk.stop("BOB", 7));
        assertThat(StopAsks.judge(List.of(c(8, "wes", 5, "/afk stop")), SINCE, AFK, list, WRITERS))
                .as("write permission does not matter when the list is set")
                .isEqualTo(StopAsk.ignored("wes", 8, "'wes' is not in AFK_TRUSTED_LABELERS"));
        assertThat(StopAsks.needPermission(List.of(c(8, "wes", 5, "/afk stop")), SINCE, AFK, list)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            wes     | STOP    |
            ada     | STOP    |
            rita    | IGNORED | 'rita' has read permission on the repository; /afk stop needs write or admin (AFK_TRUSTED_LABELERS is empty)
            pat     | IGNORED | 'pat' has none permission on the repository; /afk stop needs write or admin (AFK_TRUSTED_LABELERS is empty)
            stranger| IGNORED | 'stranger' has no known permission on the repository; /afk stop needs write or admin (AFK_TRUSTED_LABELERS is empty)
            """)
    void withoutTheListWriteOrAdminPermissionDecides(String who, StopAsk.Kind kind, String why) {
        StopAsk ask = StopAsks.judge(List.of(c(3, who, 1, "/afk stop")), SINCE, AFK, NO_LIST, WRITERS);
        assertThat(ask.kind()).isEqualTo(kind);
        assertThat(ask.by()).isEqualTo(who);
        assertThat(ask.commentId()).isEqualTo(3);
        assertThat(ask.why()).isEqualTo(why);
    }

    @Test
    void botsAndAfkNeverCountNotEvenTrustedOnes() {
        Set<String> list = Set.of("ci-helper", AFK);
        assertThat(StopAsks.judge(List.of(bot(4, "ci-helper", 1, "/afk stop")), SINCE, AFK, list, WRITERS))
                .isEqualTo(StopAsk.ignored("ci-helper", 4, "'ci-helper' is a bot; bots never stop a run"));
        assertThat(StopAsks.judge(List.of(c(5, "AFK-Bot", 1, "/afk stop")), SINCE, AFK, list, WRITERS))
                .as("AFK's own comment is no ask at all").isEqualTo(StopAsk.NONE);
        assertThat(StopAsks.judge(List.of(bot(6, "", 1, "/afk stop")), SINCE, AFK, NO_LIST, WRITERS).why())
                .contains("names no author");
        assertThat(StopAsks.needPermission(List.of(bot(4, "ci-helper", 1, "/afk stop"),
                c(5, AFK, 1, "/afk stop")), SINCE, AFK, NO_LIST)).as("nobody to ask about").isEmpty();
    }

    @Test
    void anAskBeforeTheDispatchIsForAnEarlierAttempt() {
        assertThat(StopAsks.judge(List.of(c(1, "wes", -1, "/afk stop")), SINCE, AFK, NO_LIST, WRITERS))
                .isEqualTo(StopAsk.NONE);
        assertThat(StopAsks.judge(List.of(new IssueComment(1, "wes", false, SINCE.minusMillis(1), "/afk stop")),
                SINCE, AFK, NO_LIST, WRITERS)).isEqualTo(StopAsk.NONE);
        assertThat(StopAsks.judge(List.of(c(2, "wes", 0, "/afk stop")), SINCE, AFK, NO_LIST, WRITERS))
                .as("at the dispatch itself").isEqualTo(StopAsk.stop("wes", 2));
    }

    @Test
    void theLatestAskThatCountsWinsAndALaterOneThatDoesNotNeverUndoesIt() {
        List<IssueComment> two = List.of(c(20, "ada", 30, "/afk stop"), c(10, "wes", 10, "/afk stop"));
        assertThat(StopAsks.judge(two, SINCE, AFK, NO_LIST, WRITERS)).isEqualTo(StopAsk.stop("ada", 20));
        List<IssueComment> thenUntrusted = List.of(c(10, "wes", 10, "/afk stop"), c(11, "rita", 20, "/afk stop"),
                bot(12, "ci-helper", 30, "/afk stop"));
        assertThat(StopAsks.judge(thenUntrusted, SINCE, AFK, NO_LIST, WRITERS)).isEqualTo(StopAsk.stop("wes", 10));
        List<IssueComment> untrustedOnly = List.of(c(11, "rita", 20, "/afk stop"), c(13, "mallory", 40, "/afk stop"));
        assertThat(StopAsks.judge(untrustedOnly, SINCE, AFK, NO_LIST, WRITERS))
                .as("the latest ask is the one named").extracting(StopAsk::kind, StopAsk::by, StopAsk::commentId)
                .containsExactly(StopAsk.Kind.IGNORED, "mallory", 13L);
    }

    @Test
    void thePermissionIsNeededOnlyForThePeopleWhoAskedOnceEach() {
        List<IssueComment> cs = List.of(c(1, "Wes", 1, "/afk stop"), c(2, "wes", 2, "/afk stop"),
                c(3, "rita", 3, "lgtm"), c(4, "ada", -5, "/afk stop"), bot(5, "ci-helper", 4, "/afk stop"),
                c(6, AFK, 5, "/afk stop"), c(7, "rita", 6, "/AFK STOP"));
        assertThat(StopAsks.needPermission(cs, SINCE, AFK, NO_LIST)).containsExactly("wes", "rita");
    }
}
