package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RunIdsProperties {

    @Provide
    Arbitrary<IssueKey> keys() {
        Arbitrary<String> part = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '.', '_')
                .ofMinLength(1).ofMaxLength(12);
        return Combinators.combine(part, part, Arbitraries.integers().between(1, 1_000_000))
                .as((owner, name, n) -> new IssueKey(new RepoRef(owner, name), n));
    }

    @Property(tries = 1000)
    void uuid5IsDeterministicAndAlwaysVersion5(@ForAll String name) {
        UUID a = RunIds.uuid5(RunIds.NAMESPACE, name);
        assertThat(RunIds.uuid5(RunIds.NAMESPACE, name)).isEqualTo(a);
        assertThat(a.version()).isEqualTo(5);
        assertThat(a.variant()).isEqualTo(2);
    }

    @Property(tries = 1000)
    void threadIdIsDeterministic(@ForAll("keys") IssueKey key, @ForAll @IntRange(min = 1, max = 1000) int attempt) {
        IssueKey sameKey = IssueKey.of(key.repo().slug(), key.number());
        assertThat(RunIds.threadId(sameKey, attempt)).isEqualTo(RunIds.threadId(key, attempt));
    }

    @Property(tries = 1000)
    void distinctIssueAttemptsGetDistinctThreads(
            @ForAll("keys") IssueKey k1, @ForAll @IntRange(min = 1, max = 5) int a1,
            @ForAll("keys") IssueKey k2, @ForAll @IntRange(min = 1, max = 5) int a2) {
        boolean same = k1.equals(k2) && a1 == a2;
        assertThat(RunIds.threadId(k1, a1).equals(RunIds.threadId(k2, a2))).isEqualTo(same);
    }

    @Property(tries = 1000)
    void everyIdOfOneThreadIsDistinct(@ForAll("keys") IssueKey key, @ForAll @IntRange(min = 1, max = 9) int attempt) {
        String thread = RunIds.threadId(key, attempt);
        List<String> ids = List.of(thread,
                RunIds.createCommandId(thread), RunIds.turnCommandId(thread), RunIds.turnMessageId(thread),
                RunIds.fixForwardCommandId(thread, 1), RunIds.fixForwardMessageId(thread, 1),
                RunIds.fixForwardCommandId(thread, 2), RunIds.fixForwardMessageId(thread, 2),
                RunIds.fixForwardCommandId(thread, 3), RunIds.fixForwardMessageId(thread, 3),
                RunIds.interruptCommandId(thread, 1), RunIds.interruptCommandId(thread, 2),
                RunIds.sessionStopCommandId(thread, 1), RunIds.sessionStopCommandId(thread, 2));
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).hasSameSizeAs(ids);
    }

    @Property(tries = 1000)
    void differentFixForwardRoundsGetDifferentIds(
            @ForAll("keys") IssueKey key,
            @ForAll @IntRange(min = 1, max = 50) int r1, @ForAll @IntRange(min = 1, max = 50) int r2) {
        String thread = RunIds.threadId(key, 1);
        assertThat(RunIds.fixForwardCommandId(thread, r1).equals(RunIds.fixForwardCommandId(thread, r2)))
                .isEqualTo(r1 == r2);
        assertThat(RunIds.fixForwardMessageId(thread, r1).equals(RunIds.fixForwardMessageId(thread, r2)))
                .isEqualTo(r1 == r2);
    }

    @Property(tries = 1000)
    void differentStopRoundsGetDifferentIdsAndAnInterruptNeverSharesAStopsId(
            @ForAll("keys") IssueKey key,
            @ForAll @IntRange(min = 1, max = 50) int r1, @ForAll @IntRange(min = 1, max = 50) int r2) {
        String thread = RunIds.threadId(key, 1);
        assertThat(RunIds.interruptCommandId(thread, r1).equals(RunIds.interruptCommandId(thread, r2)))
                .isEqualTo(r1 == r2);
        assertThat(RunIds.sessionStopCommandId(thread, r1).equals(RunIds.sessionStopCommandId(thread, r2)))
                .isEqualTo(r1 == r2);
        assertThat(RunIds.interruptCommandId(thread, r1)).isNotEqualTo(RunIds.sessionStopCommandId(thread, r2));
        assertThat(RunIds.interruptCommandId(thread, r1))
                .isNotEqualTo(RunIds.interruptCommandId(RunIds.threadId(key, 2), r1));
    }

    @Property(tries = 1000)
    void derivedIdsAreCanonicalUuidStrings(@ForAll("keys") IssueKey key) {
        String thread = RunIds.threadId(key, 1);
        for (String id : List.of(thread, RunIds.createCommandId(thread), RunIds.fixForwardMessageId(thread, 1))) {
            assertThat(UUID.fromString(id).toString()).isEqualTo(id);
            assertThat(UUID.fromString(id).version()).isEqualTo(5);
        }
    }
}
