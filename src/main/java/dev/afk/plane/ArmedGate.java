package dev.afk.plane;

import dev.afk.core.Config;
import dev.afk.core.KillSwitch;
import dev.afk.core.KillSwitch.FileRead;
import dev.afk.core.KillSwitchState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of every tick: what may the plane do right now? Both start-up keys must be turned
 * ({@code AFK_KILL_SWITCH=false}, a non-empty {@code AFK_ALLOWLIST}); on top of that an operator can disarm or drain
 * a running instance without a restart through {@code AFK_KILL_SWITCH_FILE} (in Kubernetes a ConfigMap key mounted
 * as a file, which the kubelet refreshes in place). The file is re-read at every tick and decided by
 * {@link KillSwitch#decide}: it fails closed (missing, unreadable, empty or unknown disarms) and can never arm a
 * plane the start-up keys leave disarmed.
 *
 * <p>The poll tick's gate is {@link #dispatches()} (armed only), the watch tick's {@link #watches()} (armed,
 * draining or halting; while {@link #halting()} each run is stopped and handed back). Reading a local file is the
 * only thing a held tick does: no network I/O. Each change of state is logged once (WARN when the plane stops
 * being armed, INFO when it is armed again), never per tick.
 */
public class ArmedGate {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    /** No kill-switch value is longer; a larger file is not read further (and never hangs a tick on /dev/zero). */
    static final int MAX_BYTES = 1024;

    private final Config config;
    private final String killSwitchFile;
    private KillSwitchState last;
    private volatile BiConsumer<String, KillSwitchState> heldTicks = (tick, state) -> { };
    private volatile java.util.function.Consumer<String> ticks = tick -> { };

    public ArmedGate(Config config, String killSwitchFile) {
        this.config = config;
        this.killSwitchFile = killSwitchFile == null ? "" : killSwitchFile.strip();
    }

    /** Tells {@code listener} about every tick this gate holds back (the tick's name, and why). */
    void onHeldTick(BiConsumer<String, KillSwitchState> listener) {
        this.heldTicks = listener;
    }

    /** Tells {@code listener} about every tick that reaches this gate, held back or not (the tick's name). */
    void onTick(java.util.function.Consumer<String> listener) {
        this.ticks = listener;
    }

    /** The poll tick's gate: list the queue and dispatch only when fully armed (not while draining). */
    public boolean dispatches() {
        ticks.accept("poll");
        KillSwitchState state = state();
        if (!state.dispatches()) {
            heldTicks.accept("poll", state);
        }
        return state.dispatches();
    }

    /** The watch tick's gate: drive runs in flight when armed or draining. */
    public boolean watches() {
        ticks.accept("watch");
        KillSwitchState state = state();
        if (!state.watches()) {
            heldTicks.accept("watch", state);
        }
        return state.watches();
    }

    /**
     * The watch tick's halt input, read once the gate let the tick through: true while the kill-switch file says
     * {@code halt}, so every run of the tick is stopped and handed back. Not a tick of its own (not counted).
     */
    public boolean halting() {
        return state().halts();
    }

    /** Fully armed right now (new dispatches allowed); false while draining or disarmed. */
    public boolean armed() {
        return state().dispatches();
    }

    /** Why the plane is not fully armed right now; empty when it is. */
    public String reason() {
        return state().reason();
    }

    /** The live state: the start-up keys and the kill-switch file as it reads now. Logs a change of state once. */
    public KillSwitchState state() {
        KillSwitchState state = KillSwitch.decide(config, readFile());
        synchronized (this) {
            if (!state.equals(last)) {
                switch (state.mode()) {
                    case ARMED -> LOG.info("AFK is armed for {}", config.allowlist());
                    case DRAINING -> LOG.warn("AFK is draining (no new dispatch, runs in flight are still watched): "
                            + "{}", state.reason());
                    case HALTING -> LOG.warn("AFK is halting (no new dispatch, every run in flight is stopped and "
                            + "handed back): {}", state.reason());
                    case DISARMED -> LOG.warn("AFK is disarmed: {}", state.reason());
                }
                last = state;
            }
        }
        return state;
    }

    /** Reads the kill-switch file, mapping every way it can fail to what the decision needs. */
    FileRead readFile() {
        if (killSwitchFile.isEmpty()) {
            return new FileRead.Unset();
        }
        Path path;
        try {
            path = Path.of(killSwitchFile);
        } catch (InvalidPathException e) {
            return new FileRead.Unreadable(killSwitchFile, "not a valid path");
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (attrs.isDirectory()) {
                return new FileRead.Unreadable(killSwitchFile, "it is a directory");
            }
            if (!attrs.isRegularFile()) {
                return new FileRead.Unreadable(killSwitchFile, "not a regular file");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                return new FileRead.Unreadable(killSwitchFile, "larger than " + MAX_BYTES + " bytes");
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return new FileRead.Content(killSwitchFile, text);
        } catch (NoSuchFileException e) {
            return new FileRead.Missing(killSwitchFile);
        } catch (AccessDeniedException e) {
            return new FileRead.Unreadable(killSwitchFile, "permission denied");
        } catch (CharacterCodingException e) {
            return new FileRead.Unreadable(killSwitchFile, "not UTF-8 text");
        } catch (IOException | SecurityException e) {
            return new FileRead.Unreadable(killSwitchFile, e.getClass().getSimpleName());
        }
    }
}
