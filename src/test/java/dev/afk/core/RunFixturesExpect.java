package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Action.Escalate;
import dev.afk.core.Action.FixForward;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The expected outcome of one table row: the action's kind and details, and what the persisted record says. */
final class RunFixturesExpect {

    private final Class<? extends Action> kind;
    private final List<Consumer<Decision>> checks = new ArrayList<>();

    private RunFixturesExpect(Class<? extends Action> kind) {
        this.kind = kind;
    }

    static RunFixturesExpect expect(Class<? extends Action> kind) {
        return new RunFixturesExpect(kind);
    }

    static RunFixturesExpect escalate(EscalationReason reason) {
        return expect(Escalate.class).and(d -> assertThat(((Escalate) d.action()).reason()).isEqualTo(reason));
    }

    static RunFixturesExpect fixForward(int round) {
        return expect(FixForward.class)
                .and(d -> assertThat(((FixForward) d.action()).round()).as("round").isEqualTo(round))
                .and(d -> assertThat(d.next().fixForward()).as("next.fixForward").isEqualTo(round));
    }

    RunFixturesExpect and(Consumer<Decision> check) {
        checks.add(check);
        return this;
    }

    RunFixturesExpect evidenceContains(String... parts) {
        return and(d -> assertThat(((Escalate) d.action()).evidence()).contains(parts));
    }

    RunFixturesExpect contexts(String... contexts) {
        return and(d -> assertThat(((FixForward) d.action()).evidence())
                .extracting(CheckEvidence::context).containsExactly(contexts));
    }

    RunFixturesExpect phase(Phase phase) {
        return and(d -> assertThat(d.next().phase()).as("next.phase").isEqualTo(phase));
    }

    RunFixturesExpect sha(String sha) {
        return and(d -> assertThat(d.next().sha()).as("next.sha").isEqualTo(sha));
    }

    RunFixturesExpect endedAs(String reason) {
        return and(d -> {
            assertThat(d.next().ended()).as("next.ended").isTrue();
            assertThat(d.next().endReason()).as("next.endReason").isEqualTo(reason);
        });
    }

    RunFixturesExpect open() {
        return and(d -> assertThat(d.next().ended()).as("next.ended").isFalse());
    }

    RunFixturesExpect unchanged(RunRecord record) {
        return and(d -> assertThat(d.next()).as("next").isEqualTo(record));
    }

    RunFixturesExpect progressAt(java.time.Instant at) {
        return and(d -> assertThat(d.next().progressAt()).as("next.progressAt").isEqualTo(at));
    }

    /** The end requested the agent's stop and round {@code interrupts} of the interrupt is the one sent. */
    RunFixturesExpect stopRequested(int interrupts) {
        return and(d -> {
            assertThat(d.next().stop()).as("next.stop").isNotNull();
            assertThat(d.next().stop().pending()).as("next.stop pending").isTrue();
            assertThat(d.next().stop().interrupts()).as("next.stop.interrupts").isEqualTo(interrupts);
        });
    }

    RunFixturesExpect noRecord() {
        return and(d -> assertThat(d.next()).as("next").isNull());
    }

    void verify(Decision d) {
        assertThat(d.action()).isInstanceOf(kind);
        for (Consumer<Decision> check : checks) {
            check.accept(d);
        }
    }
}
