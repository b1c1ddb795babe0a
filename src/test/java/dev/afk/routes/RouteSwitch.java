package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route that switches on a kind's name ({@code ${variable.action} == 'CLOSE'}): the names it compares, after
 * checking that the variable is used in nothing but those comparisons. Shared by the tests of the typed switches
 * (WatchRouteActionKindsTest, WebhookRouteActionsTest).
 */
final class RouteSwitch {

    private RouteSwitch() {}

    /** The names {@code routeFile} compares {@code ${<variable>}} with; fails when it uses the variable otherwise. */
    static Set<String> compared(String routeFile, String variable) throws IOException {
        String yaml = Files.readString(Path.of(routeFile));
        Matcher m = Pattern.compile("\\$\\{" + Pattern.quote(variable) + "} == '([^']*)'").matcher(yaml);
        Set<String> names = new LinkedHashSet<>();
        int comparisons = 0;
        while (m.find()) {
            names.add(m.group(1));
            comparisons++;
        }
        assertThat(yaml.split(Pattern.quote(variable), -1).length - 1).as("uses of ${%s} in %s", variable, routeFile)
                .isEqualTo(comparisons).isPositive();
        return names;
    }
}
