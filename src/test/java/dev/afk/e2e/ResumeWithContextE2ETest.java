package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.AttemptHistory;
import dev.afk.core.PhaseChecklist;
import dev.afk.core.RunIds;
import dev.afk.sim.Behaviour;
import dev.afk.sim.Sandbox;
import dev.afk.sim.T3Simulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 5: a person re-queues an issue after a hand-off, and the first turn of the next attempt carries
 * "What happened before" — the earlier attempt's outcome, phase and evidence, and what people wrote since — on a
 * fresh thread. Real routes, the tracker, T3 and Slack simulators.
 */
class ResumeWithContextE2ETest extends E2eSupport {

    private static final String REPO = "acme/widgets";
    private static final String ADVICE = "The cache test needs 2 GB: run it with -Xmx2g, and keep the LRU order.";

    private String firstTurn(int attempt) {
        List<T3Simulator.TurnRequest> turns = sandbox.t3().turnsFor(RunIds.threadId(key(REPO, 1), attempt));
        assertThat(turns).as("attempt %d has its first turn", attempt).isNotEmpty();
        return turns.get(0).text();
    }

    private void requeue(Behaviour next) {
        sandbox.model().removeLabel(REPO, 1, HUMAN, Sandbox.MAINTAINER);
        sandbox.model().addLabel(REPO, 1, READY, Sandbox.MAINTAINER);
        sandbox.script().behave(REPO + "#1", next);
        plane.poll();
    }

    @Test
    void aRequeuedIssuesSecondAttemptQuotesTheFirstAttemptsOutcomeAndThePersonsComment() {
        sandbox.repo(REPO);
        sandbox.readyIssue(REPO, "Refactor the widget cache", "Split it.", Behaviour.ERRORS);
        startPlane(REPO);
        plane.poll();
        roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 20);
        assertThat(firstTurn(1)).doesNotContain("What happened before");

        clock.advance(Duration.ofMinutes(10));
        sandbox.model().addComment(REPO, 1, ADVICE, Sandbox.MAINTAINER);
        sandbox.model().markBot("ci-bot");
        sandbox.model().addComment(REPO, 1, "Coverage report: 81% (bot noise)", "ci-bot");
        sandbox.model().addComment(REPO, 1, "AFK note written under AFK's own login", Sandbox.AFK_LOGIN);
        clock.advance(Duration.ofMinutes(1));
        requeue(Behaviour.ERRORS);

        String turn = firstTurn(2);
        int section = turn.indexOf("## What happened before");
        assertThat(section).as("attempt 2's first turn has the section").isPositive();
        String before = turn.substring(section, turn.indexOf("\nEverything between the fences below", section));
        assertThat(before).contains("### Attempt 1\n",
                "- Outcome: handed to a human — `AGENT_FAILED`",
                "- Phase reached: tests-red\n",
                "- Last pushed commit: none\n",
                "- Evidence AFK recorded:",
                "out of memory",
                "- Comments people wrote since it ended (1):\n",
                "Comment by maintainer at ",
                ADVICE);
        assertThat(before).as("bots, AFK's own login and AFK's own comment never count")
                .doesNotContain("bot noise", "AFK note", "**AFK run**", "afk:state");
        // The person's comment is quoted as data, fenced, like the body.
        assertThat(before).contains("```text\n" + ADVICE + "\n```\n");
        assertThat(turn.indexOf(ADVICE)).isLessThan(turn.indexOf("Title:\n"));

        // The AFK comment of attempt 2 keeps attempt 1 in its history marker; the state marker is attempt 2's.
        String comment = afkComments(REPO, 1).get(0).body();
        assertThat(PhaseChecklist.parse(comment).orElseThrow().attempt()).isEqualTo(2);
        assertThat(AttemptHistory.parse(comment).entries()).extracting(AttemptHistory.Entry::attempt)
                .containsExactly(1);

        // Attempt 2 fails too; the watch's refreshes and the hand-off carry the history, so attempt 3 is told both.
        roundsUntil(() -> labels(REPO, 1).contains(HUMAN), 20);
        assertThat(AttemptHistory.parse(afkComments(REPO, 1).get(0).body()).entries())
                .extracting(AttemptHistory.Entry::attempt).containsExactly(1);
        clock.advance(Duration.ofMinutes(10));
        sandbox.model().addComment(REPO, 1, "Second try also ran out of memory; look at the fixture size.",
                Sandbox.MAINTAINER);
        requeue(Behaviour.SUCCEEDS);

        String third = firstTurn(3);
        assertThat(third.indexOf("### Attempt 2\n")).isPositive().isLessThan(third.indexOf("### Attempt 1\n"));
        String attempt2 = third.substring(third.indexOf("### Attempt 2\n"), third.indexOf("### Attempt 1\n"));
        String attempt1 = third.substring(third.indexOf("### Attempt 1\n"), third.indexOf("Title:\n"));
        assertThat(attempt2).contains("look at the fixture size").doesNotContain(ADVICE);
        assertThat(attempt1).contains(ADVICE).doesNotContain("look at the fixture size");
        assertThat(AttemptHistory.parse(afkComments(REPO, 1).get(0).body()).entries())
                .extracting(AttemptHistory.Entry::attempt).containsExactly(2, 1);

        roundsUntil(() -> !issue(REPO, 1).open(), 40);
        assertThat(AttemptHistory.parse(afkComments(REPO, 1).get(0).body()).entries())
                .as("the close keeps the history too").extracting(AttemptHistory.Entry::attempt).containsExactly(2, 1);
        assertNoContractViolations();
    }
}
