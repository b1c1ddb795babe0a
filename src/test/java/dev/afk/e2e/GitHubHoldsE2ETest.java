package dev.afk.e2e;

/** The same holds, speaking the GitHub dialect to the GitHub simulator. */
class GitHubHoldsE2ETest extends HoldsE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
