package dev.afk.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.Config;
import dev.afk.core.KillSwitch.FileRead;
import dev.afk.core.KillSwitchState.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the gate reads AFK_KILL_SWITCH_FILE: every way the read can fail maps to a disarming FileRead. */
class ArmedGateTest {

    private static final Config ARMED = Config.fromMap(Map.of("afk.kill-switch", "false", "afk.allowlist", "a/b"));

    @TempDir
    Path dir;

    private ArmedGate gate(Path file) {
        return new ArmedGate(ARMED, file.toString());
    }

    @Test
    void anUnsetOrBlankPropertyIsUnsetAndTheStartUpKeysDecide() {
        assertThat(new ArmedGate(ARMED, null).readFile()).isEqualTo(new FileRead.Unset());
        assertThat(new ArmedGate(ARMED, "  ").readFile()).isEqualTo(new FileRead.Unset());
        assertThat(new ArmedGate(ARMED, "").state().mode()).isEqualTo(Mode.ARMED);
        assertThat(new ArmedGate(Config.fromMap(Map.of()), "").state().mode()).isEqualTo(Mode.DISARMED);
    }

    @Test
    void aFileIsReadWholeAsUtf8() throws Exception {
        Path file = Files.writeString(dir.resolve("ks"), " drain\n");
        assertThat(gate(file).readFile()).isEqualTo(new FileRead.Content(file.toString(), " drain\n"));
        assertThat(gate(file).state().mode()).isEqualTo(Mode.DRAINING);
    }

    @Test
    void aMissingFileOrADanglingLinkOrAMissingParentIsMissing() throws Exception {
        Path missing = dir.resolve("nope");
        Path link = Files.createSymbolicLink(dir.resolve("link"), missing);
        assertThat(gate(missing).readFile()).isInstanceOf(FileRead.Missing.class);
        assertThat(gate(link).readFile()).isInstanceOf(FileRead.Missing.class);
        assertThat(gate(dir.resolve("no-dir").resolve("ks")).readFile()).isInstanceOf(FileRead.Missing.class);
        assertThat(gate(missing).state().mode()).isEqualTo(Mode.DISARMED);
    }

    @Test
    void aLinkIsFollowedAsTheKubeletsConfigMapMountNeedsIt() throws Exception {
        Path target = Files.writeString(dir.resolve("..data-ks"), "false");
        Path link = Files.createSymbolicLink(dir.resolve("kill-switch"), target);
        assertThat(gate(link).state().mode()).isEqualTo(Mode.ARMED);
    }

    @Test
    void aDirectoryADeviceALargeFileAndNonUtf8TextAreUnreadable() throws Exception {
        Path large = Files.writeString(dir.resolve("large"), "false" + " ".repeat(ArmedGate.MAX_BYTES));
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'f', 'a', 'l', 's', 'e', (byte) 0xe9});

        List<String> why = new ArrayList<>();
        for (Path p : new Path[] {dir, Path.of("/dev/null"), large, latin1}) {
            FileRead read = gate(p).readFile();
            assertThat(read).as(p.toString()).isInstanceOf(FileRead.Unreadable.class);
            why.add(((FileRead.Unreadable) read).why());
            assertThat(gate(p).state().mode()).isEqualTo(Mode.DISARMED);
        }
        assertThat(why).containsExactly("it is a directory", "not a regular file",
                "larger than " + ArmedGate.MAX_BYTES + " bytes", "not UTF-8 text");
    }

    @Test
    void thePollGateHoldsWhileDrainingAndTheWatchGateDoesNotAndHeldTicksAreReported() throws Exception {
        Path file = Files.writeString(dir.resolve("ks"), "drain");
        ArmedGate gate = gate(file);
        List<String> held = new ArrayList<>();
        gate.onHeldTick((tick, state) -> held.add(tick + " " + state.mode()));

        assertThat(gate.dispatches()).isFalse();
        assertThat(gate.watches()).isTrue();
        Files.writeString(file, "true");
        assertThat(gate.dispatches()).isFalse();
        assertThat(gate.watches()).isFalse();
        Files.writeString(file, "false");
        assertThat(gate.dispatches()).isTrue();
        assertThat(gate.watches()).isTrue();

        assertThat(held).containsExactly("poll DRAINING", "poll DISARMED", "watch DISARMED");
    }

    @Test
    void everyTickThatReachesTheGateBeatsTheHeartbeatHeldOrNot() throws Exception {
        Path file = Files.writeString(dir.resolve("ks"), "true");
        ArmedGate gate = gate(file);
        java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T10:00:00.500Z"),
                java.time.ZoneOffset.UTC);
        PlaneMetrics metrics = new PlaneMetrics(fixed);
        gate.onTick(metrics::ticked);
        assertThat(metrics.lastTickSeconds("poll")).isZero();

        assertThat(gate.dispatches()).isFalse();
        assertThat(gate.watches()).isFalse();

        double expected = java.time.Instant.parse("2026-12-01T10:00:00.500Z").toEpochMilli() / 1000.0;
        assertThat(metrics.lastTickSeconds("poll")).isEqualTo(expected);
        assertThat(metrics.lastTickSeconds("watch")).isEqualTo(expected);
    }
}
