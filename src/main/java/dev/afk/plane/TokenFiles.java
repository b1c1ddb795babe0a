package dev.afk.plane;

import dev.afk.adapter.MissingCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret from its file on every call, so a rotated token takes effect without a restart. Failures name the
 * variable and the file, never the content, as a typed {@link MissingCredential}.
 */
public final class TokenFiles {

    private TokenFiles() {}

    public static String read(String file, String variable) {
        if (file == null || file.isBlank()) {
            throw new MissingCredential(variable, variable + " is not set");
        }
        try {
            String token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new MissingCredential(variable, variable + " names an empty file: " + file);
            }
            return token;
        } catch (IOException e) {
            throw new MissingCredential(variable, variable + " names a file that cannot be read: " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
