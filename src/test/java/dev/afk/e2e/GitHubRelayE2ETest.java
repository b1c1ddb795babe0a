package dev.afk.e2e;

/** The same comment relay, speaking the GitHub dialect (comments, collaborator permission, issue edits). */
class GitHubRelayE2ETest extends RelayE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
