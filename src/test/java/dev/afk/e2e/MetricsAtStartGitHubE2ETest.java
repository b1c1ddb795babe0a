package dev.afk.e2e;

/** The same, with GitHub as the tracker: its adapter failures and its rate-limit series exist from start too. */
class MetricsAtStartGitHubE2ETest extends MetricsAtStartE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
