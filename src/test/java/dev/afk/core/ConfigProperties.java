package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ConfigProperties {

    @Provide
    Arbitrary<List<String>> allowlists() {
        return Arbitraries.of("acme/api", "acme/web", "other/lib").list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> killSwitchValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("true", "false", "TRUE", "False", " false ", "", "0", "no", "off"),
                Arbitraries.strings().ofMaxLength(8));
    }

    /** Anything an operator (or a typo) could put in a variable: arbitrary text and near-misses of valid values. */
    @Provide
    Arbitrary<Map<String, String>> anyValues() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(24),
                Arbitraries.strings().withChars("aZ09/=,.:- _\t").ofMaxLength(24),
                Arbitraries.of("true", "false", "", " ", ",", "/", "=", "a/b", "a/b=", "a/b=p", "=p", "a/b/c",
                        "-1", "0", "2147483648", "ready-for-agent", "in-progress", "ready-for-human",
                        "claudeAgent/claude", "forgejo", "github"));
        return Arbitraries.maps(Arbitraries.of(List.copyOf(Config.VARIABLES.keySet())), value)
                .ofMaxSize(Config.VARIABLES.size());
    }

    @Property(tries = 1000)
    void armedExactlyWhenKillSwitchOffAndAllowlistNonEmpty(@ForAll boolean killSwitch,
            @ForAll("allowlists") List<String> allowlist) {
        Config c = Config.fromMap(Map.of(
                "afk.kill-switch", Boolean.toString(killSwitch),
                "afk.allowlist", String.join(",", allowlist)));

        assertThat(c.armed()).isEqualTo(!killSwitch && !allowlist.isEmpty());
        assertThat(c.disarmedReason().isEmpty()).isEqualTo(c.armed());
    }

    @Property(tries = 1000)
    void onlyAnExplicitFalseTurnsTheKillSwitchOff(@ForAll("killSwitchValues") String killSwitch,
            @ForAll("allowlists") List<String> allowlist) {
        Config c = Config.fromMap(Map.of("afk.kill-switch", killSwitch, "afk.allowlist", String.join(",", allowlist)));

        boolean explicitFalse = killSwitch.strip().toLowerCase(Locale.ROOT).equals("false");
        assertThat(c.armed()).isEqualTo(explicitFalse && !allowlist.isEmpty());
    }

    @Property(tries = 1000)
    void fromNeverThrowsAndEveryProblemNamesItsVariable(@ForAll("anyValues") Map<String, String> values) {
        assertThatCode(() -> {
            Config c = Config.fromMap(values);
            assertThat(c.problems()).allSatisfy(p ->
                    assertThat(Config.VARIABLES.values()).anySatisfy(v -> assertThat(p).contains(v)));
        }).doesNotThrowAnyException();
    }

    @Property(tries = 1000)
    void validateNeverThrowsAndEveryMessageNamesAVariable(@ForAll("anyValues") Map<String, String> values) {
        Map<String, String> armed = new HashMap<>(values);
        armed.putIfAbsent("afk.kill-switch", "false");
        assertThatCode(() -> {
            List<String> errors = Config.fromMap(armed).validate();
            assertThat(errors).allSatisfy(e ->
                    assertThat(Config.VARIABLES.values()).anySatisfy(v -> assertThat(e).contains(v)));
        }).doesNotThrowAnyException();
    }
}
