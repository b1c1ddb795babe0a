package dev.afk.core;

import static dev.afk.core.WebhookFixtures.ALLOWLIST;
import static dev.afk.core.WebhookFixtures.MAX;
import static dev.afk.core.WebhookFixtures.SECRET;
import static dev.afk.core.WebhookFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * AFK's own writes come back as deliveries (the label it adds at dispatch, its AFK comment, its close): a delivery
 * whose sender is {@code AFK_TRACKER_LOGIN} kicks nothing, without regard to case; anyone else's still kicks, and
 * without a login configured nothing is AFK's own.
 */
class WebhookPolicyOwnChangeTest {

    private static WebhookVerdict judge(WebhookDialect d, String event, String body, String ownLogin) {
        return WebhookPolicy.judge(signed(d, event, body), SECRET, MAX, ALLOWLIST, ownLogin);
    }

    @Test
    void aChangeByAfksOwnLoginIsIgnoredAndAPersonsStillKicks() {
        String github = WebhookFixtures.github("labeled", "acme/widgets", 3); // sender octocat
        assertThat(judge(WebhookDialect.GITHUB, "issues", github, "afk-bot").outcome()).isEqualTo(WebhookOutcome.KICK);
        WebhookVerdict own = judge(WebhookDialect.GITHUB, "issues", github, "OctoCat");
        assertThat(own.outcome()).isEqualTo(WebhookOutcome.IGNORED);
        assertThat(own.why()).contains("AFK's own change").doesNotContain("octocat");
        assertThat(own.repo()).isEqualTo(WebhookFixtures.REPO);
        String forgejo = WebhookFixtures.forgejo("label_updated", "acme/widgets", 3); // sender forgejo
        assertThat(judge(WebhookDialect.FORGEJO, "issues", forgejo, "forgejo").outcome())
                .isEqualTo(WebhookOutcome.IGNORED);
        assertThat(judge(WebhookDialect.FORGEJO, "issues", forgejo, "").outcome()).isEqualTo(WebhookOutcome.KICK);
        assertThat(judge(WebhookDialect.FORGEJO, "issues", forgejo, null).outcome()).isEqualTo(WebhookOutcome.KICK);
        assertThat(WebhookPolicy.judge(signed(WebhookDialect.FORGEJO, "issues", forgejo), SECRET, MAX, ALLOWLIST)
                .outcome()).as("the four-argument judge knows no own login").isEqualTo(WebhookOutcome.KICK);
    }

    @Test
    void theOwnLoginNeverTurnsARefusalIntoAnAnswer() {
        String github = WebhookFixtures.github("labeled", "evil/elsewhere", 3);
        assertThat(judge(WebhookDialect.GITHUB, "issues", github, "octocat").outcome())
                .isEqualTo(WebhookOutcome.FOREIGN);
        WebhookDelivery unsigned = new WebhookDelivery(WebhookDialect.GITHUB, "issues", WebhookFixtures.ID, null,
                WebhookFixtures.utf8(WebhookFixtures.github("labeled", "acme/widgets", 3)));
        assertThat(WebhookPolicy.judge(unsigned, SECRET, MAX, ALLOWLIST, "octocat").outcome())
                .isEqualTo(WebhookOutcome.UNSIGNED);
    }

    @Property(tries = 300)
    void onlyTheOwnLoginsChangesAreIgnored(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String login) {
        String github = WebhookFixtures.github("labeled", "acme/widgets", 3);
        WebhookOutcome o = judge(WebhookDialect.GITHUB, "issues", github, login).outcome();
        assertThat(o).isEqualTo(login.equalsIgnoreCase("octocat") ? WebhookOutcome.IGNORED : WebhookOutcome.KICK);
    }
}
