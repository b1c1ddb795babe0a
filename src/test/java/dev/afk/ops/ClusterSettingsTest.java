package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afk.plane.ClusterConfiguration;
import dev.afk.plane.ClusterConfiguration.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AFK_CLUSTER and AFK_LEADER_PREFIX must agree, or start-up fails naming the variable to fix. */
class ClusterSettingsTest {

    @ParameterizedTest(name = "AFK_CLUSTER=''{0}'' -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL, NONE", "'', NONE", "none, NONE", "None, NONE", "kubernetes, KUBERNETES", "' KUBERNETES ', KUBERNETES",
            "file, FILE"})
    void aKnownClusterModeIsAcceptedInAnyCase(String value, Mode expected) {
        assertThat(ClusterConfiguration.mode(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "AFK_CLUSTER=''{0}'' is refused")
    @CsvSource({"k8s", "zookeeper", "true"})
    void anUnknownClusterModeFailsStartUpNamingTheVariable(String value) {
        assertThatThrownBy(() -> ClusterConfiguration.mode(value))
                .hasMessageContaining("AFK_CLUSTER").hasMessageContaining(value);
    }

    @ParameterizedTest(name = "{0} + prefix ''{1}'' is accepted")
    @CsvSource({"NONE, ''", "KUBERNETES, master:ticks:", "FILE, master:ticks:", "KUBERNETES, master:afk-poll:"})
    void matchingSettingsAreAccepted(Mode mode, String prefix) {
        assertThatCode(() -> ClusterConfiguration.checkPrefix(mode, prefix)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} + prefix ''{1}'' is refused")
    @CsvSource({
            "NONE, master:ticks:",        // master: with no cluster service: every route start fails
            "KUBERNETES, ''",             // a cluster without the prefix: every replica ticks
            "FILE, ''",
            "KUBERNETES, master:ticks",   // no trailing ':' glues the group to the quartz URI
            "KUBERNETES, master::",
            "KUBERNETES, quartz:"})
    void mismatchedSettingsFailStartUpNamingBothVariables(Mode mode, String prefix) {
        assertThatThrownBy(() -> ClusterConfiguration.checkPrefix(mode, prefix))
                .hasMessageContaining("AFK_LEADER_PREFIX").hasMessageContaining("AFK_CLUSTER");
    }
}
