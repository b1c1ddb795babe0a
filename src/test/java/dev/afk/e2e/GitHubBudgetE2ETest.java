package dev.afk.e2e;

/** The same budget, speaking the GitHub dialect (comments, labels and collaborator permission) to its simulator. */
class GitHubBudgetE2ETest extends BudgetE2ETest {

    @Override
    String tracker() {
        return "github";
    }
}
