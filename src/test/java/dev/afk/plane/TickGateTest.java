package dev.afk.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afk.core.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TickGate}: what a tick on demand is told, and the one permit a scheduled and an asked-for tick share. */
class TickGateTest {

    private static final Config ARMED = Config.fromMap(Map.of("afk.kill-switch", "false", "afk.allowlist", "a/b"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private TickGate gate(String killSwitch, String leaderPrefix) throws Exception {
        Path file = dir.resolve("kill-switch");
        Files.writeString(file, killSwitch);
        ArmedGate armed = new ArmedGate(ARMED, file.toString());
        return new TickGate(armed, new PlaneStatus(ARMED, CLOCK, armed), CLOCK, new DefaultCamelContext(),
                leaderPrefix);
    }

    @Test
    void aTickAlreadyRunningRefusesTheSameTickButNotTheOtherUntilItsPermitIsBack() throws Exception {
        TickGate g = gate("false", "");
        assertThat(g.enter("poll")).as("the scheduled poll tick runs").isTrue();

        TickGate.Verdict busy = g.ask("poll");
        assertThat(busy.isAllowed()).isFalse();
        assertThat(busy.getRefusedBecause()).isEqualTo("a poll tick is running; try again when it is over");
        assertThat(g.ask("watch").isAllowed()).as("the other tick has its own permit").isTrue();
        assertThat(g.enter("watch")).as("an allowed ask took the watch permit").isFalse();

        g.exit("poll");
        g.exit("watch");
        assertThat(g.ask("poll").isAllowed()).isTrue();
        assertThat(g.enter("poll")).as("and the scheduled tick now waits for it").isFalse();
    }

    @Test
    void theGateDecidesFirstAndARefusalTakesNoPermit() throws Exception {
        TickGate g = gate("drain", "");
        TickGate.Verdict poll = g.ask("poll");
        assertThat(poll.isAllowed()).isFalse();
        assertThat(poll.getRefusedBecause()).startsWith("draining: AFK_KILL_SWITCH_FILE").endsWith(
                "(a watch tick is allowed)");
        assertThat(g.enter("poll")).as("the refused ask took no permit").isTrue();
        assertThat(g.refused(poll)).containsEntry("tick", "poll").containsEntry("ran", false)
                .containsEntry("state", "draining").containsEntry("at", "2026-12-03T12:00:00Z");
    }

    @Test
    void withAClusterPrefixButNoClusterServiceThisReplicaIsNotTheLeader() throws Exception {
        TickGate.Verdict v = gate("false", "master:ticks:").ask("watch");
        assertThat(v.isAllowed()).isFalse();
        assertThat(v.getRefusedBecause()).startsWith("this replica is not the leader");
    }

    @Test
    void anUnknownTickIsAnError() throws Exception {
        assertThatThrownBy(() -> gate("false", "").ask("dispatch")).isInstanceOf(IllegalArgumentException.class);
    }
}
