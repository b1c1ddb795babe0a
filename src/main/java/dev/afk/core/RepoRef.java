package dev.afk.core;

import java.util.Objects;

/** A tracker repository, {@code owner/name}. */
public record RepoRef(String owner, String name) implements Comparable<RepoRef> {

    public RepoRef {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        if (owner.isBlank() || name.isBlank() || owner.contains("/") || name.contains("/")) {
            throw new IllegalArgumentException("not an owner/repo pair: " + owner + "/" + name);
        }
    }

    /** Parses {@code owner/repo}; surrounding blanks are ignored. */
    public static RepoRef parse(String slug) {
        String s = slug == null ? "" : slug.strip();
        int slash = s.indexOf('/');
        if (slash <= 0 || slash != s.lastIndexOf('/') || slash == s.length() - 1) {
            throw new IllegalArgumentException("not an owner/repo pair: '" + slug + "'");
        }
        return new RepoRef(s.substring(0, slash), s.substring(slash + 1));
    }

    public String slug() {
        return owner + "/" + name;
    }

    @Override
    public int compareTo(RepoRef o) {
        return slug().compareTo(o.slug());
    }

    @Override
    public String toString() {
        return slug();
    }
}
