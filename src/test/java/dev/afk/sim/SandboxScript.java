package dev.afk.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the agent, its pushes, CI and the deploy job for the sandbox: every accepted T3 turn starts a scripted run
 * whose next step happens on each {@link #pump()}. Tests pump by hand between ticks (no sleeps); the dev sandbox
 * pumps on a timer. The behaviour of a thread comes from its title ({@code owner/repo#N}).
 */
public final class SandboxScript {

    public static final String CI_CONTEXT = "ci/build";

    private final T3Simulator t3;
    private final TrackerModel tracker;
    private final String deployContext;
    private final Map<String, Behaviour> behaviours = new LinkedHashMap<>(); // "owner/repo#N" -> behaviour
    private final Map<String, Run> runs = new LinkedHashMap<>();              // threadId -> run

    private static final class Run {
        final String threadId;
        final String repo;
        final Behaviour behaviour;
        int turn;   // 1 = first turn, 2.. = fix-forward turns
        int step;   // progress within the current turn
        String sha;

        Run(String threadId, String repo, Behaviour behaviour) {
            this.threadId = threadId;
            this.repo = repo;
            this.behaviour = behaviour;
        }
    }

    public SandboxScript(T3Simulator t3, TrackerModel tracker, String deployContext) {
        this.t3 = t3;
        this.tracker = tracker;
        this.deployContext = deployContext;
        t3.onTurnStarted(this::turnStarted);
    }

    /** Declares how the run of issue {@code owner/repo#N} behaves. */
    public synchronized void behave(String issue, Behaviour behaviour) {
        behaviours.put(issue, behaviour);
    }

    private synchronized void turnStarted(T3Simulator.TurnStarted turn) {
        Run run = runs.get(turn.threadId());
        if (run == null) {
            String title = turn.title();
            Behaviour b = behaviours.getOrDefault(title, Behaviour.SUCCEEDS);
            run = new Run(turn.threadId(), title.substring(0, title.indexOf('#')), b);
            runs.put(turn.threadId(), run);
        }
        run.turn++;
        run.step = 0;
    }

    /** Advances every scripted run by one step. Returns how many runs moved. */
    public int pump() {
        List<Run> active;
        synchronized (this) {
            active = new ArrayList<>(runs.values());
        }
        int moved = 0;
        for (Run run : active) {
            if (step(run)) {
                moved++;
            }
        }
        return moved;
    }

    /** Pumps until nothing moves any more (at most {@code max} rounds). */
    public void pumpUntilQuiet(int max) {
        for (int i = 0; i < max && pump() > 0; i++) {
            // keep going
        }
    }

    private synchronized boolean step(Run run) {
        String id = run.threadId;
        int s = run.step++;
        if (run.turn == 1) {
            return firstTurn(run, id, s);
        }
        return fixForwardTurn(run, id, s);
    }

    private boolean firstTurn(Run run, String id, int s) {
        switch (run.behaviour) {
            case STALLS:
                if (s == 0) {
                    t3.startTurn(id);
                    return true;
                }
                return false;
            case ERRORS:
                switch (s) {
                    case 0: t3.startTurn(id); return true;
                    case 1: t3.addAssistantMessage(id, "Wrote a failing test.\nAFK-PHASE: tests-red"); return true;
                    case 2: t3.failTurn(id, "provider process exited: out of memory"); return true;
                    default: return false;
                }
            case FINISHES_WITHOUT_PUSH:
                switch (s) {
                    case 0: t3.startTurn(id); return true;
                    case 1: t3.addAssistantMessage(id, "AFK-PHASE: tests-red"); return true;
                    case 2: t3.addAssistantMessage(id, "AFK-PHASE: green"); return true;
                    case 3:
                        t3.addAssistantMessage(id, "All done locally; I could not push the branch.");
                        t3.completeTurn(id);
                        return true;
                    default: return false;
                }
            default:
                switch (s) {
                    case 0: t3.startTurn(id); return true;
                    case 1: t3.addAssistantMessage(id, "Reproduced it with a test.\nAFK-PHASE: tests-red"); return true;
                    case 2: t3.addAssistantMessage(id, "AFK-PHASE: green"); return true;
                    case 3: push(run); return true;
                    case 4: ci(run); return true;
                    case 5:
                        if (run.behaviour == Behaviour.SUCCEEDS) {
                            deploy(run);
                            return true;
                        }
                        return false;
                    default: return false;
                }
        }
    }

    private boolean fixForwardTurn(Run run, String id, int s) {
        boolean green = run.behaviour == Behaviour.CI_RED_ONCE;
        switch (s) {
            case 0: t3.startTurn(id); return true;
            case 1: t3.addAssistantMessage(id, "Fixed the failing check.\nAFK-PHASE: green"); return true;
            case 2: push(run); return true;
            case 3: ci(run); return true;
            case 4:
                if (green) {
                    deploy(run);
                    return true;
                }
                return false;
            default: return false;
        }
    }

    private void push(Run run) {
        run.sha = sha(run.threadId + "/turn-" + run.turn);
        // The agent's branch starts at the default branch's head, so each push is new relative to the run's base.
        String branch = "afk/" + run.threadId;
        if (tracker.branchHead(run.repo, branch).isEmpty()) {
            tracker.defaultHead(run.repo).ifPresent(head -> tracker.setBranchHead(run.repo, branch, head));
        }
        tracker.pushCommit(run.repo, branch, run.sha);
        tracker.addStatus(run.repo, run.sha, CI_CONTEXT, "pending", "build queued", "http://ci.sandbox/" + run.sha);
        t3.addAssistantMessage(run.threadId, "Pushed the branch.\nAFK-PHASE: pushed " + run.sha);
        t3.completeTurn(run.threadId);
    }

    /** The tests CI_RED_FOREVER fails in turn, one per push: each push fails differently. */
    private static final List<String> FAILING_TESTS = List.of("WidgetCacheTest.evictsOldest",
            "WidgetCacheTest.keepsTheNewest", "WidgetCacheTest.sizesTheCache", "WidgetCacheTest.expiresEntries");

    /** The CI result of the run's latest push, by its behaviour (the first turn of SUCCEEDS, CI_RED_ONCE's fix: green). */
    private void ci(Run run) {
        String url = "http://ci.sandbox/" + run.sha;
        boolean green = run.behaviour == Behaviour.SUCCEEDS
                || run.behaviour == Behaviour.CI_RED_ONCE && run.turn > 1;
        if (green) {
            tracker.addStatus(run.repo, run.sha, CI_CONTEXT, "success", "all 42 tests passed", url);
        } else if (run.behaviour == Behaviour.CI_ERRORS) {
            tracker.addStatus(run.repo, run.sha, CI_CONTEXT, "error", "runner lost: the CI system failed (job "
                    + (4000 + run.turn) + ")", url);
        } else if (run.behaviour == Behaviour.CI_RED_SAME) {
            tracker.addStatus(run.repo, run.sha, CI_CONTEXT, "failure", "WidgetCacheTest.evictsOldest failed: "
                    + "expected 3 but was 4 after " + (run.turn * 1.7) + "s (run " + (81_000 + run.turn * 37) + ")", url);
        } else {
            String test = FAILING_TESTS.get((run.turn - 1) % FAILING_TESTS.size());
            tracker.addStatus(run.repo, run.sha, CI_CONTEXT, "failure", test + " failed: expected 3 but was 4", url);
        }
    }

    private void deploy(Run run) {
        tracker.addStatus(run.repo, run.sha, deployContext, "success", "deployed to production",
                "http://deploy.sandbox/" + run.sha);
    }

    static String sha(String seed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
