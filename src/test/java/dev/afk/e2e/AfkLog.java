package dev.afk.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The lines written to AFK's story log ({@code afk}) while attached: what an operator reads about each issue. */
final class AfkLog implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    private AfkLog() {
        appender = new AbstractAppender("afk-log-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
    }

    static AfkLog attach() {
        AfkLog log = new AfkLog();
        log.appender.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig afk = ctx.getConfiguration().getLoggerConfig("afk");
        afk.addAppender(log.appender, null, null);
        ctx.updateLoggers();
        return log;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines containing {@code text}. */
    List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getLoggerConfig("afk").removeAppender(appender.getName());
        ctx.updateLoggers();
        appender.stop();
    }
}
