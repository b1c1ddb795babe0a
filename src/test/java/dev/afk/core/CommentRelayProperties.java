package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
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

/** {@link CommentRelay#select} over arbitrary comment lists. */
class CommentRelayProperties {

    static final Instant SINCE = Instant.parse("2026-12-03T10:00:00Z");
    static final Function<String, String> LEVELS = Map.of("wes", "write", "ada", "admin", "rita", "read")::get;

    @Provide
    Arbitrary<List<IssueComment>> comments() {
        Arbitrary<IssueComment> one = Combinators.combine(Arbitraries.longs().between(1, 30),
                Arbitraries.of("wes", "ada", "rita", "afk-bot", "", "ci[bot]"), Arbitraries.of(true, false),
                Arbitraries.integers().between(-20, 20),
                Arbitraries.of("fix it", "/afk stop", "/afk budget +1", "<!-- afk:state {} -->", "x"))
                .as((id, who, bot, sec, body) -> new IssueComment(id, who, bot && !who.equals("wes"),
                        SINCE.plusSeconds(sec), body));
        return one.list().ofMaxSize(12);
    }

    @Property
    void everyRelayedCommentPassesEveryRuleAndIsInOrderAndEachCommentIsJudgedOnce(
            @ForAll("comments") List<IssueComment> cs, @ForAll("done") List<Long> done, @ForAll boolean shuffle) {
        List<IssueComment> input = new ArrayList<>(cs);
        if (shuffle) {
            Collections.reverse(input);
        }
        CommentRelay.Selection s = CommentRelay.select(input, SINCE, "afk-bot", Set.of(), LEVELS, done);
        for (IssueComment c : s.relay()) {
            assertThat(c.createdAt()).isAfterOrEqualTo(SINCE);
            assertThat(done).doesNotContain(c.id());
            assertThat(Trust.why(c, Set.of(), LEVELS)).isNull();
            assertThat(c.author()).isNotEqualToIgnoringCase("afk-bot");
            assertThat(CommentRelay.isCommand(c.body()) || PhaseChecklist.isAfkComment(c.body())).isFalse();
        }
        for (int i = 1; i < s.relay().size(); i++) {
            IssueComment a = s.relay().get(i - 1);
            IssueComment b = s.relay().get(i);
            assertThat(a.createdAt().isBefore(b.createdAt())
                    || a.createdAt().equals(b.createdAt()) && a.id() <= b.id()).isTrue();
        }
        Set<Long> judged = new HashSet<>(s.ids());
        s.ignored().forEach(i -> assertThat(judged.add(i.comment().id())).isTrue());
        // The order of the listing does not matter.
        List<IssueComment> reversed = new ArrayList<>(input);
        Collections.reverse(reversed);
        if (distinctIdsOnly(cs)) {
            assertThat(CommentRelay.select(reversed, SINCE, "afk-bot", Set.of(), LEVELS, done).ids())
                    .isEqualTo(s.ids());
        }
    }

    @Property
    void relayingTheSelectionLeavesNothingToRelay(@ForAll("comments") List<IssueComment> cs) {
        List<Long> done = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            CommentRelay.Selection s = CommentRelay.select(cs, SINCE, "afk-bot", Set.of(), LEVELS, done);
            assertThat(s.ids().stream().noneMatch(done::contains)).isTrue();
            done.addAll(s.ids());
        }
        assertThat(done).doesNotHaveDuplicates();
        assertThat(CommentRelay.select(cs, SINCE, "afk-bot", Set.of(), LEVELS, done).ids()).isEmpty();
    }

    @Provide
    Arbitrary<List<Long>> done() {
        return Arbitraries.longs().between(1, 30).list().ofMaxSize(5);
    }

    private static boolean distinctIdsOnly(List<IssueComment> cs) {
        return cs.stream().map(IssueComment::id).distinct().count() == cs.size();
    }
}
