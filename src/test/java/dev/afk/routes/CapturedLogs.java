package dev.afk.routes;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event written while attached (through the real log4j2 configuration, so the level pins of
 * {@code log4j2.properties} apply), rendered as logger, level, message, context data and the full stack trace of
 * any throwable: a secret hiding in an exception's cause is caught too.
 */
final class CapturedLogs implements AutoCloseable {

    /** One captured event. */
    record Line(String logger, Level level, String text) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    private CapturedLogs() {
        appender = new AbstractAppender("captured-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder sb = new StringBuilder(event.getMessage().getFormattedMessage());
                if (!event.getContextData().isEmpty()) {
                    sb.append(' ').append(event.getContextData());
                }
                if (event.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(w));
                    sb.append('\n').append(w);
                }
                lines.add(new Line(event.getLoggerName(), event.getLevel(), sb.toString()));
            }
        };
    }

    /** Attaches to the root logger and every logger that does not pass events on to it. */
    static CapturedLogs attach() {
        CapturedLogs c = new CapturedLogs();
        c.appender.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.addAppender(c.appender);
        config.getRootLogger().addAppender(c.appender, null, null);
        for (LoggerConfig lc : config.getLoggers().values()) {
            if (!lc.isAdditive()) {
                lc.addAppender(c.appender, null, null);
            }
        }
        ctx.updateLoggers();
        return c;
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<Line> at(Level level) {
        return lines.stream().filter(l -> l.level() == level).toList();
    }

    /** All captured text, one event after another. */
    String all() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.level()).append(' ').append(l.logger()).append(' ').append(l.text())
                .append('\n'));
        return sb.toString();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        for (LoggerConfig lc : config.getLoggers().values()) {
            lc.removeAppender(appender.getName());
        }
        ctx.updateLoggers();
        appender.stop();
    }
}
