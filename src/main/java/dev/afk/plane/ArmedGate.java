package dev.afk.plane;

import dev.afk.core.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of every tick: is the plane armed right now? Both start-up keys must be turned
 * ({@code AFK_KILL_SWITCH=false}, a non-empty {@code AFK_ALLOWLIST}); on top of that an operator can disarm a
 * running instance without a restart by writing {@code true} into {@code AFK_KILL_SWITCH_FILE} (in Kubernetes a
 * ConfigMap key mounted as a file, which the kubelet refreshes in place). The file can only disarm, never arm.
 * Reading a local file is the only thing a disarmed tick does: no network I/O.
 */
public class ArmedGate {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    private final Config config;
    private final String killSwitchFile;
    private volatile Boolean lastArmed;

    public ArmedGate(Config config, String killSwitchFile) {
        this.config = config;
        this.killSwitchFile = killSwitchFile == null ? "" : killSwitchFile.strip();
    }

    public boolean armed() {
        boolean armed = config.armed() && !fileSaysDisarm();
        if (lastArmed == null || lastArmed != armed) {
            if (armed) {
                LOG.info("AFK is armed for {}", config.allowlist());
            } else {
                LOG.warn("AFK is disarmed: {}", reason());
            }
            lastArmed = armed;
        }
        return armed;
    }

    public String reason() {
        if (!config.armed()) {
            return config.disarmedReason();
        }
        return fileSaysDisarm() ? "AFK_KILL_SWITCH_FILE " + killSwitchFile + " says true" : "";
    }

    private boolean fileSaysDisarm() {
        if (killSwitchFile.isEmpty()) {
            return false;
        }
        try {
            return Files.readString(Path.of(killSwitchFile)).strip().equalsIgnoreCase("true");
        } catch (IOException e) {
            return false; // no file: the start-up keys decide
        }
    }
}
