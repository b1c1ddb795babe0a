package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.ActionKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The watch route switches on {@link ActionKind} names (what {@code WatchSteps.decide} returns), and on nothing
 * else. Every name it compares against must be a kind, and every kind that writes something beyond the AFK comment
 * must have its branch; the two kinds that only rewrite the comment ({@code WAIT}, {@code REFRESH_CHECKLIST}) are
 * served by the record write every run goes through. With ActionKindTest (every Action subtype has its own kind) a
 * new or renamed action can never silently send a run down no branch.
 */
class WatchRouteActionKindsTest {

    @Test
    void everyComparedNameIsAKindAndEveryActingKindHasABranch() throws IOException {
        Set<String> compared = RouteSwitch.compared("routes/watch.camel.yaml", "variable.action");
        String yaml = Files.readString(Path.of("routes/watch.camel.yaml"));
        assertThat(yaml).as("the action variable holds the kind WatchSteps.decide returns")
                .contains("method: \"decide(${variable.job})\"");
        Set<String> kinds = new LinkedHashSet<>();
        for (ActionKind k : ActionKind.values()) {
            kinds.add(k.name());
        }
        assertThat(kinds).containsAll(compared);
        Set<ActionKind> acting = EnumSet.complementOf(EnumSet.of(ActionKind.WAIT, ActionKind.REFRESH_CHECKLIST));
        assertThat(compared).containsExactlyInAnyOrderElementsOf(acting.stream().map(Enum::name).toList());
    }
}
