package dev.afk.core;

import java.util.regex.Pattern;

/**
 * How a person writes a command to AFK in a comment (issue 9's {@code /afk stop}, issue 10's {@code /afk budget +1}
 * and the relay's "not a command"): the first non-blank line of the body, white space around it aside, is the
 * command. Written once for every command reader.
 */
public final class FirstLine {

    private static final Pattern LINES = Pattern.compile("\\R");

    private FirstLine() {}

    /** Whether the first non-blank line of {@code body}, stripped, matches {@code command} as a whole. */
    public static boolean matches(String body, Pattern command) {
        if (body == null) {
            return false;
        }
        for (String line : LINES.split(body, -1)) {
            if (!line.isBlank()) {
                return command.matcher(line.strip()).matches();
            }
        }
        return false;
    }
}
