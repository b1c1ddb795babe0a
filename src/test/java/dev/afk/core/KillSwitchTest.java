package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afk.core.KillSwitch.FileRead;
import dev.afk.core.KillSwitchState.Mode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kill-switch table of the README, row by row, with the start-up keys turned (and not). */
class KillSwitchTest {

    private static final String F = "/etc/afk/kill-switch/kill-switch";

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("unset", new FileRead.Unset(), Mode.ARMED, ""),
                Arguments.of("false", new FileRead.Content(F, "false"), Mode.ARMED, ""),
                Arguments.of("FALSE and a newline", new FileRead.Content(F, " FALSE\n"), Mode.ARMED, ""),
                Arguments.of("drain", new FileRead.Content(F, "drain"), Mode.DRAINING,
                        "AFK_KILL_SWITCH_FILE " + F + " says drain: no new dispatch; runs in flight are still "
                                + "watched to their end"),
                Arguments.of("Drain, padded", new FileRead.Content(F, "\tDrain \r\n"), Mode.DRAINING, "says drain"),
                Arguments.of("true", new FileRead.Content(F, "true\n"), Mode.DISARMED,
                        "AFK_KILL_SWITCH_FILE " + F + " says true"),
                Arguments.of("halt", new FileRead.Content(F, "HALT"), Mode.HALTING,
                        "AFK_KILL_SWITCH_FILE " + F + " says halt: no new dispatch; every run in flight is stopped "
                                + "and handed back"),
                Arguments.of("Halt, padded", new FileRead.Content(F, " Halt\n"), Mode.HALTING, "says halt"),
                Arguments.of("empty", new FileRead.Content(F, ""), Mode.DISARMED,
                        "AFK_KILL_SWITCH_FILE " + F + " is empty (fail closed: write false, drain or true into it)"),
                Arguments.of("only whitespace", new FileRead.Content(F, " \n\t"), Mode.DISARMED, "is empty"),
                Arguments.of("unknown", new FileRead.Content(F, "off"), Mode.DISARMED,
                        "AFK_KILL_SWITCH_FILE " + F + " holds 'off', which AFK does not know (fail closed"),
                Arguments.of("two values", new FileRead.Content(F, "false\ntrue"), Mode.DISARMED,
                        "holds 'false\\u000atrue', which AFK does not know"),
                Arguments.of("a look-alike (dotless i)", new FileRead.Content(F, "dra\u0131n"), Mode.DISARMED,
                        "holds 'dra\\u0131n'"),
                Arguments.of("a byte-order mark", new FileRead.Content(F, "\ufefffalse"), Mode.DISARMED,
                        "holds '\\ufefffalse'"),
                Arguments.of("missing", new FileRead.Missing(F), Mode.DISARMED,
                        "AFK_KILL_SWITCH_FILE " + F + " does not exist (fail closed: write false, drain or true "
                                + "into it)"),
                Arguments.of("a directory", new FileRead.Unreadable(F, "it is a directory"), Mode.DISARMED,
                        "AFK_KILL_SWITCH_FILE " + F + " cannot be read: it is a directory (fail closed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void withTheStartUpKeysTurnedTheFileDecides(String row, FileRead file, Mode mode, String reason) {
        KillSwitchState state = KillSwitch.decide(true, "", file);

        assertThat(state.mode()).isEqualTo(mode);
        if (reason.isEmpty()) {
            assertThat(state.reason()).isEmpty();
        } else {
            assertThat(state.reason()).contains(reason);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void withTheStartUpKeysLeftDisarmedNoFileArmsOrDrainsAndTheReasonNamesTheKeysFirst(String row, FileRead file,
            Mode mode, String reason) {
        KillSwitchState state = KillSwitch.decide(false, "AFK_KILL_SWITCH is on", file);

        assertThat(state.mode()).isEqualTo(Mode.DISARMED);
        assertThat(state.reason()).startsWith("AFK_KILL_SWITCH is on");
        if (mode != Mode.ARMED) {
            assertThat(state.reason()).contains("; and ").contains(reason);
        } else {
            assertThat(state.reason()).isEqualTo("AFK_KILL_SWITCH is on");
        }
    }

    @Test
    void theConfigOverloadUsesTheStartUpKeysOfTheConfig() {
        Config disarmed = Config.fromMap(java.util.Map.of());
        assertThat(KillSwitch.decide(disarmed, new FileRead.Content(F, "false")))
                .isEqualTo(new KillSwitchState(Mode.DISARMED, disarmed.disarmedReason()));
    }

    @Test
    void aLongUnknownValueIsShownCutAndOnOneLine() {
        String value = "x".repeat(200) + "\nINFO AFK is armed";
        KillSwitchState state = KillSwitch.decide(true, "", new FileRead.Content(F, value));

        assertThat(state.mode()).isEqualTo(Mode.DISARMED);
        assertThat(state.reason()).contains("'" + "x".repeat(KillSwitch.SHOWN_CHARS) + "...'")
                .doesNotContain("\n", "INFO AFK is armed");
    }

    @Test
    void aStateCarriesAReasonExactlyWhenNotArmed() {
        assertThatThrownBy(() -> new KillSwitchState(Mode.ARMED, "why")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KillSwitchState(Mode.DRAINING, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KillSwitchState(Mode.DISARMED, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new KillSwitchState(Mode.DRAINING, "d").dispatches()).isFalse();
        assertThat(new KillSwitchState(Mode.DRAINING, "d").watches()).isTrue();
        assertThat(new KillSwitchState(Mode.DISARMED, "d").watches()).isFalse();
        assertThat(new KillSwitchState(Mode.ARMED, "").dispatches()).isTrue();
        assertThat(new KillSwitchState(Mode.HALTING, "h").dispatches()).isFalse();
        assertThat(new KillSwitchState(Mode.HALTING, "h").watches()).as("the watch hands every run back").isTrue();
        assertThat(new KillSwitchState(Mode.HALTING, "h").halts()).isTrue();
        assertThat(new KillSwitchState(Mode.DRAINING, "d").halts()).isFalse();
        assertThat(new KillSwitchState(Mode.HALTING, "h").mode().wire()).isEqualTo("halting");
    }
}
