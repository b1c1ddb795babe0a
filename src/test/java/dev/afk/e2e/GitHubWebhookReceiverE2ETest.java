package dev.afk.e2e;

/** {@link WebhookReceiverE2ETest} on GitHub's dialect: {@code X-Hub-Signature-256: sha256=…}, {@code X-GitHub-*}. */
class GitHubWebhookReceiverE2ETest extends WebhookReceiverE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
