package dev.afk.e2e;

/** The same fix-forward that learns, speaking the GitHub dialect (combined status with an error) to its simulator. */
class GitHubCiLearnsE2ETest extends CiLearnsE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
