package dev.afk.plane;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a per-issue line at INFO when what it says changes and at DEBUG when it repeats, so an operator reads each
 * skip reason once instead of every minute. Memory only decides the log level, never what AFK does.
 */
public class OnceLog {

    private static final Logger LOG = LoggerFactory.getLogger("afk");
    private final Map<String, String> last = new ConcurrentHashMap<>();

    public void log(String subject, String line) {
        log(subject, line, line);
    }

    /** As {@link #log(String, String)}, but "the same" means the same {@code gist} (e.g. the skip reason alone). */
    public void log(String subject, String gist, String line) {
        String previous = last.put(subject, gist);
        if (gist.equals(previous)) {
            LOG.debug(line);
        } else {
            LOG.info(line);
        }
    }

    /** As {@link #log(String, String, String)}, at WARN the first time (something is wrong, not just waiting). */
    public void warn(String subject, String gist, String line) {
        String previous = last.put(subject, gist);
        if (gist.equals(previous)) {
            LOG.debug(line);
        } else {
            LOG.warn(line);
        }
    }

    public void forget(String subject) {
        last.remove(subject);
    }
}
