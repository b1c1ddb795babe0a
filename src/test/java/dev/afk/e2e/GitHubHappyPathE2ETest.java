package dev.afk.e2e;

/** The same happy path, speaking the GitHub dialect to the GitHub simulator. */
class GitHubHappyPathE2ETest extends HappyPathE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
