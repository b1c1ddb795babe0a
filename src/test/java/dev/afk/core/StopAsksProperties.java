package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link StopAsks} over arbitrary comment threads: AFK's own and bots' comments never stop a run, an untrusted author
 * never stops it, unrelated comments never change the verdict, a comment before the dispatch never counts.
 */
class StopAsksProperties {

    static final Instant SINCE = Instant.parse("2026-12-03T10:00:00Z");
    static final String AFK = "afk-bot";
    static final List<String> PEOPLE = List.of("alice", "bob", "wes", "rita", "mallory", "Ada");
    static final List<String> LEVELS = List.of("admin", "write", "read", "none");

    /** One judgement's inputs: the thread, the trusted list (maybe empty) and the people's permissions. */
    record Case(List<IssueComment> comments, Set<String> trusted, Map<String, String> levels) {

        StopAsk verdict() {
            return verdict(comments);
        }

        StopAsk verdict(List<IssueComment> thread) {
            return StopAsks.judge(thread, SINCE, AFK, trusted, permissions());
        }

        Function<String, String> permissions() {
            return levels::get;
        }

        boolean steers(String login) {
            String key = login.strip().toLowerCase(Locale.ROOT);
            return trusted.isEmpty() ? Set.of("write", "admin").contains(levels.get(key))
                    : trusted.stream().anyMatch(t -> t.strip().equalsIgnoreCase(login.strip()));
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.of("/afk stop", "  /AFK STOP ", "\n/afk stop\nplease", "/afk stopped", "please /afk stop",
                "lgtm", "", "/afk  stop", "/Afk Stop\r\n");
    }

    Arbitrary<IssueComment> comments(Arbitrary<String> authors, Arbitrary<Boolean> bots, Arbitrary<Integer> offsets,
            Arbitrary<String> bodies) {
        return Combinators.combine(Arbitraries.longs().between(1, 10_000), authors, bots, offsets, bodies)
                .as((id, author, bot, offset, body) -> new IssueComment(id, author, bot, SINCE.plusSeconds(offset), body));
    }

    Arbitrary<IssueComment> anyComment() {
        return comments(Arbitraries.oneOf(Arbitraries.of(PEOPLE), Arbitraries.of(AFK, "AFK-BOT", "ci[bot]")),
                Arbitraries.of(true, false, false, false), Arbitraries.integers().between(-100, 100), bodies());
    }

