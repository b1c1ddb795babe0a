package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.KillSwitch.FileRead;
import dev.afk.core.KillSwitchState.Mode;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The kill switch fails closed: only a readable file holding a known value lets the plane do anything. */
class KillSwitchProperties {

    private static final String F = "/run/afk/kill-switch";
    private static final Set<String> KNOWN = Set.of("false", "drain", "true", "halt");

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> known = Arbitraries.of("false", "drain", "true", "halt");
        Arbitrary<String> padding = Arbitraries.strings().withChars(" \t\r\n\u000b\f\u00a0\u2003").ofMaxLength(3);
        Arbitrary<String> recased = known.flatMap(k -> Arbitraries.strings().withChars("01").ofLength(k.length())
                .map(mask -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < k.length(); i++) {
                        b.append(mask.charAt(i) == '1' ? Character.toUpperCase(k.charAt(i)) : k.charAt(i));
                    }
                    return b.toString();
                }));
        Arbitrary<String> padded = Combinators.combine(padding, recased, padding).as((a, v, b) -> a + v + b);
        Arbitrary<String> nearMisses = known.flatMap(k -> Arbitraries.of(
                k + "x", "x" + k, k.substring(1), k + " " + k, k + "\n" + k, k.replace('i', '\u0131'),
                k.replace('s', '\u017f'), "\ufeff" + k, k.toUpperCase(Locale.ROOT) + "\u0000", "\"" + k + "\"",
                k + "\n#", k.replace('a', '\u0430')));
        return Arbitraries.oneOf(padded, nearMisses, Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.of("", " ", "\n", "0", "1", "yes", "no", "on", "off", "disarm", "armed", "stop"));
    }

    @Provide
    Arbitrary<FileRead> anyRead() {
        return Arbitraries.oneOf(
                Arbitraries.just(new FileRead.Unset()),
                Arbitraries.just(new FileRead.Missing(F)),
                Arbitraries.strings().all().ofMaxLength(20).map(why -> new FileRead.Unreadable(F, why)),
                anyText().map(text -> new FileRead.Content(F, text)));
    }

    private static String asKnown(String text) {
        String s = text.strip();
        return s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e) ? s.toLowerCase(Locale.ROOT) : null;
    }

    @Property(tries = 2000)
    void aMissingOrUnreadableFileNeverLetsATickRun(@ForAll boolean startUpArmed,
            @ForAll("anyText") String why) {
        for (FileRead read : new FileRead[] {new FileRead.Missing(F), new FileRead.Unreadable(F, why)}) {
            KillSwitchState state = KillSwitch.decide(startUpArmed, "keys", read);
            assertThat(state.mode()).isEqualTo(Mode.DISARMED);
            assertThat(state.dispatches()).isFalse();
            assertThat(state.watches()).isFalse();
            assertThat(state.reason()).contains("AFK_KILL_SWITCH_FILE", F);
        }
    }

    @Property(tries = 3000)
    void onlyTheExactKnownValuesTrimmedAndInAnyAsciiCaseLetATickRun(@ForAll("anyText") String text) {
        KillSwitchState state = KillSwitch.decide(true, "", new FileRead.Content(F, text));
        String known = asKnown(text);

        assertThat(state.mode() == Mode.ARMED).isEqualTo("false".equals(known));
        assertThat(state.mode() == Mode.DRAINING).isEqualTo("drain".equals(known));
        assertThat(state.mode() == Mode.HALTING).isEqualTo("halt".equals(known));
        if (known == null || !KNOWN.contains(known)) {
            assertThat(state.mode()).isEqualTo(Mode.DISARMED);
            assertThat(state.reason()).containsAnyOf("does not know", "is empty");
        }
    }

    @Property(tries = 2000)
    void drainNeverDispatchesButWatchesExactlyWhenTheStartUpKeysArm(@ForAll boolean startUpArmed,
            @ForAll("anyText") String text) {
        KillSwitchState state = KillSwitch.decide(startUpArmed, "keys", new FileRead.Content(F, text));
        if ("drain".equals(asKnown(text))) {
            assertThat(state.dispatches()).isFalse();
            assertThat(state.watches()).isEqualTo(startUpArmed);
        }
    }

    @Property(tries = 2000)
    void haltNeverDispatchesHaltsExactlyWhenTheStartUpKeysArmAndNothingElseHalts(@ForAll boolean startUpArmed,
            @ForAll("anyText") String text) {
        KillSwitchState state = KillSwitch.decide(startUpArmed, "keys", new FileRead.Content(F, text));
        boolean halt = "halt".equals(asKnown(text));
        assertThat(state.halts()).isEqualTo(halt && startUpArmed);
        if (halt) {
            assertThat(state.dispatches()).isFalse();
            assertThat(state.watches()).isEqualTo(startUpArmed);
        }
    }

    @Property(tries = 2000)
    void theFileNeverArmsAPlaneTheStartUpKeysLeaveDisarmed(@ForAll("anyRead") FileRead read) {
        KillSwitchState state = KillSwitch.decide(false, "AFK_ALLOWLIST is empty", read);

        assertThat(state.mode()).isEqualTo(Mode.DISARMED);
        assertThat(state.reason()).startsWith("AFK_ALLOWLIST is empty");
    }

    @Property(tries = 2000)
    void anUnsetFileLeavesTheDecisionToTheStartUpKeys(@ForAll boolean startUpArmed) {
        KillSwitchState state = KillSwitch.decide(startUpArmed, startUpArmed ? "" : "keys", new FileRead.Unset());
        assertThat(state.mode()).isEqualTo(startUpArmed ? Mode.ARMED : Mode.DISARMED);
    }

    @Property(tries = 3000)
    void everyReasonIsOneBoundedLineAndPresentExactlyWhenNotArmed(@ForAll boolean startUpArmed,
            @ForAll("anyRead") FileRead read) {
        KillSwitchState state = KillSwitch.decide(startUpArmed, startUpArmed ? "" : "keys", read);

        assertThat(state.reason().isEmpty()).isEqualTo(state.mode() == Mode.ARMED);
        assertThat(state.reason().chars()).noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
        if (read instanceof FileRead.Content) {
            assertThat(state.reason().length()).isLessThan(400);
        }
    }
}
