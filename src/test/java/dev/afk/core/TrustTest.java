package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link Trust}: who may steer a run, the one rule behind {@code /afk stop} and the relay. */
class TrustTest {

    static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");
    static final Function<String, String> LEVELS = Map.of("wes", "write", "ada", "admin", "rita", "read",
            "pat", "none")::get;

    static IssueComment c(String author, boolean bot) {
        return new IssueComment(1, author, bot, AT, "text");
    }

    @ParameterizedTest(name = "[{index}] {0} (bot {1}, list [{2}]) → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            wes      | false | ''          | ''
            Ada      | false | ''          | ''
            rita     | false | ''          | 'rita' has read permission on the repository; steering the agent needs write or admin (AFK_TRUSTED_LABELERS is empty)
            stranger | false | ''          | 'stranger' has no known permission on the repository; steering the agent needs write or admin (AFK_TRUSTED_LABELERS is empty)
            rita     | false | RITA        | ''
            wes      | false | rita        | 'wes' is not in AFK_TRUSTED_LABELERS
            ci[bot]  | true  | ci[bot]     | 'ci[bot]' is a bot; bots never steer a run
            ''       | false | ''          | the comment names no author; only a person can steer a run
            """)
    void theTable(String author, boolean bot, String list, String why) {
        Set<String> trusted = list.isEmpty() ? Set.of() : Set.of(list);
        assertThat(Trust.why(c(author, bot), trusted, LEVELS)).isEqualTo(why.isEmpty() ? null : why);
    }

    @Test
    void theStopWordingIsTheOneStopAsksAlwaysUsed() {
        assertThat(Trust.why(c("rita", false), Set.of(), LEVELS, Trust.Act.STOP)).isEqualTo("'rita' has read "
                + "permission on the repository; /afk stop needs write or admin (AFK_TRUSTED_LABELERS is empty)");
        assertThat(Trust.why(c("ci", true), Set.of(), LEVELS, Trust.Act.STOP))
                .isEqualTo("'ci' is a bot; bots never stop a run");
    }

    @Test
    void permissionIsNeededForEveryPersonAuthorOnceAndOnlyWithoutAList() {
        List<IssueComment> cs = List.of(c("Wes", false), c("ci", true), c("wes", false), c("", false), c("rita", false));
        assertThat(Trust.needPermission(cs, Set.of())).containsExactly("wes", "rita");
        assertThat(Trust.needPermission(cs, null)).containsExactly("wes", "rita");
        assertThat(Trust.needPermission(cs, Set.of("wes"))).isEmpty();
    }

    @Provide
    Arbitrary<IssueComment> comments() {
        return Combinators.combine(Arbitraries.of("wes", "ada", "rita", "pat", "x", "", " WES "),
                Arbitraries.of(true, false)).as(TrustTest::c);
    }

    @Property
    void aBotOrAnAuthorlessCommentNeverSteersAndOnlyNeededLoginsAreAsked(@ForAll("comments") IssueComment c,
            @ForAll boolean withList) {
        Set<String> trusted = withList ? Set.of("wes", "rita", "ci") : Set.of();
        List<String> asked = new java.util.ArrayList<>();
        String why = Trust.why(c, trusted, login -> {
            asked.add(login);
            return LEVELS.apply(login);
        });
        if (!Trust.isPerson(c)) {
            assertThat(why).isNotNull();
        }
        assertThat(asked).isSubsetOf(Trust.needPermission(List.of(c), trusted));
    }
}
