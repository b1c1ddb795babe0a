package dev.afk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code AFK_CI_INFRA_GRACE_MINUTES} (issue 12, item 4): read, defaulted, and refused when malformed. */
class ConfigCiInfraGraceTest {

    @Test
    void theGraceDefaultsToThirtyMinutesAndZeroEscalatesAtOnce() {
        assertThat(Config.fromMap(Map.of()).ciInfraGrace()).isEqualTo(Duration.ofMinutes(30))
                .isEqualTo(RunStateMachine.DEFAULT_CI_INFRA_GRACE);
        Config zero = Config.fromMap(Map.of("afk.ci-infra-grace-minutes", " 0 "));
        assertThat(zero.ciInfraGrace()).isZero();
        assertThat(zero.validate()).isEmpty();
        assertThat(Config.fromMap(Map.of("afk.ci-infra-grace-minutes", "90")).ciInfraGrace())
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(Config.VARIABLES).containsEntry("afk.ci-infra-grace-minutes", "AFK_CI_INFRA_GRACE_MINUTES");
        assertThat(Config.fromMap(Map.of()).toString()).contains("ciInfraGrace=PT30M");
    }

    @Test
    void aMalformedGraceTakesTheDefaultAndNamesTheVariable() {
        Config negative = Config.fromMap(Map.of("afk.ci-infra-grace-minutes", "-1"));
        assertThat(negative.ciInfraGrace()).isEqualTo(Duration.ofMinutes(30));
        assertThat(negative.validate()).containsExactly("AFK_CI_INFRA_GRACE_MINUTES must be at least 0 (got -1)");
        assertThat(Config.fromMap(Map.of("afk.ci-infra-grace-minutes", "half an hour")).validate())
                .containsExactly("AFK_CI_INFRA_GRACE_MINUTES must be a whole number (got 'half an hour')");
    }
}
