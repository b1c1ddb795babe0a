package dev.afk.e2e;

/** The same {@code /afk stop}, speaking the GitHub dialect (comments and collaborator permission) to its simulator. */
class GitHubStopByCommentE2ETest extends StopByCommentE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
