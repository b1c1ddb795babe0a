package dev.afk.core;

import static dev.afk.core.PolicyFixtures.HUMAN;
import static dev.afk.core.PolicyFixtures.READY;
import static dev.afk.core.PolicyFixtures.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.DispatchPolicy.Dispatch;
import dev.afk.core.DispatchPolicy.Plan;
import dev.afk.core.DispatchPolicy.Skip;
import dev.afk.core.DispatchPolicy.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The safety rules of the dispatch policy over random snapshots. The oracles below read the raw listing (every
 * copy of a key), so they do not share the policy's merge code.
 */
class DispatchPolicyProperties {

    @Provide
    Arbitrary<Snapshot> snapshots() {
        return PolicyFixturesArbitraries.snapshots();
    }

    @Provide
    Arbitrary<Config> configs() {
        return PolicyFixturesArbitraries.configs();
    }

    @Provide
    Arbitrary<Issue> issues() {
        return PolicyFixturesArbitraries.issues();
    }

    @Provide
    Arbitrary<Snapshot> disarmedSnapshots() {
        return PolicyFixturesArbitraries.snapshots(PolicyFixturesArbitraries.configs().filter(c -> !c.armed()));
    }

    // --- oracles over the raw listing -----------------------------------------------------------------------------

    private static boolean anyCopy(Snapshot s, IssueKey key, Predicate<Issue> p) {
        return s.issues().stream().filter(i -> i.key().equals(key)).anyMatch(p);
    }

    private static Set<IssueKey> inputKeys(Snapshot s) {
        return s.issues().stream().map(Issue::key).collect(Collectors.toSet());
    }

    /** Open, non-PR, allowlisted, not handed back, carrying in-progress: what holds a slot and a repo. */
    private static boolean holdsASlot(Snapshot s, IssueKey key) {
        return s.config().allowlist().contains(key.repo())
                && !anyCopy(s, key, Issue::pullRequest)
                && !anyCopy(s, key, i -> !i.open())
                && !anyCopy(s, key, i -> i.hasLabel(HUMAN))
                && anyCopy(s, key, i -> i.hasLabel(RUNNING));
    }

    /** Allowlisted repos AFK could not read and in which no listed issue holds a slot: each holds one unseen run. */
    private static long blindSlots(Snapshot s) {
        return s.blind().stream().filter(r -> s.config().allowlist().contains(r))
                .filter(r -> inputKeys(s).stream().noneMatch(k -> k.repo().equals(r) && holdsASlot(s, k)))
                .count();
    }

    private static Instant oldestCreation(Snapshot s, IssueKey key) {
        return s.issues().stream().filter(i -> i.key().equals(key)).map(Issue::createdAt)
                .min(Comparator.naturalOrder()).orElseThrow();
    }

    private static List<Dispatch> fresh(Plan plan) {
        return plan.dispatch().stream().filter(d -> !d.finishStamp()).toList();
    }

    // --- properties ------------------------------------------------------------------------------------------------

    @Property(tries = 1000)
    void neverTwoRunsInFlightInOneRepoAfterTheTick(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);

