package dev.afk.e2e;

/** {@link DashboardClosedRunsE2ETest} against the GitHub simulator. */
class GitHubDashboardClosedRunsE2ETest extends DashboardClosedRunsE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
