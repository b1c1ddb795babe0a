package dev.afk.plane;

import dev.afk.adapter.CommentQuery;
import dev.afk.adapter.StopAskQuery;

/** The steps of {@code afk-stop-ask} (routes/stop-ask.camel.yaml): glue between the tracker ops and the pure judge. */
public class StopAskSteps {

    /** The comments that can stop the attempt: those created since it was dispatched. */
    public CommentQuery commentQuery(StopAskQuery q) {
        return new CommentQuery(q.issue(), q.since());
    }
}
