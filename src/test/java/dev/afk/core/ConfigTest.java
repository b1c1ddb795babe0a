package dev.afk.core;

import static dev.afk.core.PolicyFixtures.armedValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTest {

    private static final String API = "acme/api";
    private static final String WEB = "acme/web";

    private static Config with(Map<String, String> base, String key, String value) {
        Map<String, String> v = new HashMap<>(base);
        v.put(key, value);
        return Config.fromMap(v);
    }

    // --- defaults --------------------------------------------------------------------------------------------------

    @Test
    void defaultsShipDisarmedWithTheDocumentedValues() {
        Config c = Config.fromMap(Map.of());

        assertThat(c.killSwitch()).isTrue();
        assertThat(c.allowlist()).isEmpty();
        assertThat(c.armed()).isFalse();
        assertThat(c.tracker()).isEqualTo(Config.Tracker.FORGEJO);
        assertThat(c.pollCron()).isEqualTo("0 * * * * ?");
        assertThat(c.watchCron()).isEqualTo("30 * * * * ?");
        assertThat(c.labels()).isEqualTo(new Labels("ready-for-agent", "in-progress", "ready-for-human"));
        assertThat(c.maxInFlight()).isEqualTo(3);
        assertThat(c.maxFixForward()).isEqualTo(2);
        assertThat(c.stall()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.deployContext()).isEqualTo("deploy");
        assertThat(c.trustedLabelers()).isEmpty();
        assertThat(c.t3Projects()).isEmpty();
        assertThat(c.budget()).isEqualTo(new Budget(3, 10, 240, 0));
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void theBudgetLimitsAreReadAndZeroTurnsEachOff() {
        Config c = Config.fromMap(Map.of("afk.max-attempts", "5", "afk.max-turns", "0", "afk.run-max-minutes", " 30 ",
                "afk.issue-max-tokens", "5000000000"));
        assertThat(c.budget()).isEqualTo(new Budget(5, 0, 30, 5_000_000_000L));
        assertThat(c.validate()).isEmpty();
        assertThat(Config.fromMap(Map.of("afk.max-attempts", "0", "afk.run-max-minutes", "0")).budget())
                .isEqualTo(new Budget(0, 10, 0, 0));
        assertThat(Config.VARIABLES).containsEntry("afk.max-attempts", "AFK_MAX_ATTEMPTS")
                .containsEntry("afk.max-turns", "AFK_MAX_TURNS")
                .containsEntry("afk.run-max-minutes", "AFK_RUN_MAX_MINUTES")
                .containsEntry("afk.issue-max-tokens", "AFK_ISSUE_MAX_TOKENS");
    }

    @Test
    void aMalformedBudgetLimitTakesItsDefaultAndIsReportedInTheSameWords() {
        Config c = Config.fromMap(Map.of("afk.max-attempts", "-1", "afk.issue-max-tokens", "lots"));
        assertThat(c.budget()).isEqualTo(Budget.DEFAULT);
        assertThat(c.validate()).containsExactly("AFK_MAX_ATTEMPTS must be at least 0 (got -1)",
                "AFK_ISSUE_MAX_TOKENS must be a whole number (got 'lots')");
    }

    @Test
    void aDisarmedConfigWithNothingElseSetValidatesClean() {
        assertThat(Config.fromMap(Map.of()).validate()).isEmpty();
        assertThat(Config.fromMap(Map.of("afk.allowlist", API)).validate()).isEmpty();
        assertThat(Config.fromMap(Map.of("afk.kill-switch", "false")).validate()).isEmpty();
    }

    @Test
    void aFullyConfiguredArmedPlaneValidatesClean() {
        Config c = Config.fromMap(armedValues(API, WEB));

        assertThat(c.armed()).isTrue();
        assertThat(c.validate()).isEmpty();
        assertThat(c.t3Instance()).isEqualTo("claudeAgent");
        assertThat(c.t3ModelName()).isEqualTo("claude-sonnet-5");
    }

    // --- arming ----------------------------------------------------------------------------------------------------

    static Stream<Arguments> armingKeys() {
        return Stream.of(
                Arguments.of("false", API, true),
                Arguments.of("FALSE", API, true),
                Arguments.of("true", API, false),
                Arguments.of("", API, false),
                Arguments.of("false", "", false),
                Arguments.of("false", " , ", false),
                Arguments.of("true", "", false),
                Arguments.of("off", API, false));
    }

    @ParameterizedTest(name = "kill switch ''{0}'', allowlist ''{1}'' -> armed: {2}")
    @MethodSource("armingKeys")
    void armedOnlyWithKillSwitchOffAndANonEmptyAllowlist(String kill, String allowlist, boolean armed) {
        Config c = Config.fromMap(Map.of("afk.kill-switch", kill, "afk.allowlist", allowlist));

        assertThat(c.armed()).isEqualTo(armed);
        assertThat(c.disarmedReason().isEmpty()).isEqualTo(armed);
    }

    @Test
    void disarmedReasonNamesTheKillSwitchWhenItIsOn() {
        String why = Config.fromMap(Map.of("afk.allowlist", API)).disarmedReason();

        assertThat(why).contains("AFK_KILL_SWITCH").doesNotContain("AFK_ALLOWLIST is empty");
    }

    @Test
    void disarmedReasonNamesTheAllowlistWhenItIsEmpty() {
        String why = Config.fromMap(Map.of("afk.kill-switch", "false")).disarmedReason();

        assertThat(why).contains("AFK_ALLOWLIST").doesNotContain("AFK_KILL_SWITCH is on");
    }

    @Test
    void disarmedReasonNamesBothKeysWhenNeitherIsTurned() {
        assertThat(Config.fromMap(Map.of()).disarmedReason())
                .contains("AFK_KILL_SWITCH is on").contains("AFK_ALLOWLIST is empty");
    }

    @Test
    void allowsOnlyAllowlistedReposAndOnlyWhenArmed() {
        Config armed = Config.fromMap(armedValues(API));
        Config disarmed = with(armedValues(API), "afk.kill-switch", "true");

        assertThat(armed.allows(RepoRef.parse(API))).isTrue();
        assertThat(armed.allows(RepoRef.parse(WEB))).isFalse();
        assertThat(disarmed.allows(RepoRef.parse(API))).isFalse();
    }

    // --- what an armed plane needs ---------------------------------------------------------------------------------

    @Test
    void armedWithNothingElseNamesEveryMissingVariable() {
        List<String> errors = Config.fromMap(Map.of("afk.kill-switch", "false", "afk.allowlist", API)).validate();

        assertThat(errors).anySatisfy(e -> assertThat(e).contains("AFK_TRACKER_URL"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("AFK_TRACKER_TOKEN_FILE"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("AFK_T3_URL"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("AFK_T3_TOKEN_FILE"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("AFK_T3_MODEL"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("AFK_T3_PROJECTS").contains(API));
    }

    @ParameterizedTest(name = "missing {1} is named")
    @MethodSource("requiredWhenArmed")
    void eachVariableAnArmedPlaneNeedsIsNamedWhenMissing(String key, String variable) {
        List<String> errors = with(armedValues(API), key, "").validate();

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains(variable);
    }

    static Stream<Arguments> requiredWhenArmed() {
        return Stream.of(
                Arguments.of("afk.tracker-url", "AFK_TRACKER_URL"),
                Arguments.of("afk.tracker-token-file", "AFK_TRACKER_TOKEN_FILE"),
                Arguments.of("afk.t3-url", "AFK_T3_URL"),
                Arguments.of("afk.t3-token-file", "AFK_T3_TOKEN_FILE"),
                Arguments.of("afk.t3-model", "AFK_T3_MODEL"),
                Arguments.of("afk.t3-projects", "AFK_T3_PROJECTS"));
    }

    @Test
    void aMissingT3ProjectNamesTheAllowlistedRepo() {
        Map<String, String> v = armedValues(API, WEB);
        v.put("afk.t3-projects", API + "=proj-1");

        List<String> errors = Config.fromMap(v).validate();

        assertThat(errors).singleElement().asString()
                .contains("AFK_T3_PROJECTS").contains(WEB).doesNotContain(API + " ");
    }

    // --- malformed values ------------------------------------------------------------------------------------------

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("afk.kill-switch", "yes", "AFK_KILL_SWITCH"),
                Arguments.of("afk.max-in-flight", "three", "AFK_MAX_IN_FLIGHT"),
                Arguments.of("afk.max-in-flight", "0", "AFK_MAX_IN_FLIGHT"),
                Arguments.of("afk.max-fix-forward", "-1", "AFK_MAX_FIX_FORWARD"),
                Arguments.of("afk.max-attempts", "three", "AFK_MAX_ATTEMPTS"),
                Arguments.of("afk.max-turns", "-1", "AFK_MAX_TURNS"),
                Arguments.of("afk.run-max-minutes", "4h", "AFK_RUN_MAX_MINUTES"),
                Arguments.of("afk.issue-max-tokens", "-5", "AFK_ISSUE_MAX_TOKENS"),
                Arguments.of("afk.issue-max-tokens", "1.2M", "AFK_ISSUE_MAX_TOKENS"),
                Arguments.of("afk.stall-minutes", "1.5", "AFK_STALL_MINUTES"),
                Arguments.of("afk.prompt-max-body-chars", "99999999999", "AFK_PROMPT_MAX_BODY_CHARS"),
                Arguments.of("afk.allowlist", API + ",not-a-repo", "AFK_ALLOWLIST"),
                Arguments.of("afk.allowlist", API + ",a/b/c", "AFK_ALLOWLIST"),
                Arguments.of("afk.tracker", "gitlab", "AFK_TRACKER"),
                Arguments.of("afk.t3-projects", API + "=proj-1," + API, "AFK_T3_PROJECTS"),
                Arguments.of("afk.t3-projects", API + "=proj-1,=proj-2", "AFK_T3_PROJECTS"),
                Arguments.of("afk.t3-model", "claude-sonnet-5", "AFK_T3_MODEL"),
                Arguments.of("afk.t3-model", "claudeAgent/", "AFK_T3_MODEL"),
                Arguments.of("afk.t3-model", "9lives/claude", "AFK_T3_MODEL"),
                Arguments.of("afk.label-in-progress", "ready-for-agent", "AFK_LABEL_IN_PROGRESS"),
                Arguments.of("afk.label-human", "in-progress", "AFK_LABEL_HUMAN"));
    }

    @ParameterizedTest(name = "{0}={1} is reported naming {2}")
    @MethodSource("malformed")
    void aMalformedValueIsReportedNamingItsVariableAndNeverThrows(String key, String value, String variable) {
        assertThatCode(() -> {
            Config c = with(armedValues(API), key, value);
            assertThat(c.validate()).anySatisfy(e -> assertThat(e).contains(variable));
        }).doesNotThrowAnyException();
    }

    /** All but the kill switch (it would disarm by itself) and the model (only an armed plane uses it). */
    static Stream<Arguments> malformedWhileDisarmed() {
        return malformed().filter(a -> !a.get()[0].equals("afk.kill-switch") && !a.get()[0].equals("afk.t3-model"));
    }

    @ParameterizedTest(name = "{0}={1} is reported even while disarmed")
    @MethodSource("malformedWhileDisarmed")
    void malformedValuesAreReportedEvenWhileDisarmed(String key, String value, String variable) {
        Map<String, String> disarmed = new HashMap<>(armedValues(API));
        disarmed.put("afk.kill-switch", "true");
        assertThatCode(() -> assertThat(with(disarmed, key, value).validate())
                .anySatisfy(e -> assertThat(e).contains(variable))).doesNotThrowAnyException();
    }

    @Test
    void aMalformedKillSwitchKeepsThePlaneDisarmed() {
        Config c = with(armedValues(API), "afk.kill-switch", "no");

        assertThat(c.armed()).isFalse();
        assertThat(c.validate()).anySatisfy(e -> assertThat(e).contains("AFK_KILL_SWITCH").contains("'no'"));
    }

    @Test
    void aMalformedNumberKeepsItsDefault() {
        Config c = Config.fromMap(Map.of("afk.max-in-flight", "lots", "afk.stall-minutes", "0"));

        assertThat(c.maxInFlight()).isEqualTo(3);
        assertThat(c.stall()).isEqualTo(Duration.ofMinutes(90));
    }

    // --- parsing ---------------------------------------------------------------------------------------------------

    @Test
    void listsAreTrimmedAndUrlsLoseATrailingSlash() {
        Map<String, String> v = armedValues();
        v.put("afk.allowlist", " acme/api , ,acme/web ");
        v.put("afk.t3-projects", " acme/api = p1 , acme/web=p2");
        v.put("afk.tracker", "GitHub");
        v.put("afk.tracker-url", "https://api.github.com/");
        v.put("afk.trusted-labelers", "alice, bob ,");

        Config c = Config.fromMap(v);

        assertThat(c.allowlist()).containsExactly(RepoRef.parse(API), RepoRef.parse(WEB));
        assertThat(c.t3Projects()).containsEntry(RepoRef.parse(API), "p1").containsEntry(RepoRef.parse(WEB), "p2");
        assertThat(c.tracker()).isEqualTo(Config.Tracker.GITHUB);
        assertThat(c.trackerUrl()).isEqualTo("https://api.github.com");
        assertThat(c.trustedLabelers()).containsExactly("alice", "bob");
        assertThat(c.validate()).isEmpty();
    }

    @Test
    void everyVariableIsKnownByItsEnvironmentName() {
        assertThat(Config.VARIABLES).containsEntry("afk.kill-switch", "AFK_KILL_SWITCH")
                .containsEntry("afk.allowlist", "AFK_ALLOWLIST")
                .containsEntry("afk.tracker-url", "AFK_TRACKER_URL")
                .containsEntry("afk.max-in-flight", "AFK_MAX_IN_FLIGHT")
                .containsEntry("afk.trusted-labelers", "AFK_TRUSTED_LABELERS");
        assertThat(Config.VARIABLES.values()).allSatisfy(v -> assertThat(v).startsWith("AFK_"));
    }

    @org.junit.jupiter.api.Test
    void toStringMasksTheSlackWebhookUrlBecauseTheUrlIsTheCredential() {
        Config c = Config.fromMap(java.util.Map.of("afk.slack-webhook-url", "https://hooks.slack.com/services/T0/B0/s3cr3t"));
        org.assertj.core.api.Assertions.assertThat(c.toString()).doesNotContain("s3cr3t").contains("slackWebhookUrl=xxxxxx");
        org.assertj.core.api.Assertions.assertThat(c.slackWebhookUrl()).endsWith("s3cr3t");
    }

    @Test
    void aRetiredRetryVariableIsNamedWithItsReplacementAndUnsetOnesSayNothing() {
        Map<String, String> env = Map.of("AFK_TRACKER_RETRIES", "5", "AFK_HTTP_RETRIES", "2");
        assertThat(Config.retiredSettings(env::get)).containsExactly(
                "AFK_TRACKER_RETRIES is no longer read (one retry rule for every adapter call); set AFK_HTTP_RETRIES instead");
        assertThat(Config.retiredSettings(k -> null)).isEmpty();
    }
}
