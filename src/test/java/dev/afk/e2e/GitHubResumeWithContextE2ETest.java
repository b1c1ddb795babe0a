package dev.afk.e2e;

/** The same re-queue, speaking the GitHub dialect (comments through github-pages) to the GitHub simulator. */
class GitHubResumeWithContextE2ETest extends ResumeWithContextE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
