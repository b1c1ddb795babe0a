package dev.afk.adapter.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last 200 reply per URL with its {@code ETag}, so a polling GET can be sent conditionally
 * ({@code If-None-Match}) and a {@code 304} (free of GitHub's primary rate limit) answered from here.
 *
 * <p>Only an optimisation: it never decides anything, a miss simply costs a full call, and a restart loses nothing
 * that matters. Bounded (least recently used entries go first) so hundreds of repos cannot grow it without limit.
 */
public final class EtagCache {

    /** One cached reply: the validator, the body, and the {@code Link} header a 304 does not repeat. */
    public record Entry(String etag, String body, String link) {}

    private final int maxEntries;
    private final Map<String, Entry> entries;

    public EtagCache() {
        this(1000);
    }

    public EtagCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > EtagCache.this.maxEntries;
            }
        };
    }

    public synchronized Optional<Entry> get(String url) {
        return Optional.ofNullable(entries.get(url));
    }

    /** Remembers a 200 reply; a reply without an ETag forgets the URL (nothing to validate against). */
    public synchronized void put(String url, String etag, String body, String link) {
        if (etag == null || etag.isBlank()) {
            entries.remove(url);
        } else {
            entries.put(url, new Entry(etag, body, link));
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
