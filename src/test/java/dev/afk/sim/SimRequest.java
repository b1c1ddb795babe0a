package dev.afk.sim;

import java.util.Map;

/** One request a simulator received, as recorded for assertions ({@code authorization} kept to check auth). */
public record SimRequest(String method, String path, String query, Map<String, String> headers, String body,
        int status) {

    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
