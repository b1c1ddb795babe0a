package dev.afk.e2e;

/** T3 down, with GitHub as the tracker. */
class GitHubT3DownE2ETest extends T3DownE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
