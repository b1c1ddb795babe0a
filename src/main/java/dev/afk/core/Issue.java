package dev.afk.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An issue as the tracker listed it. {@code body} is untrusted text written by whoever filed the issue;
 * it only ever reaches the agent through {@link ImplementerPrompt}.
 */
public record Issue(
        IssueKey key,
        String title,
        String body,
        Set<String> labels,
        String author,
        Instant createdAt,
        boolean open,
        boolean pullRequest,
        String htmlUrl) {

    public Issue {
        Objects.requireNonNull(key, "key");
        title = title == null ? "" : title;
        body = body == null ? "" : body;
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        author = author == null ? "" : author;
        Objects.requireNonNull(createdAt, "createdAt");
        htmlUrl = htmlUrl == null ? "" : htmlUrl;
    }

    public boolean hasLabel(String label) {
        return labels.contains(label);
    }

    public RepoRef repo() {
        return key.repo();
    }
}
