package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.ActionKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The watch route switches on {@link ActionKind} names. Every name it compares against must be a kind, and every
 * kind that writes something beyond the AFK comment must have its branch: a renamed kind can never silently send a
 * run down no branch.
 */
class WatchRouteActionKindsTest {

    private static final Pattern COMPARED = Pattern.compile("\\$\\{variable\\.action} == '([^']*)'");

    @Test
    void everyComparedNameIsAKindAndEveryActingKindHasABranch() throws IOException {
        String yaml = Files.readString(Path.of("routes/watch.camel.yaml"));
        Set<String> compared = new LinkedHashSet<>();
        Matcher m = COMPARED.matcher(yaml);
        while (m.find()) {
            compared.add(m.group(1));
        }
        Set<String> kinds = new LinkedHashSet<>();
        for (ActionKind k : ActionKind.values()) {
            kinds.add(k.name());
        }
        assertThat(kinds).containsAll(compared);
        Set<ActionKind> acting = EnumSet.complementOf(EnumSet.of(ActionKind.WAIT, ActionKind.REFRESH_CHECKLIST));
        assertThat(compared).containsExactlyInAnyOrderElementsOf(acting.stream().map(Enum::name).toList());
    }
}
