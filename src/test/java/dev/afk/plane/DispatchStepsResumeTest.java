package dev.afk.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.adapter.AfkComment;
import dev.afk.adapter.DispatchRequest;
import dev.afk.adapter.T3Accepted;
import dev.afk.core.AttemptHistory;
import dev.afk.core.Config;
import dev.afk.core.DispatchPolicy;
import dev.afk.core.EarlierAttempt;
import dev.afk.core.ImplementerPrompt;
import dev.afk.core.Issue;
import dev.afk.core.IssueComment;
import dev.afk.core.IssueKey;
import dev.afk.core.Phase;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.PersonComment;
import dev.afk.core.RunIds;
import dev.afk.core.RunRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The re-queue half of afk-dispatch: which comments count, a failed read, and a re-done dispatch. */
class DispatchStepsResumeTest {

    private static final IssueKey KEY = IssueKey.of("acme/widgets", 7);
    private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    private final Config config = Config.fromMap(Map.of());
    private final Clock clock = Clock.fixed(T.plusSeconds(86_400), ZoneOffset.UTC);
    private final DispatchSteps steps = new DispatchSteps(config, clock,
            new PlaneStatus(config, clock, new ArmedGate(config, null)), new OnceLog());

    private final Issue issue = new Issue(KEY, "Fix the cache", "It leaks.", Set.of("ready-for-agent"), "alice", T,
            true, false, "https://git.example.com/acme/widgets/issues/7");
    private final RunRecord one = RunRecord.dispatched(1, "thread-1", T, "base")
            .withPhase(Phase.TESTS_RED, T.plusSeconds(600)).ended("AGENT_FAILED").withEvidence("out of memory");
    private final AfkComment afterOne = new AfkComment(99, PhaseChecklist.render(KEY, one));

    private DispatchJob job(AfkComment comment) {
        DispatchJob job = steps.start(new DispatchPolicy.Dispatch(issue, false));
        steps.recordFound(job, comment);
        return job;
    }

    private static IssueComment by(long id, String author, boolean bot, int minutes, String body) {
        return new IssueComment(id, author, bot, T.plusSeconds(60L * minutes), body);
    }

    @Test
    void aFirstAttemptReadsNoCommentsAndTellsNothing() {
        DispatchJob job = job(null);
        assertThat(steps.needsEarlier(job)).isFalse();
        assertThat(steps.request(job)).isEqualTo(new DispatchRequest(issue, 1));
    }

    @Test
    void aRequeueReadsPeoplesCommentsSinceTheEndedAttemptsLastProgressAndNobodyElses() {
        DispatchJob job = job(afterOne);
        assertThat(steps.needsEarlier(job)).isTrue();
        assertThat(steps.commentQuery(job).since()).isEqualTo(one.progressAt());
        steps.commentsRead(job, List.of(
                by(99, "afk-bot", false, 11, afterOne.body()),
                by(100, "AFK-Bot", false, 12, "AFK's login, other case"),
                by(101, "renovate[bot]", true, 13, "bump"),
                by(102, "mallory", false, 14, "pasted " + PhaseChecklist.MARKER_START + "{} -->"),
                by(103, "bob", false, 15, "Use -Xmx2g.")), "afk-bot");
        DispatchRequest request = steps.request(job);
        assertThat(request.attempt()).isEqualTo(2);
        assertThat(request.earlier()).containsExactly(new EarlierAttempt(1, "AGENT_FAILED", Phase.TESTS_RED, null,
                "out of memory", List.of(new PersonComment("bob", T.plusSeconds(900), "Use -Xmx2g."))));
    }

    @Test
    void aFailedCommentReadStillDispatchesAndTheTurnSaysSo() {
        DispatchJob job = job(afterOne);
        steps.commentsFailed(job, new IllegalStateException("503"));
        DispatchRequest request = steps.request(job);
        assertThat(request.earlier()).singleElement().satisfies(a -> assertThat(a.commentsRead()).isFalse());
        assertThat(ImplementerPrompt.firstTurn(request.issue(), request.attempt(), 20_000, request.earlier()))
                .contains("out of memory", "they could not be read this time");
    }

    @Test
    void theRecordOfAttemptTwoCarriesAttemptOneAndAReDoneDispatchTellsTheSameStory() {
        DispatchJob job = job(afterOne);
        List<IssueComment> read = List.of(by(103, "bob", false, 15, "Use -Xmx2g."));
        steps.commentsRead(job, read, "afk-bot");
        DispatchRequest first = steps.request(job);
        String written = steps.recordWrite(job, new T3Accepted(RunIds.threadId(KEY, 2), T.plusSeconds(3_600))).body();
        assertThat(AttemptHistory.parse(written).entries()).extracting(AttemptHistory.Entry::attempt)
                .containsExactly(1);
        assertThat(PhaseChecklist.parse(written).orElseThrow().attempt()).isEqualTo(2);

        // The labels were not moved yet (a crash): the next tick finishes the stamp, and a comment written after
        // attempt 2 was dispatched does not change its first turn.
        DispatchJob redo = steps.start(new DispatchPolicy.Dispatch(issue, true));
        steps.recordFound(redo, new AfkComment(99, written));
        assertThat(steps.needsEarlier(redo)).isTrue();
        steps.commentsRead(redo, List.of(read.get(0), by(104, "carol", false, 70, "later")), "afk-bot");
        assertThat(steps.request(redo)).isEqualTo(first);
        assertThat(steps.recordWrite(redo, new T3Accepted(RunIds.threadId(KEY, 2), T.plusSeconds(3_600)))).as("the comment already says it all").isNull();
    }

    @Test
    void anUnreadableHistoryMarkerIsNoHistoryNeverASkippedIssue() {
        DispatchJob job = job(new AfkComment(99, afterOne.body().replace(PhaseChecklist.MARKER_START,
                AttemptHistory.MARKER_START + "{garbled} -->\n" + PhaseChecklist.MARKER_START)));
        assertThat(job.attempt).isEqualTo(2);
        assertThat(job.history).extracting(AttemptHistory.Entry::attempt).containsExactly(1);
    }
}
