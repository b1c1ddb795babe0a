package dev.afk.core;

import java.util.Locale;

/**
 * The live kill switch (docs/ARCHITECTURE.md §5), as a pure decision: given whether the start-up keys arm the plane and
 * what reading {@code AFK_KILL_SWITCH_FILE} gave, what may the ticks do? The plane bean ({@code ArmedGate}) does the
 * reading, once per tick; this class only decides.
 *
 * <p>The file <b>fails closed</b>: once configured, only a file that can be read and holds a value AFK knows lets
 * the plane do anything. The values, trimmed and compared case-insensitively (ASCII letters only, so no look-alike
 * such as a dotless {@code ı} passes):
 * <ul>
 *   <li>{@code false}: the start-up keys decide (the file can never arm a plane they leave disarmed);</li>
 *   <li>{@code drain}: no new dispatch, runs in flight are still watched to their end;</li>
 *   <li>{@code true}: disarmed, zero I/O;</li>
 *   <li>{@code halt}: no new dispatch, and every run in flight is stopped (the stop of issue 9) and handed back as
 *       {@code ready-for-human} ({@link EscalationReason#HALTED}); the watch keeps running until every run is
 *       handed back.</li>
 * </ul>
 * A missing or unreadable file, an empty one, or any other value disarms, and the reason says which.
 */
public final class KillSwitch {

    /** The variable operators set; named in every reason the file gives. */
    public static final String VARIABLE = "AFK_KILL_SWITCH_FILE";

    /** How much of an unknown value a reason shows. */
    static final int SHOWN_CHARS = 40;

    private static final String FAIL_CLOSED = "fail closed: write false, drain or true into it";

    private KillSwitch() {
    }

    /** What reading the kill-switch file gave; the plane maps its file I/O to one of these. */
    public sealed interface FileRead {

        /** {@code AFK_KILL_SWITCH_FILE} is not set (or blank): the start-up keys alone decide, as before. */
        record Unset() implements FileRead {
        }

        /** The file does not exist. */
        record Missing(String path) implements FileRead {
        }

        /** The file exists but cannot be read as text (a directory, no permission, not UTF-8, an I/O error). */
        record Unreadable(String path, String why) implements FileRead {
        }

        /** The file's whole text, as read. */
        record Content(String path, String text) implements FileRead {
        }
    }

    /**
     * The state of the plane.
     *
     * @param startUpArmed    {@link Config#armed()}: both start-up keys turned
     * @param startUpReason   {@link Config#disarmedReason()}: why not, when not
     * @param file            what reading the file gave
     */
    public static KillSwitchState decide(boolean startUpArmed, String startUpReason, FileRead file) {
        KillSwitchState fromFile = fromFile(file);
        if (!startUpArmed) {
            String why = startUpReason == null || startUpReason.isBlank() ? "the start-up keys do not arm the plane"
                    : startUpReason;
            if (fromFile.mode() != KillSwitchState.Mode.ARMED) {
                why = why + "; and " + fromFile.reason();
            }
            return new KillSwitchState(KillSwitchState.Mode.DISARMED, oneLine(why));
        }
        return fromFile;
    }

    /** As {@link #decide(boolean, String, FileRead)} with the start-up keys of {@code config}. */
    public static KillSwitchState decide(Config config, FileRead file) {
        return decide(config.armed(), config.disarmedReason(), file);
    }

    /** The file's verdict alone, as if the start-up keys armed the plane. */
    static KillSwitchState fromFile(FileRead file) {
        if (file == null) {
            throw new IllegalArgumentException("file is required (FileRead.Unset when not configured)");
        }
        if (file instanceof FileRead.Unset) {
            return armed();
        }
        if (file instanceof FileRead.Missing m) {
            return disarmed(VARIABLE + " " + m.path() + " does not exist (" + FAIL_CLOSED + ")");
        }
        if (file instanceof FileRead.Unreadable u) {
            return disarmed(VARIABLE + " " + u.path() + " cannot be read: " + u.why() + " (" + FAIL_CLOSED + ")");
        }
        FileRead.Content c = (FileRead.Content) file;
        String value = c.text() == null ? "" : c.text().strip();
        String known = asciiLowerCase(value);
        if (known == null) {
            return disarmed(VARIABLE + " " + c.path() + " holds '" + shown(value) + "', which AFK does not know ("
                    + FAIL_CLOSED + ")");
        }
        return switch (known) {
            case "false" -> armed();
            case "drain" -> new KillSwitchState(KillSwitchState.Mode.DRAINING, oneLine(VARIABLE + " " + c.path()
                    + " says drain: no new dispatch; runs in flight are still watched to their end"));
            case "true" -> disarmed(VARIABLE + " " + c.path() + " says true");
            case "halt" -> new KillSwitchState(KillSwitchState.Mode.HALTING, oneLine(VARIABLE + " " + c.path()
                    + " says halt: no new dispatch; every run in flight is stopped and handed back"));
            case "" -> disarmed(VARIABLE + " " + c.path() + " is empty (" + FAIL_CLOSED + ")");
            default -> disarmed(VARIABLE + " " + c.path() + " holds '" + shown(value) + "', which AFK does not know ("
                    + FAIL_CLOSED + ")");
        };
    }

    private static KillSwitchState armed() {
        return new KillSwitchState(KillSwitchState.Mode.ARMED, "");
    }

    private static KillSwitchState disarmed(String why) {
        return new KillSwitchState(KillSwitchState.Mode.DISARMED, oneLine(why));
    }

    /** Lower-cases ASCII letters; null when the value holds anything but printable ASCII (never a known value). */
    private static String asciiLowerCase(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return null;
            }
            out.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
        }
        return out.toString();
    }

    /** An unknown value as a reason shows it: bounded, printable ASCII, anything else escaped as \\uXXXX. */
    static String shown(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < value.length() && out.length() < SHOWN_CHARS; i++) {
            char ch = value.charAt(i);
            if (ch >= 0x20 && ch <= 0x7e && ch != '\'' && ch != '\\') {
                out.append(ch);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            }
        }
        return i < value.length() ? out + "..." : out.toString();
    }

    /** Reasons go to one log line and one JSON string: no line breaks or other control characters. */
    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            out.append(Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029' ? ' ' : ch);
        }
        return out.toString();
    }
}
