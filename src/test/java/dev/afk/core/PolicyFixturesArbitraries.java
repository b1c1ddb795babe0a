package dev.afk.core;

import static dev.afk.core.PolicyFixtures.HUMAN;
import static dev.afk.core.PolicyFixtures.READY;
import static dev.afk.core.PolicyFixtures.RUNNING;
import static dev.afk.core.PolicyFixtures.T0;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random poll-tick snapshots over a handful of repos, so that locks, caps, duplicates and ties collide often:
 * few issue numbers (keys repeat across the two listings), few creation minutes (ties), every label combination,
 * PR and closed flags, trusted and untrusted labelers, armed and disarmed configs.
 */
final class PolicyFixturesArbitraries {

    static final List<String> REPOS = List.of("acme/api", "acme/web", "acme/docs", "other/lib");
    static final List<String> LOGINS = List.of("alice", "bob", "mallory", "Alice", " ");

    private PolicyFixturesArbitraries() {
    }

    static Arbitrary<Config> configs() {
        Arbitrary<String> kill = Arbitraries.frequency(Tuple.of(6, "false"), Tuple.of(1, "true"), Tuple.of(1, ""));
        Arbitrary<Set<String>> allow = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Set.copyOf(REPOS.subList(0, 3)))),
                Tuple.of(3, Arbitraries.of(REPOS).set().ofMinSize(1)),
                Tuple.of(1, Arbitraries.just(Set.of())));
        Arbitrary<Integer> max = Arbitraries.integers().between(1, 4);
        Arbitrary<Set<String>> trusted = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Set.of())), Tuple.of(1, Arbitraries.of("alice", "bob").set().ofMinSize(1)));
        return Combinators.combine(kill, allow, max, trusted).as((k, a, m, t) -> {
            Map<String, String> v = PolicyFixtures.armedValues(a.toArray(String[]::new));
            v.put("afk.kill-switch", k);
            v.put("afk.max-in-flight", Integer.toString(m));
            v.put("afk.trusted-labelers", String.join(",", t));
            return Config.fromMap(v);
        });
    }

    static Arbitrary<IssueKey> keys() {
        return Combinators.combine(Arbitraries.of(REPOS), Arbitraries.integers().between(1, 6))
                .as(IssueKey::of);
    }

    static Arbitrary<Issue> issues() {
        // Weighted towards the combinations the ladder cares about; the last entry still reaches every subset.
        Arbitrary<Set<String>> labels = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Set.of(READY))),
                Tuple.of(2, Arbitraries.just(Set.of(RUNNING))),
                Tuple.of(1, Arbitraries.just(Set.of(READY, RUNNING))),
                Tuple.of(1, Arbitraries.just(Set.of(READY, HUMAN))),
                Tuple.of(1, Arbitraries.just(Set.of(RUNNING, HUMAN))),
                Tuple.of(1, Arbitraries.just(Set.of("bug"))),
                Tuple.of(2, Arbitraries.of(READY, RUNNING, HUMAN, "bug").set()));
        Arbitrary<Integer> minute = Arbitraries.integers().between(0, 4);
        Arbitrary<Boolean> open = Arbitraries.frequency(
                Tuple.of(19, true), Tuple.of(1, false));
        Arbitrary<Boolean> pr = Arbitraries.frequency(
                Tuple.of(19, false), Tuple.of(1, true));
        return Combinators.combine(keys(), labels, minute, open, pr).as((key, l, m, o, p) -> new Issue(
                key, "Issue " + key, "body", l, "reporter", T0.plus(Duration.ofMinutes(m)), o, p, ""));
    }

    /** Issue listings with natural key collisions plus exact re-listings (the same issue in both queries). */
    static Arbitrary<List<Issue>> listings() {
        Arbitrary<List<Issue>> listed = issues().list().ofMinSize(2).ofMaxSize(10);
        Arbitrary<List<Integer>> relisted = Arbitraries.integers().between(0, 99).list().ofMaxSize(5);
        return Combinators.combine(listed, relisted).as((l, again) -> {
            List<Issue> out = new ArrayList<>(l);
            if (!l.isEmpty()) {
                for (int i : again) {
                    out.add(l.get(i % l.size()));
                }
            }
            return out;
        });
    }

    static Arbitrary<DispatchPolicy.Snapshot> snapshots() {
        return snapshots(configs());
    }

    static Arbitrary<DispatchPolicy.Snapshot> snapshots(Arbitrary<Config> configs) {
        return Combinators.combine(
                        configs,
                        listings(),
                        Arbitraries.maps(keys(), Arbitraries.of(LOGINS)).ofMaxSize(12),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.just(Set.<RepoRef>of())),
                                Tuple.of(1, Arbitraries.of(REPOS).map(RepoRef::parse).set().ofMaxSize(2))),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.just(java.util.Map.<RepoRef, String>of())),
                                Tuple.of(1, Arbitraries.maps(Arbitraries.of(REPOS).map(RepoRef::parse),
                                        Arbitraries.of("held by acme/ops#1", "held by acme/a#2")).ofMaxSize(2))))
                .as(DispatchPolicy.Snapshot::new);
    }
}
