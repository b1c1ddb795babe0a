package dev.afk.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The whole configuration contract (docs/ARCHITECTURE.md §5), typed. Built from already-resolved property values so it
 * stays pure: the caller (Camel's property component) owns where the values come from.
 *
 * <p>Arming needs two keys: {@code AFK_KILL_SWITCH=false} and a non-empty {@code AFK_ALLOWLIST}. A disarmed plane
 * needs nothing else; an armed one must name its tracker, T3 server, token files and a T3 project for every
 * allowlisted repo, or {@link #validate()} reports the missing variable by name.
 */
public record Config(
        boolean killSwitch,
        Set<RepoRef> allowlist,
        Tracker tracker,
        String trackerUrl,
        String trackerTokenFile,
        String t3Url,
        String t3TokenFile,
        Map<RepoRef, String> t3Projects,
        String t3Model,
        String slackWebhookUrl,
        String pollCron,
        String watchCron,
        Labels labels,
        int maxInFlight,
        int maxFixForward,
        Duration stall,
        Duration stopConfirm,
        String deployContext,
        Set<String> trustedLabelers,
        int promptMaxBodyChars,
        Budget budget,
        Duration ciInfraGrace,
        Holds holds,
        int t3BreakerFailures,
        RateReserve rateReserve,
        List<String> problems) {

    public enum Tracker { FORGEJO, GITHUB }

    /**
     * Variables AFK no longer reads → the one that took their place. The three per-system retry settings became one
     * (every adapter call goes through one retry rule), so a deployment that still sets an old one is told, not
     * silently given the default.
     */
    public static final Map<String, String> RETIRED = Map.of(
            "AFK_T3_RETRIES", "AFK_HTTP_RETRIES",
            "AFK_T3_RETRY_DELAY_MS", "AFK_HTTP_RETRY_DELAY_MS",
            "AFK_T3_RETRY_MAX_DELAY_MS", "AFK_HTTP_RETRY_MAX_DELAY_MS",
            "AFK_TRACKER_RETRIES", "AFK_HTTP_RETRIES",
            "AFK_TRACKER_RETRY_DELAY_MS", "AFK_HTTP_RETRY_DELAY_MS",
            "AFK_TRACKER_RETRY_MAX_DELAY_MS", "AFK_HTTP_RETRY_MAX_DELAY_MS");

    /** One line per retired variable that {@code env} still sets, naming its replacement; sorted, for one log each. */
    public static List<String> retiredSettings(Function<String, String> env) {
        return RETIRED.entrySet().stream()
                .filter(e -> env.apply(e.getKey()) != null)
                .map(e -> e.getKey() + " is no longer read (one retry rule for every adapter call); set "
                        + e.getValue() + " instead")
                .sorted()
                .toList();
    }

    /** Property key → environment variable of the same meaning; messages name the variable an operator sets. */
    public static final Map<String, String> VARIABLES;

    static {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("afk.kill-switch", "AFK_KILL_SWITCH");
        v.put("afk.allowlist", "AFK_ALLOWLIST");
        v.put("afk.tracker", "AFK_TRACKER");
        v.put("afk.tracker-url", "AFK_TRACKER_URL");
        v.put("afk.tracker-token-file", "AFK_TRACKER_TOKEN_FILE");
        v.put("afk.t3-url", "AFK_T3_URL");
        v.put("afk.t3-token-file", "AFK_T3_TOKEN_FILE");
        v.put("afk.t3-projects", "AFK_T3_PROJECTS");
        v.put("afk.t3-model", "AFK_T3_MODEL");
        v.put("afk.slack-webhook-url", "AFK_SLACK_WEBHOOK_URL");
        v.put("afk.poll-cron", "AFK_POLL_CRON");
        v.put("afk.watch-cron", "AFK_WATCH_CRON");
        v.put("afk.label-ready", "AFK_LABEL_READY");
        v.put("afk.label-in-progress", "AFK_LABEL_IN_PROGRESS");
        v.put("afk.label-human", "AFK_LABEL_HUMAN");
        v.put("afk.max-in-flight", "AFK_MAX_IN_FLIGHT");
        v.put("afk.max-fix-forward", "AFK_MAX_FIX_FORWARD");
        v.put("afk.stall-minutes", "AFK_STALL_MINUTES");
        v.put("afk.stop-confirm-seconds", "AFK_STOP_CONFIRM_SECONDS");
        v.put("afk.deploy-context", "AFK_DEPLOY_CONTEXT");
        v.put("afk.trusted-labelers", "AFK_TRUSTED_LABELERS");
        v.put("afk.prompt-max-body-chars", "AFK_PROMPT_MAX_BODY_CHARS");
        v.put("afk.max-attempts", "AFK_MAX_ATTEMPTS");
        v.put("afk.max-turns", "AFK_MAX_TURNS");
        v.put("afk.run-max-minutes", "AFK_RUN_MAX_MINUTES");
        v.put("afk.issue-max-tokens", "AFK_ISSUE_MAX_TOKENS");
        v.put("afk.ci-infra-grace-minutes", "AFK_CI_INFRA_GRACE_MINUTES");
        v.put("afk.label-hold", "AFK_LABEL_HOLD");
        v.put("afk.control-repo", "AFK_CONTROL_REPO");
        v.put("afk.breaker-check-minutes", "AFK_BREAKER_CHECK_MINUTES");
        v.put("afk.breaker-escalations", "AFK_BREAKER_ESCALATIONS");
        v.put("afk.breaker-window-minutes", "AFK_BREAKER_WINDOW_MINUTES");
        v.put("afk.t3-breaker-failures", "AFK_T3_BREAKER_FAILURES");
        v.put("afk.ratelimit-reserve", "AFK_RATELIMIT_RESERVE");
        // Issue 13: the webhook receiver (WebhookSettings reads these; Config itself does not).
        v.put("afk.webhook-port", "AFK_WEBHOOK_PORT");
        v.put("afk.webhook-host", "AFK_WEBHOOK_HOST");
        v.put("afk.webhook-secret-file", "AFK_WEBHOOK_SECRET_FILE");
        v.put("afk.webhook-max-bytes", "AFK_WEBHOOK_MAX_BYTES");
        v.put("afk.webhook-peers", "AFK_WEBHOOK_PEERS");
        v.put("afk.webhook-coalesce-ms", "AFK_WEBHOOK_COALESCE_MS");
        VARIABLES = Collections.unmodifiableMap(v);
    }

    /** The poll's default: every minute. */
    public static final String DEFAULT_CRON = "0 * * * * ?";
    /** The watch's default: every minute, at :30 (between two polls). */
    public static final String DEFAULT_WATCH_CRON = "30 * * * * ?";
    /**
     * With the webhook receiver on (issue 13) events kick the ticks, and the periodic ones are only the safety net:
     * every 5 minutes. The watch on Forgejo keeps its minute: Forgejo sends no commit-status event, so CI and
     * deploys are still only seen by polling.
     */
    public static final String WEBHOOK_POLL_CRON = "0 */5 * * * ?";
    public static final String WEBHOOK_WATCH_CRON = "30 */5 * * * ?";

    public Config {
        allowlist = Collections.unmodifiableSet(new LinkedHashSet<>(allowlist));
        t3Projects = Collections.unmodifiableMap(new TreeMap<>(t3Projects));
        trustedLabelers = Collections.unmodifiableSet(new LinkedHashSet<>(trustedLabelers));
        budget = budget == null ? Budget.DEFAULT : budget;
        ciInfraGrace = ciInfraGrace == null ? RunStateMachine.DEFAULT_CI_INFRA_GRACE : ciInfraGrace;
        holds = holds == null ? Holds.DEFAULT : holds;
        t3BreakerFailures = t3BreakerFailures < 1 ? T3Breaker.DEFAULT_THRESHOLD : t3BreakerFailures;
        rateReserve = rateReserve == null ? RateReserve.DEFAULT : rateReserve;
        problems = List.copyOf(problems);
    }

    /** Like the record's own, but the Slack webhook URL (itself a credential) is masked. */
    @Override
    public String toString() {
        return "Config[killSwitch=" + killSwitch + ", allowlist=" + allowlist + ", tracker=" + tracker
                + ", trackerUrl=" + trackerUrl + ", trackerTokenFile=" + trackerTokenFile + ", t3Url=" + t3Url
                + ", t3TokenFile=" + t3TokenFile + ", t3Projects=" + t3Projects + ", t3Model=" + t3Model
                + ", slackWebhookUrl=" + (slackWebhookUrl == null || slackWebhookUrl.isBlank() ? "" : "xxxxxx")
                + ", pollCron=" + pollCron + ", watchCron=" + watchCron + ", labels=" + labels
                + ", maxInFlight=" + maxInFlight + ", maxFixForward=" + maxFixForward + ", stall=" + stall
                + ", stopConfirm=" + stopConfirm
                + ", deployContext=" + deployContext + ", trustedLabelers=" + trustedLabelers
                + ", promptMaxBodyChars=" + promptMaxBodyChars + ", budget=" + budget + ", ciInfraGrace=" + ciInfraGrace
                + ", holds=" + holds + ", t3BreakerFailures=" + t3BreakerFailures + ", rateReserve=" + rateReserve
                + ", problems=" + problems + "]";
    }

    /** Both keys turned: kill switch off and at least one repo allowlisted. */
    public boolean armed() {
        return !killSwitch && !allowlist.isEmpty();
    }

    /** Why the plane does nothing, naming the keys an operator turns; empty when armed. */
    public String disarmedReason() {
        if (armed()) {
            return "";
        }
        List<String> why = new ArrayList<>();
        if (killSwitch) {
            why.add("AFK_KILL_SWITCH is on (set AFK_KILL_SWITCH=false)");
        }
        if (allowlist.isEmpty()) {
            why.add("AFK_ALLOWLIST is empty (set AFK_ALLOWLIST=owner/repo,...)");
        }
        return String.join(" and ", why) + "; arming needs both AFK_KILL_SWITCH=false and a non-empty AFK_ALLOWLIST";
    }

    public boolean allows(RepoRef repo) {
        return armed() && allowlist.contains(repo);
    }

    /** {@code instanceId} half of {@code AFK_T3_MODEL} ({@code claudeAgent/claude-sonnet-5}). */
    public String t3Instance() {
        int slash = t3Model == null ? -1 : t3Model.indexOf('/');
        return slash < 0 ? "" : t3Model.substring(0, slash);
    }

    /** {@code model} half of {@code AFK_T3_MODEL}. */
    public String t3ModelName() {
        int slash = t3Model == null ? -1 : t3Model.indexOf('/');
        return slash < 0 ? "" : t3Model.substring(slash + 1);
    }

    /**
     * Every configuration error, each naming its environment variable. Empty means the plane may start.
     * A disarmed plane is only checked for values that are malformed; an armed one also for what it needs.
     */
    public List<String> validate() {
        List<String> errors = new ArrayList<>(problems);
        if (labels.ready().isBlank() || labels.inProgress().isBlank() || labels.human().isBlank()) {
            errors.add("AFK_LABEL_READY, AFK_LABEL_IN_PROGRESS and AFK_LABEL_HUMAN must not be blank");
        } else if (new java.util.HashSet<>(List.of(labels.ready(), labels.inProgress(), labels.human())).size() != 3) {
            errors.add("AFK_LABEL_READY, AFK_LABEL_IN_PROGRESS and AFK_LABEL_HUMAN must be three different labels");
        }
        if (holds.label().isBlank()) {
            errors.add("AFK_LABEL_HOLD must not be blank");
        } else if (List.of(labels.ready(), labels.inProgress(), labels.human()).contains(holds.label())) {
            errors.add("AFK_LABEL_HOLD must differ from AFK_LABEL_READY, AFK_LABEL_IN_PROGRESS and AFK_LABEL_HUMAN");
        }
        if (!armed()) {
            return List.copyOf(errors);
        }
        requireSet(errors, trackerUrl, "AFK_TRACKER_URL", "the tracker API base, e.g. https://git.example.com/api/v1");
        requireSet(errors, trackerTokenFile, "AFK_TRACKER_TOKEN_FILE", "a file holding the tracker token");
        requireSet(errors, t3Url, "AFK_T3_URL", "the T3 server base URL");
        requireSet(errors, t3TokenFile, "AFK_T3_TOKEN_FILE", "a file holding the T3 bearer token");
        if (t3Instance().isEmpty() || t3ModelName().isEmpty()
                || !t3Instance().matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
            errors.add("AFK_T3_MODEL must be instanceId/model, e.g. claudeAgent/claude-sonnet-5 (got '"
                    + (t3Model == null ? "" : t3Model) + "')");
        }
        for (RepoRef repo : allowlist) {
            if (!t3Projects.containsKey(repo)) {
                errors.add("AFK_T3_PROJECTS has no T3 project for allowlisted repo " + repo
                        + " (add " + repo + "=<projectId>)");
            }
        }
        return List.copyOf(errors);
    }

    private static void requireSet(List<String> errors, String value, String variable, String what) {
        if (value == null || value.isBlank()) {
            errors.add(variable + " is required when the plane is armed: " + what);
        }
    }

    /**
     * Builds the config from resolved property values ({@code afk.*} keys of {@link #VARIABLES}). Missing keys
     * take the documented defaults. Malformed values do not throw: they are collected for {@link #validate()}.
     */
    public static Config from(Function<String, String> property) {
        List<String> problems = new ArrayList<>();
        Function<String, String> get = k -> {
            String v = property.apply(k);
            return v == null ? "" : v.strip();
        };
        boolean killSwitch = parseBool(get.apply("afk.kill-switch"), true, "AFK_KILL_SWITCH", problems);

        Set<RepoRef> allowlist = new LinkedHashSet<>();
        for (String s : splitList(get.apply("afk.allowlist"))) {
            try {
                allowlist.add(RepoRef.parse(s));
            } catch (IllegalArgumentException e) {
                problems.add("AFK_ALLOWLIST entry '" + s + "' is not owner/repo");
            }
        }

        Tracker tracker = Tracker.FORGEJO;
        String trackerName = get.apply("afk.tracker");
        if (!trackerName.isEmpty()) {
            try {
                tracker = Tracker.valueOf(trackerName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("AFK_TRACKER must be forgejo or github (got '" + trackerName + "')");
            }
        }

        Map<RepoRef, String> projects = new TreeMap<>();
        for (String s : splitList(get.apply("afk.t3-projects"))) {
            int eq = s.indexOf('=');
            try {
                if (eq <= 0 || eq == s.length() - 1) {
                    throw new IllegalArgumentException();
                }
                projects.put(RepoRef.parse(s.substring(0, eq)), s.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                problems.add("AFK_T3_PROJECTS entry '" + s + "' is not owner/repo=projectId");
            }
        }

        Labels labels = new Labels(
                orDefault(get.apply("afk.label-ready"), Labels.DEFAULT.ready()),
                orDefault(get.apply("afk.label-in-progress"), Labels.DEFAULT.inProgress()),
                orDefault(get.apply("afk.label-human"), Labels.DEFAULT.human()));

        int maxInFlight = parseInt(get.apply("afk.max-in-flight"), 3, 1, "AFK_MAX_IN_FLIGHT", problems);
        int maxFixForward = parseInt(get.apply("afk.max-fix-forward"), 2, 0, "AFK_MAX_FIX_FORWARD", problems);
        int stallMinutes = parseInt(get.apply("afk.stall-minutes"), 90, 1, "AFK_STALL_MINUTES", problems);
        int stopConfirmSeconds = parseInt(get.apply("afk.stop-confirm-seconds"), 60, 1, "AFK_STOP_CONFIRM_SECONDS",
                problems);
        int maxBody = parseInt(get.apply("afk.prompt-max-body-chars"), 20_000, 100, "AFK_PROMPT_MAX_BODY_CHARS",
                problems);
        // The budget (issue 10): 0 turns a limit off.
        Budget budget = new Budget(
                parseInt(get.apply("afk.max-attempts"), Budget.DEFAULT.maxAttempts(), 0, "AFK_MAX_ATTEMPTS", problems),
                parseInt(get.apply("afk.max-turns"), Budget.DEFAULT.maxTurns(), 0, "AFK_MAX_TURNS", problems),
                parseInt(get.apply("afk.run-max-minutes"), Budget.DEFAULT.maxMinutes(), 0, "AFK_RUN_MAX_MINUTES",
                        problems),
                parseLong(get.apply("afk.issue-max-tokens"), Budget.DEFAULT.maxTokens(), 0, "AFK_ISSUE_MAX_TOKENS",
                        problems));
        // Issue 12, item 4: how long CI may report an infrastructure error before the run is handed back; 0: at once.
        int ciInfraGraceMinutes = parseInt(get.apply("afk.ci-infra-grace-minutes"),
                (int) RunStateMachine.DEFAULT_CI_INFRA_GRACE.toMinutes(), 0, "AFK_CI_INFRA_GRACE_MINUTES", problems);

        RepoRef controlRepo = null;
        String control = get.apply("afk.control-repo");
        if (!control.isEmpty()) {
            try {
                controlRepo = RepoRef.parse(control);
            } catch (IllegalArgumentException e) {
                problems.add("AFK_CONTROL_REPO '" + control + "' is not owner/repo");
            }
        }
        Holds holds = new Holds(
                orDefault(get.apply("afk.label-hold"), Holds.DEFAULT.label()),
                controlRepo,
                Duration.ofMinutes(parseInt(get.apply("afk.breaker-check-minutes"),
                        (int) Holds.DEFAULT.checkEvery().toMinutes(), 1, "AFK_BREAKER_CHECK_MINUTES", problems)),
                parseInt(get.apply("afk.breaker-escalations"), Holds.DEFAULT.escalations(), 0,
                        "AFK_BREAKER_ESCALATIONS", problems),
                Duration.ofMinutes(parseInt(get.apply("afk.breaker-window-minutes"),
                        (int) Holds.DEFAULT.window().toMinutes(), 1, "AFK_BREAKER_WINDOW_MINUTES", problems)));
        // The fleet breakers (issue 12).
        int t3BreakerFailures = parseInt(get.apply("afk.t3-breaker-failures"), T3Breaker.DEFAULT_THRESHOLD, 1,
                "AFK_T3_BREAKER_FAILURES", problems);
        String reserveText = get.apply("afk.ratelimit-reserve");
        RateReserve rateReserve = RateReserve.parse(reserveText).orElse(null);
        if (rateReserve == null) {
            problems.add("AFK_RATELIMIT_RESERVE must be a share of the limit such as 10% or a number of requests "
                    + "such as 500 (got '" + reserveText + "')");
        }

        // Issue 13: the default crons are slower while the webhook receiver is on (WebhookSettings).
        String webhookPort = get.apply("afk.webhook-port");
        boolean webhooks = !webhookPort.isEmpty() && !"0".equals(webhookPort);
        return new Config(
                killSwitch,
                allowlist,
                tracker,
                stripTrailingSlash(get.apply("afk.tracker-url")),
                get.apply("afk.tracker-token-file"),
                stripTrailingSlash(get.apply("afk.t3-url")),
                get.apply("afk.t3-token-file"),
                projects,
                get.apply("afk.t3-model"),
                get.apply("afk.slack-webhook-url"),
                orDefault(get.apply("afk.poll-cron"), webhooks ? WEBHOOK_POLL_CRON : DEFAULT_CRON),
                orDefault(get.apply("afk.watch-cron"),
                        webhooks && tracker == Tracker.GITHUB ? WEBHOOK_WATCH_CRON : DEFAULT_WATCH_CRON),
                labels,
                maxInFlight,
                maxFixForward,
                Duration.ofMinutes(stallMinutes),
                Duration.ofSeconds(stopConfirmSeconds),
                orDefault(get.apply("afk.deploy-context"), "deploy"),
                new LinkedHashSet<>(splitList(get.apply("afk.trusted-labelers"))),
                maxBody,
                budget,
                Duration.ofMinutes(ciInfraGraceMinutes),
                holds,
                t3BreakerFailures,
                rateReserve,
                problems);
    }

    /** Convenience for tests and tools: a config from a plain map of {@code afk.*} keys. */
    public static Config fromMap(Map<String, String> values) {
        return from(values::get);
    }

    static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static boolean parseBool(String s, boolean dflt, String variable, List<String> problems) {
        if (s.isEmpty()) {
            return dflt;
        }
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        problems.add(variable + " must be true or false (got '" + s + "')");
        return dflt;
    }

    static int parseInt(String s, int dflt, int min, String variable, List<String> problems) {
        long v = parseLong(s, dflt, min, variable, problems);
        if (v > Integer.MAX_VALUE) {
            problems.add(variable + " must be a whole number up to " + Integer.MAX_VALUE + " (got " + v + ")");
            return dflt;
        }
        return (int) v;
    }

    private static long parseLong(String s, long dflt, long min, String variable, List<String> problems) {
        if (s.isEmpty()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(s);
            if (v < min) {
                problems.add(variable + " must be at least " + min + " (got " + v + ")");
                return dflt;
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(variable + " must be a whole number (got '" + s + "')");
            return dflt;
        }
    }

    private static String orDefault(String s, String dflt) {
        return s.isEmpty() ? dflt : s;
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
