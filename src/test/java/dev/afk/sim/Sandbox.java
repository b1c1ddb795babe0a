package dev.afk.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded sandbox: a simulated tracker (Forgejo or GitHub dialect), T3 server and Slack webhook on loopback,
 * plus the {@link SandboxScript} that plays agent, CI and deploy. The dev profile runs one with seeded demo issues;
 * the end-to-end tests build their own with port 0 and their own clock.
 */
public final class Sandbox implements AutoCloseable {

    public static final String TRACKER_TOKEN = "sandbox-tracker-token";
    public static final String T3_TOKEN = "sandbox-t3-token";
    public static final String AFK_LOGIN = "afk-bot";
    public static final String MAINTAINER = "maintainer";

    private final Clock clock;
    private final String tracker;
    private final TrackerModel model;
    private final SimServer trackerSim;
    private final T3Simulator t3;
    private final SlackSimulator slack;
    private final SandboxScript script;
    private final Path secrets;
    private final Map<String, String> projects = new LinkedHashMap<>();
    private final java.util.List<WebhookSender> senders = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Sandbox(Clock clock, String tracker, int trackerPort, int t3Port, int slackPort, Path secretsDir,
            String deployContext) {
        this.clock = clock;
        this.tracker = tracker;
        this.model = new TrackerModel(clock);
        this.trackerSim = "github".equals(tracker)
                ? new GitHubSimulator(trackerPort, clock, model, TRACKER_TOKEN, AFK_LOGIN)
                : new ForgejoSimulator(trackerPort, clock, model, TRACKER_TOKEN, AFK_LOGIN);
        this.t3 = new T3Simulator(t3Port, clock, T3_TOKEN);
        this.slack = new SlackSimulator(slackPort, clock);
        this.script = new SandboxScript(t3, model, deployContext);
        this.secrets = secretsDir;
    }

    public Sandbox start() {
        try {
            Files.createDirectories(secrets);
            Files.writeString(secrets.resolve("tracker.token"), TRACKER_TOKEN);
            Files.writeString(secrets.resolve("t3.token"), T3_TOKEN);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the sandbox token files under " + secrets, e);
        }
        trackerSim.start();
        t3.start();
        slack.start();
        return this;
    }

    /** Creates a repository with AFK's labels and a T3 project for it. */
    public void repo(String repo) {
        model.createRepo(repo, "ready-for-agent", "in-progress", "ready-for-human", "afk-hold", "bug");
        // A repository with a history: the default branch's head is the base every run's push must be new to.
        model.pushCommit(repo, model.defaultBranch(repo), SandboxScript.sha(repo + "/initial-commit"));
        String projectId = "project-" + repo.replace('/', '-');
        t3.createProject(projectId, "/srv/checkouts/" + repo.replace('/', '-'));
        projects.put(repo, projectId);
    }

    /** Files an issue labelled ready-for-agent by the maintainer whose run will behave as given. */
    public TrackerModel.Issue readyIssue(String repo, String title, String body, Behaviour behaviour) {
        TrackerModel.Issue issue = model.createIssue(repo, title, body, MAINTAINER, false, "ready-for-agent");
        script.behave(repo + "#" + issue.number(), behaviour);
        return issue;
    }

    /** The demo the README's run command shows: one issue per behaviour, over three repos, plus one outsider. */
    public void seedDemo() {
        for (String r : List.of("acme/widgets", "acme/gadgets", "acme/tools", "other/secret")) {
            repo(r);
        }
        readyIssue("acme/widgets", "Add a /healthz endpoint", "The service needs a health endpoint for k8s.",
                Behaviour.SUCCEEDS);
        readyIssue("acme/gadgets", "Fix the date parser for leap years", "29 Feb fails to parse.",
                Behaviour.CI_RED_ONCE);
        readyIssue("acme/tools", "Speed up the release build", "The build takes 40 minutes.",
                Behaviour.CI_RED_FOREVER);
        readyIssue("acme/widgets", "Refactor the widget cache", "Split the cache into read and write paths.",
                Behaviour.ERRORS);
        readyIssue("acme/gadgets", "Investigate the memory leak", "Heap grows by 1 GB a day.", Behaviour.STALLS);
        readyIssue("acme/tools", "Update the contributing guide", "Mention the new lint step.",
                Behaviour.FINISHES_WITHOUT_PUSH);
        readyIssue("other/secret", "Not allowlisted: must never be touched", "AFK may not act here.",
                Behaviour.SUCCEEDS);
    }

    /** The afk.* properties that point the plane at this sandbox (the allowlist is the caller's choice). */
    public Map<String, String> afkProperties(String allowlist) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("afk.kill-switch", "false");
        p.put("afk.allowlist", allowlist);
        p.put("afk.tracker", tracker);
        p.put("afk.tracker-url", "github".equals(tracker) ? trackerSim.baseUrl() : trackerSim.baseUrl() + "/api/v1");
        p.put("afk.tracker-token-file", secrets.resolve("tracker.token").toString());
        p.put("afk.tracker-login", AFK_LOGIN);
        p.put("afk.t3-url", t3.baseUrl());
        p.put("afk.t3-token-file", secrets.resolve("t3.token").toString());
        StringBuilder projectList = new StringBuilder();
        projects.forEach((repo, id) -> projectList.append(projectList.length() == 0 ? "" : ",").append(repo)
                .append('=').append(id));
        p.put("afk.t3-projects", projectList.toString());
        p.put("afk.t3-model", "claudeAgent/claude-sonnet-5");
        p.put("afk.slack-webhook-url", slack.baseUrl() + "/hook");
        return p;
    }

    public TrackerModel model() {
        return model;
    }

    /**
     * Configures a webhook on the simulated tracker (issue 13): from now on every change is delivered, signed with
     * {@code secret}, to {@code hookUrl} (the tracker's dialect: {@code /hooks/github} or {@code /hooks/forgejo}).
     */
    public WebhookSender webhooks(String hookUrl, String secret) {
        WebhookSender sender = new WebhookSender(tracker, hookUrl, secret, model);
        senders.add(sender);
        return sender;
    }

    /** The tracker's dialect: {@code forgejo} or {@code github}. */
    public String tracker() {
        return tracker;
    }

    public SimServer trackerSim() {
        return trackerSim;
    }

    public T3Simulator t3() {
        return t3;
    }

    public SlackSimulator slack() {
        return slack;
    }

    public SandboxScript script() {
        return script;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        senders.forEach(WebhookSender::close);
        trackerSim.close();
        t3.close();
        slack.close();
    }
}