        Set<RepoRef> freshRepos = new HashSet<>();
        for (Dispatch d : fresh(plan)) {
            RepoRef repo = d.issue().repo();
            assertThat(freshRepos.add(repo)).as("second new run in %s", repo).isTrue();
            assertThat(inputKeys(s).stream().filter(k -> k.repo().equals(repo)).noneMatch(k -> holdsASlot(s, k)))
                    .as("new run in %s beside one already in flight", repo).isTrue();
            assertThat(s.blind()).as("new run in %s, whose lock AFK could not read", repo).doesNotContain(repo);
        }
    }

    @Property(tries = 1000)
    void neverOverTheGlobalCapAndNeverAddingToAnExceededOne(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);

        if (s.config().armed()) {
            long expectedInFlight = inputKeys(s).stream().filter(k -> holdsASlot(s, k)).count() + blindSlots(s);
            assertThat(plan.inFlight()).isEqualTo(expectedInFlight);
        }
        int room = Math.max(0, s.config().maxInFlight() - plan.inFlight());
        assertThat(fresh(plan).size()).isLessThanOrEqualTo(room);
        assertThat(plan.dispatch()).filteredOn(Dispatch::finishStamp)
                .allSatisfy(d -> assertThat(holdsASlot(s, d.issue().key())).isTrue());
    }

    @Property(tries = 1000)
    void neverDispatchesAnUnallowlistedRepo(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);

        assertThat(plan.dispatch()).allSatisfy(d ->
                assertThat(s.config().allowlist()).contains(d.issue().repo()));
    }

    @Property(tries = 1000)
    void nothingAtAllWhenDisarmed(@ForAll("disarmedSnapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);

        assertThat(plan.dispatch()).isEmpty();
        assertThat(plan.inFlight()).isZero();
        assertThat(plan.skipped()).allSatisfy(k -> assertThat(k.reason()).isEqualTo(SkipReason.DISARMED));
        assertThat(plan.skipped()).hasSize(inputKeys(s).size());
    }

    @Property(tries = 1000)
    void everyIssueIsAccountedForExactlyOnce(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);

        List<IssueKey> out = new ArrayList<>();
        plan.dispatch().forEach(d -> out.add(d.issue().key()));
        plan.skipped().forEach(k -> out.add(k.key()));
        assertThat(out).doesNotHaveDuplicates();
        assertThat(new HashSet<>(out)).isEqualTo(inputKeys(s));
    }

    @Property(tries = 1000)
    void noIssueWithTheHumanLabelClosedOrAPullRequestIsEverDispatched(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);

        for (Dispatch d : plan.dispatch()) {
            IssueKey key = d.issue().key();
            assertThat(anyCopy(s, key, i -> i.hasLabel(HUMAN))).as("%s carries the human label", key).isFalse();
            assertThat(anyCopy(s, key, i -> !i.open() || i.pullRequest())).as("%s closed or PR", key).isFalse();
        }
    }

    @Property(tries = 1000)
    void samePlanForTheSameSnapshotInAnyListingOrder(@ForAll("snapshots") Snapshot s, @ForAll long seed) {
        List<Issue> shuffled = new ArrayList<>(s.issues());
        Collections.shuffle(shuffled, new Random(seed));
        Snapshot reordered = new Snapshot(s.config(), shuffled, s.labelers(), s.blind(), s.held());

        Plan plan = DispatchPolicy.plan(s);

        assertThat(DispatchPolicy.plan(s)).isEqualTo(plan);
        assertThat(DispatchPolicy.plan(reordered)).isEqualTo(plan);
    }

    @Property(tries = 1000)
    void finishStampMeansBothLabels(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);

        for (Dispatch d : plan.dispatch()) {
            IssueKey key = d.issue().key();
            boolean both = anyCopy(s, key, i -> i.hasLabel(READY)) && anyCopy(s, key, i -> i.hasLabel(RUNNING));
            assertThat(d.finishStamp()).isEqualTo(both);
        }
    }

    @Property(tries = 1000)
    void oldestFirstTheCapNeverPassesOverAnOlderReadyIssue(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);
        Comparator<Issue> oldestFirst = Comparator.comparing(Issue::createdAt).thenComparing(Issue::key);

        List<Issue> freshIssues = fresh(plan).stream().map(Dispatch::issue).toList();
        assertThat(freshIssues).isSortedAccordingTo(oldestFirst);
        assertThat(plan.dispatch().stream().takeWhile(Dispatch::finishStamp).count())
                .isEqualTo(plan.dispatch().stream().filter(Dispatch::finishStamp).count());
        for (Skip capped : plan.skipped()) {
            if (capped.reason() != SkipReason.GLOBAL_CAP) {
                continue;
            }
            Instant created = oldestCreation(s, capped.key());
            for (Issue chosen : freshIssues) {
                boolean chosenIsOlder = chosen.createdAt().isBefore(created)
                        || (chosen.createdAt().equals(created) && chosen.key().compareTo(capped.key()) < 0);
                assertThat(chosenIsOlder).as("%s dispatched while older %s was capped", chosen.key(), capped.key())
                        .isTrue();
            }
        }
    }

    @Property(tries = 1000)
    void withTrustedLabelersEveryNewDispatchWasLabelledByOne(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);
        Set<String> trusted = s.config().trustedLabelers().stream()
                .map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

        if (!trusted.isEmpty()) {
            for (Dispatch d : fresh(plan)) {
                String labeler = s.labelers().get(d.issue().key());
                assertThat(labeler).isNotNull();
                assertThat(trusted).contains(labeler.strip().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** No new dispatch into a held repo (issue 12); each of its ready issues is skipped HELD, naming the hold. */
    @Property(tries = 1000)
    void neverANewDispatchIntoAHeldRepo(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);
        fresh(plan).forEach(d -> assertThat(s.held()).doesNotContainKey(d.issue().repo()));
        plan.skipped().stream().filter(k -> k.reason() == SkipReason.HELD)
                .forEach(k -> assertThat(k.detail()).isEqualTo(s.held().get(k.key().repo())));
    }

    /** Guards the generators: a property over snapshots that never reach a rung would pass vacuously. */
    @Property(tries = 1000)
    void generatedSnapshotsReachEveryRungOfTheLadder(@ForAll("snapshots") Snapshot s) {
        Plan plan = DispatchPolicy.plan(s);
        Set<SkipReason> seen = plan.skipped().stream().map(Skip::reason).collect(Collectors.toSet());

        for (SkipReason reason : planReasons()) {
            Statistics.label(reason.name()).collect(seen.contains(reason));
        }
        Statistics.label("finish stamp").collect(plan.dispatch().stream().anyMatch(Dispatch::finishStamp));
        Statistics.label("new dispatch").collect(!fresh(plan).isEmpty());
        Statistics.label("two new dispatches").collect(fresh(plan).size() >= 2);
        Statistics.label("listed twice").collect(s.issues().size() > inputKeys(s).size());

        for (SkipReason reason : planReasons()) {
            Statistics.label(reason.name()).coverage(c -> c.check(true).percentage(p -> p >= 2));
        }
        for (String label : List.of("finish stamp", "new dispatch", "two new dispatches", "listed twice")) {
            Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p >= 2));
        }
    }

    /**
     * The reasons the plan's ladder yields: a refused attempt is decided at admission ({@link Budget#admit}), and the
     * T3 breaker ({@link T3Breaker}) when the dispatch starts.
     */
    private static List<SkipReason> planReasons() {
        return java.util.Arrays.stream(SkipReason.values())
                .filter(r -> r != SkipReason.ATTEMPTS_EXHAUSTED && r != SkipReason.T3_DOWN).toList();
    }

    // --- the re-read rule of a dispatch ----------------------------------------------------------------------------

    /** The re-read refuses for exactly the gate's reasons, and beyond them only when ready-for-agent is gone. */
    @Property(tries = 2000)
    void theRereadAgreesWithTheGate(@ForAll("configs") Config config, @ForAll("issues") Issue fresh) {
        Skip gate = DispatchPolicy.gate(config, fresh);
        Optional<Skip> reread = DispatchPolicy.reread(config, fresh);

        if (gate != null) {
            assertThat(reread).map(Skip::reason).contains(gate.reason());
        } else if (!fresh.hasLabel(READY)) {
            assertThat(reread).map(Skip::reason).contains(SkipReason.NOT_READY);
        } else {
            assertThat(reread).isEmpty();
        }
        reread.ifPresent(skip -> assertThat(skip.key()).isEqualTo(fresh.key()));
        Statistics.label("re-read").collect(reread.map(Skip::reason).map(Enum::name).orElse("goes on"));
    }

    /** Whatever the plan dispatches passes the re-read of the same (merged) copy: an unchanged issue goes on. */
    @Property(tries = 1000)
    void whatThePlanDispatchesPassesTheReread(@ForAll("snapshots") Snapshot s) {
        for (Dispatch d : DispatchPolicy.plan(s).dispatch()) {
            assertThat(DispatchPolicy.reread(s.config(), d.issue())).as("%s", d.issue()).isEmpty();
        }
    }

    /**
     * For an issue listed alone, the re-read and the plan agree both ways: what the re-read refuses is never
     * dispatched (for the gate's rungs, with the same reason); what it lets through is dispatched by an armed plane
     * that trusts any labeler (nothing else is listed, so no lock or cap stands in the way).
     */
    @Property(tries = 2000)
    void forALoneIssueTheRereadAndThePlanAgree(@ForAll("configs") Config config, @ForAll("issues") Issue issue) {
        Optional<Skip> reread = DispatchPolicy.reread(config, issue);
        Plan plan = DispatchPolicy.plan(new Snapshot(config, List.of(issue), java.util.Map.of()));

        if (reread.isPresent()) {
            assertThat(plan.dispatch()).isEmpty();
            SkipReason why = reread.get().reason();
            if (config.armed() && why != SkipReason.NOT_READY) {
                assertThat(plan.skipped()).extracting(Skip::reason).containsExactly(why);
            }
        } else if (config.armed() && config.trustedLabelers().isEmpty()) {
            assertThat(plan.dispatch()).extracting(d -> d.issue().key()).containsExactly(issue.key());
        }
    }
}
