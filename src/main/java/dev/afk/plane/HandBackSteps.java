package dev.afk.plane;

import dev.afk.adapter.CommentWrite;
import dev.afk.adapter.Handoff;
import dev.afk.adapter.LabelChange;
import dev.afk.core.AttemptHistory;
import dev.afk.core.Config;
import dev.afk.core.PhaseChecklist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@code afk-hand-back}, the one hand-off of both ticks (a watch escalation, a dispatch T3 refused, and
 * the resumption of either): ring the doorbell unless this attempt's hand-off already rang it and record that it
 * rang, add {@code ready-for-human}, drop {@code ready-for-agent}, drop {@code in-progress} last. The lock goes last,
 * so while any step is unfinished the watch still lists the issue and finishes the hand-off; the bell is recorded
 * in the AFK comment, so a finished hand-off never rings twice.
 */
public class HandBackSteps {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    private final Config config;
    private final PlaneStatus status;
    private final OnceLog onceLog;

    public HandBackSteps(Config config, PlaneStatus status, OnceLog onceLog) {
        this.config = config;
        this.status = status;
        this.onceLog = onceLog;
    }

    public boolean needsBell(HandBack h) {
        return !h.record.bellRung();
    }

    public Handoff handoff(HandBack h) {
        return h.handoff;
    }

    /** The AFK comment write recording that the bell rang, or null when it did not ring (nothing to record). */
    public CommentWrite rang(HandBack h, Boolean rang) {
        if (!Boolean.TRUE.equals(rang)) {
            LOG.warn("doorbell did not ring issue={} attempt={}; the {} label is the hand-off", h.key,
                    h.record.attempt(), config.labels().human());
            return null;
        }
        h.record = h.record.withBellRung();
        return new CommentWrite(h.key, h.commentId,
                AttemptHistory.carry(PhaseChecklist.render(h.key, h.record, h.handoff.issueUrl(), config.budget()),
                        h.carried));
    }

    public boolean needsHuman(HandBack h) {
        return !h.labels.contains(config.labels().human());
    }

    public boolean carriesReady(HandBack h) {
        return h.labels.contains(config.labels().ready());
    }

    public LabelChange addHuman(HandBack h) {
        return new LabelChange(h.key, config.labels().human());
    }

    public LabelChange removeReady(HandBack h) {
        return new LabelChange(h.key, config.labels().ready());
    }

    public LabelChange removeInProgress(HandBack h) {
        return new LabelChange(h.key, config.labels().inProgress());
    }

    public void done(HandBack h) {
        onceLog.forget(h.key.toString());
        if (h.fresh) {
            LOG.warn("escalated issue={} attempt={} reason={} evidence=\"{}\" -> {}", h.key, h.record.attempt(),
                    h.reason(), h.handoff.evidence(), config.labels().human());
        } else {
            LOG.info("finished the hand-off issue={} attempt={} reason={} -> {}", h.key, h.record.attempt(),
                    h.reason(), config.labels().human());
        }
        status.failure(h.key, "handed back: " + h.reason() + (h.handoff.evidence() == null ? ""
                : " — " + h.handoff.evidence()));
    }
}
