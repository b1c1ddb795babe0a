package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.plane.WebhookSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The webhook route switches on the receipt's action name (what {@code WebhookSteps.receive} returns), and on nothing
 * else: every name it compares against is one of {@link WebhookSteps#ACTIONS}, every action but {@code ANSWER} (the
 * otherwise branch) has its branch, and the answer's status comes from the receipt, never from a class name.
 */
class WebhookRouteActionsTest {

    @Test
    void everyComparedNameIsAnActionAndEveryActionButAnswerHasABranch() throws IOException {
        Set<String> compared = RouteSwitch.compared("routes/webhook.camel.yaml", "variable.receipt.action");
        String yaml = Files.readString(Path.of("routes/webhook.camel.yaml"));
        assertThat(WebhookSteps.ACTIONS).containsAll(compared);
        assertThat(compared).containsExactlyInAnyOrder("KICK", "FORWARD");
        assertThat(WebhookSteps.ACTIONS).containsExactlyInAnyOrder("KICK", "FORWARD", "ANSWER");
        assertThat(yaml).contains("id: afk-webhook-when-answer")
                .contains("simple: \"${variable.receipt.status}\"")
                .doesNotContain("instanceof").doesNotContain("getClass");
    }
}
