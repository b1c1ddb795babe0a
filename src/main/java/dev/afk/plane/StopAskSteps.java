package dev.afk.plane;

import dev.afk.adapter.CommentQuery;
import dev.afk.adapter.PermissionQuery;
import dev.afk.adapter.StopAskQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The steps of {@code afk-stop-ask} (routes/stop-ask.camel.yaml): glue between the tracker ops and the pure judge. */
public class StopAskSteps {

    /** The comments that can stop the attempt: those created since it was dispatched. */
    public CommentQuery commentQuery(StopAskQuery q) {
        return new CommentQuery(q.issue(), q.since());
    }

    /** No permission read yet. */
    public Map<String, String> noLevels() {
        return Map.of();
    }

    /** The {@code index}-th asker whose permission is read. */
    public PermissionQuery asker(List<PermissionQuery> askers, int index) {
        return askers.get(index);
    }

    /** {@code levels} plus the asker's level, by lower-cased login (logins are case-insensitive on both trackers). */
    public Map<String, String> withLevel(Map<String, String> levels, PermissionQuery asker, String level) {
        Map<String, String> out = new LinkedHashMap<>(levels);
        out.put(asker.login().strip().toLowerCase(Locale.ROOT), level);
        return Map.copyOf(out);
    }
}