    @Provide
    Arbitrary<Case> cases() {
        // Ids are unique on a tracker: renumbered in list order (the generated order is not the time order).
        Arbitrary<List<IssueComment>> thread = anyComment().list().ofMaxSize(12).map(cs -> {
            List<IssueComment> out = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) {
                IssueComment x = cs.get(i);
                out.add(new IssueComment(i + 1, x.author(), x.bot(), x.createdAt(), x.body()));
            }
            return out;
        });
        Arbitrary<Set<String>> trusted = Arbitraries.oneOf(Arbitraries.just(Set.<String>of()),
                Arbitraries.of("alice", "WES", " bob ", AFK, "ci[bot]").set().ofMaxSize(3));
        Arbitrary<Map<String, String>> levels = Arbitraries.of(LEVELS).list().ofSize(PEOPLE.size()).map(ls -> {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < PEOPLE.size(); i++) {
                m.put(PEOPLE.get(i).toLowerCase(Locale.ROOT), ls.get(i));
            }
            return m;
        });
        return Combinators.combine(thread, trusted, levels).as(Case::new);
    }

    /** Comments that are no ask: not the command, before the dispatch, or AFK's own (under any case). */
    @Provide
    Arbitrary<List<IssueComment>> unrelated() {
        Arbitrary<IssueComment> notACommand = comments(Arbitraries.of(PEOPLE), Arbitraries.of(true, false),
                Arbitraries.integers().between(-100, 100), Arbitraries.of("lgtm", "please /afk stop", "/afk stopped",
                        "", "> /afk stop", "stop\n/afk stop"));
        Arbitrary<IssueComment> tooEarly = comments(Arbitraries.of(PEOPLE), Arbitraries.of(true, false),
                Arbitraries.integers().between(-1000, -1), bodies());
        Arbitrary<IssueComment> afks = comments(Arbitraries.of(AFK, "AFK-Bot", " afk-bot "),
                Arbitraries.of(true, false), Arbitraries.integers().between(-100, 100), bodies());
        return Arbitraries.oneOf(notACommand, tooEarly, afks).list().ofMaxSize(6);
    }

    @Property
    void aStopIsAlwaysByATrustedPersonWhoAskedSinceTheDispatch(@ForAll("cases") Case c) {
        StopAsk v = c.verdict();
        if (v.kind() == StopAsk.Kind.STOP) {
            IssueComment ask = c.comments().stream().filter(x -> x.id() == v.commentId()).findFirst().orElseThrow();
            assertThat(ask.author()).isEqualTo(v.by());
            assertThat(ask.bot()).as("a bot never stops").isFalse();
            assertThat(ask.author().strip()).as("AFK never stops itself").isNotEqualToIgnoringCase(AFK);
            assertThat(c.steers(ask.author())).as("an untrusted author never stops").isTrue();
            assertThat(ask.createdAt()).as("a comment before the dispatch never counts").isAfterOrEqualTo(SINCE);
            assertThat(StopAsks.isStopCommand(ask.body())).isTrue();
        }
        if (v.kind() != StopAsk.Kind.NONE) {
            assertThat(c.comments()).anySatisfy(x -> {
                assertThat(x.id()).isEqualTo(v.commentId());
                assertThat(x.createdAt()).isAfterOrEqualTo(SINCE);
            });
        }
        if (v.kind() == StopAsk.Kind.IGNORED) {
            assertThat(v.why()).isNotBlank().contains("'" + v.by() + "'");
        }
    }

    @Property
    void aStopByAfkOrABotAddedToAnyThreadNeverChangesWhetherItStops(@ForAll("cases") Case c,
            @ForAll("bodies") String body) {
        List<IssueComment> more = new ArrayList<>(c.comments());
        more.add(new IssueComment(20_000, "ci[bot]", true, SINCE.plusSeconds(500), body));
        more.add(new IssueComment(20_001, "alice", true, SINCE.plusSeconds(501), body)); // a bot named like a person
        more.add(new IssueComment(20_002, "AFK-Bot", false, SINCE.plusSeconds(502), body));
        StopAsk before = c.verdict();
        StopAsk after = c.verdict(more);
        assertThat(after.kind() == StopAsk.Kind.STOP).isEqualTo(before.kind() == StopAsk.Kind.STOP);
        if (before.kind() == StopAsk.Kind.STOP) {
            assertThat(after).isEqualTo(before);
        }
    }

    @Property
    void anUntrustedAskerNeverTurnsAThreadIntoAStop(@ForAll("cases") Case c) {
        List<IssueComment> more = new ArrayList<>(c.comments());
        PEOPLE.stream().filter(p -> !c.steers(p)).forEach(p ->
                more.add(new IssueComment(30_000 + more.size(), p, false, SINCE.plusSeconds(600), "/afk stop")));
        StopAsk before = c.verdict();
        StopAsk after = c.verdict(more);
        if (before.kind() != StopAsk.Kind.STOP) {
            assertThat(after.kind()).isNotEqualTo(StopAsk.Kind.STOP);
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    @Property
    void unrelatedCommentsNeverChangeTheVerdict(@ForAll("cases") Case c,
            @ForAll("unrelated") List<IssueComment> noise) {
        List<IssueComment> more = new ArrayList<>(c.comments());
        for (IssueComment n : noise) {
            more.add(new IssueComment(40_000 + more.size(), n.author(), n.bot(), n.createdAt(), n.body()));
        }
        java.util.Collections.shuffle(more, new java.util.Random(more.size()));
        assertThat(c.verdict(more)).isEqualTo(c.verdict());
    }

    @Property
    void theOrderTheTrackerListsCommentsInDoesNotMatter(@ForAll("cases") Case c) {
        List<IssueComment> reversed = new ArrayList<>(c.comments());
        java.util.Collections.reverse(reversed);
        assertThat(c.verdict(reversed)).isEqualTo(c.verdict());
    }

    @Property
    void thePermissionIsAskedForEveryPersonWhoseAskIsJudgedAndForNobodyElse(@ForAll("cases") Case c) {
        List<String> asked = new ArrayList<>();
        StopAsks.judge(c.comments(), SINCE, AFK, c.trusted(), login -> {
            asked.add(login);
            return c.levels().get(login);
        });
        List<String> needed = StopAsks.needPermission(c.comments(), SINCE, AFK, c.trusted());
        assertThat(needed).containsAll(asked);
        if (!c.trusted().isEmpty()) {
            assertThat(asked).isEmpty();
        }
    }
}
