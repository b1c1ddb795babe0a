package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Routes switch on {@link ActionKind} names; every action has its own kind and every kind an action. */
class ActionKindTest {

    static final List<Action> ONE_OF_EACH = List.of(new Action.Wait("w"), new Action.RefreshChecklist("r"),
            new Action.FixForward(1, List.of()), new Action.Escalate(EscalationReason.AGENT_FAILED, "e"),
            new Action.Close(), new Action.Release("x"), new Action.Interrupt(1, "i"),
            new Action.StopSession(1, "s"), new Action.Relay(List.of(12L), null, "c"));

    @Test
    void everyPermittedActionHasItsOwnKind() {
        assertThat(Action.class.getPermittedSubclasses()).hasSameSizeAs(ONE_OF_EACH);
        Set<Class<?>> covered = ONE_OF_EACH.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(Action.class.getPermittedSubclasses());
        Set<ActionKind> kinds = ONE_OF_EACH.stream().map(Action::kind).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrder(ActionKind.values());
    }

    @Test
    void kindsAreNotClassNames() {
        assertThat(Arrays.stream(ActionKind.values()).map(Enum::name))
                .noneMatch(n -> ONE_OF_EACH.stream().anyMatch(a -> a.getClass().getSimpleName().equals(n)));
    }
}
