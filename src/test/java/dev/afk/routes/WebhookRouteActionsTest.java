package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.plane.WebhookSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The webhook route switches on the receipt's action name (what {@code WebhookSteps.receive} returns), and on nothing
 * else: every name it compares against is one of {@link WebhookSteps#ACTIONS}, every action but {@code ANSWER} (the
 * otherwise branch) has its branch, and the answer's status comes from the receipt, never from a class name.
 */
class WebhookRouteActionsTest {

    private static final Pattern COMPARED = Pattern.compile("\\$\\{variable\\.receipt\\.action} == '([^']*)'");

    @Test
    void everyComparedNameIsAnActionAndEveryActionButAnswerHasABranch() throws IOException {
        String yaml = Files.readString(Path.of("routes/webhook.camel.yaml"));
        Set<String> compared = new LinkedHashSet<>();
        int comparisons = 0;
        Matcher m = COMPARED.matcher(yaml);
        while (m.find()) {
            compared.add(m.group(1));
            comparisons++;
        }
        assertThat(yaml.split("variable\\.receipt\\.action", -1).length - 1).as("uses of the receipt's action")
                .isEqualTo(comparisons).isPositive();
        assertThat(WebhookSteps.ACTIONS).containsAll(compared);
        assertThat(compared).containsExactlyInAnyOrder("KICK", "FORWARD");
        assertThat(WebhookSteps.ACTIONS).containsExactlyInAnyOrder("KICK", "FORWARD", "ANSWER");
        assertThat(yaml).contains("id: afk-webhook-when-answer")
                .contains("simple: \"${variable.receipt.status}\"")
                .doesNotContain("instanceof").doesNotContain("getClass");
    }
}
