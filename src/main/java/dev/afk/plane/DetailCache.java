package dev.afk.plane;

import dev.afk.core.PhaseReport;
import dev.afk.core.ThreadView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers each thread's phase reports and errors by the thread's {@code updatedAt}, so the watch tick reads a
 * thread's detail only when the fleet says it changed (docs/ARCHITECTURE.md §7). Only a cost saving: after a restart
 * the cache is empty and every thread is read once.
 */
public class DetailCache {

    private record Entry(Instant updatedAt, List<PhaseReport> reports, List<String> errors, Boolean answered,
                         Long tokens) {}

    private static final int MAX = 10_000;

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX;
        }
    };

    /** The fleet view with the cached detail attached, or null when the detail must be read. */
    public synchronized ThreadView attach(ThreadView fleetView) {
        Entry e = entries.get(fleetView.threadId());
        if (e == null || !e.updatedAt().equals(fleetView.updatedAt())) {
            return null;
        }
        return fleetView.withDetail(e.reports(), e.errors(), e.answered()).withTokens(e.tokens());
    }

    public synchronized void put(ThreadView fleetView, ThreadView detail) {
        entries.put(fleetView.threadId(), new Entry(fleetView.updatedAt(), detail.reports(), detail.errors(),
                detail.latestTurnAnswered(), detail.tokens()));
    }
}
