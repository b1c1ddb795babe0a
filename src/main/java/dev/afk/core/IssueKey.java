package dev.afk.core;

import java.util.Objects;

/** One issue of one repository: {@code owner/repo#N}, the name AFK uses everywhere (thread titles, ids, logs). */
public record IssueKey(RepoRef repo, int number) implements Comparable<IssueKey> {

    public IssueKey {
        Objects.requireNonNull(repo, "repo");
        if (number <= 0) {
            throw new IllegalArgumentException("issue number must be positive: " + number);
        }
    }

    public static IssueKey of(String slug, int number) {
        return new IssueKey(RepoRef.parse(slug), number);
    }

    @Override
    public int compareTo(IssueKey o) {
        int c = repo.compareTo(o.repo);
        return c != 0 ? c : Integer.compare(number, o.number);
    }

    @Override
    public String toString() {
        return repo.slug() + "#" + number;
    }
}
