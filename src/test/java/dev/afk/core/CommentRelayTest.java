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

/** Example tables of {@link CommentRelay}: which comments steer the agent, in which order, and why others not. */
class CommentRelayTest {

    static final Instant SINCE = Instant.parse("2026-12-03T10:00:00Z");
    static final String AFK = "afk-bot";
    static final Function<String, String> LEVELS = Map.of("wes", "write", "ada", "admin", "rita", "read")::get;

    static IssueComment c(long id, String author, int secondsAfter, String body) {
        return new IssueComment(id, author, false, SINCE.plusSeconds(secondsAfter), body);
    }

    static CommentRelay.Selection select(List<IssueComment> cs, List<Long> done) {
        return CommentRelay.select(cs, SINCE, AFK, Set.of(), LEVELS, done);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is a command: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /afk stop                   | true
            '  /AFK budget +1'          | true
            '\n/afk'                    | true
            '/afk\tplease'              | true
            '/afkstop'                  | false
            please /afk stop            | false
            'lgtm\n/afk stop'           | false
            'use /afk budget later'     | false
            ''                          | false
            """)
    void anAfkCommandIsNotSteeringText(String body, boolean command) {
        assertThat(CommentRelay.isCommand(body.replace("\\n", "\n").replace("\\t", "\t"))).isEqualTo(command);
    }

    @Test
    void trustedCommentsSinceTheDispatchAreRelayedInOrderAndTheRestIgnoredWithWhy() {
        List<IssueComment> cs = List.of(
                c(30, "ada", 20, "also handle the empty case"),
                c(5, "wes", -10, "before the dispatch"),
                c(20, "wes", 10, "please use the v2 API"),
                c(21, "rita", 10, "I think it should be blue"),
                c(22, "AFK-Bot", 11, "AFK's own note"),
                c(23, "wes", 12, "**AFK run**\n<!-- afk:state {} -->"),
                new IssueComment(24, "ci[bot]", true, SINCE.plusSeconds(13), "build passed"),
                c(25, "wes", 14, "/afk stop"),
                c(26, "ada", 15, "/afk budget +1"),
                c(19, "wes", 10, "same second, lower id first"),
                c(40, "wes", 0, "at the dispatch itself"));

        CommentRelay.Selection s = select(cs, List.of());

        assertThat(s.ids()).containsExactly(40L, 19L, 20L, 30L);
        assertThat(s.ignored()).extracting(i -> i.comment().id(), CommentRelay.Ignored::why).containsExactly(
                org.assertj.core.groups.Tuple.tuple(21L, "'rita' has read permission on the repository; steering "
                        + "the agent needs write or admin (AFK_TRUSTED_LABELERS is empty)"),
                org.assertj.core.groups.Tuple.tuple(22L, "written by AFK's own login 'AFK-Bot'"),
                org.assertj.core.groups.Tuple.tuple(23L, "an AFK comment (it carries the state marker)"),
                org.assertj.core.groups.Tuple.tuple(24L, "'ci[bot]' is a bot; bots never steer a run"),
                org.assertj.core.groups.Tuple.tuple(25L, "an /afk command, not text for the agent"),
                org.assertj.core.groups.Tuple.tuple(26L, "an /afk command, not text for the agent"));
    }

    @Test
    void alreadyRelayedCommentsAreNeitherRelayedNorLoggedAgain() {
        List<IssueComment> cs = List.of(c(20, "wes", 10, "one"), c(21, "rita", 11, "two"), c(22, "ada", 12, "three"));
        CommentRelay.Selection s = select(cs, List.of(20L, 21L));
        assertThat(s.ids()).containsExactly(22L);
        assertThat(s.ignored()).isEmpty();
    }

    @Test
    void theListDecidesAloneWhenSetAndPermissionIsAskedOnlyForWhomItMatters() {
        List<IssueComment> cs = List.of(c(20, "Rita", 10, "one"), c(21, "wes", 11, "two"),
                c(22, "afk-bot", 12, "mine"), c(23, "pat", 13, "/afk stop"), c(1, "old", -5, "earlier"));
        assertThat(CommentRelay.select(cs, SINCE, AFK, Set.of("rita"), login -> {
            throw new AssertionError("no permission asked when the list is set: " + login);
        }, List.of()).ids()).containsExactly(20L);
        assertThat(CommentRelay.needPermission(cs, SINCE, AFK, Set.of(), List.of(21L))).containsExactly("rita");
        assertThat(CommentRelay.needPermission(cs, SINCE, AFK, Set.of("rita"), List.of())).isEmpty();
    }

    @Test
    void theBodyHashIsStableHexAndSeesTitleAndBodyApart() {
        // sha256("Add a widget\0body")[:16], computed independently with Python's hashlib.
        assertThat(CommentRelay.bodyHash("Add a widget", "body")).isEqualTo("cf10b46f12802ac8");
        assertThat(CommentRelay.bodyHash("Add a widget", "body")).isEqualTo(CommentRelay.bodyHash("Add a widget", "body"));
        assertThat(CommentRelay.bodyHash("ab", "c")).isNotEqualTo(CommentRelay.bodyHash("a", "bc"));
        assertThat(CommentRelay.bodyHash(null, null)).isEqualTo(CommentRelay.bodyHash("", "")).hasSize(16);
    }
}
