package io.tandem.cli.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything a test run prints: System.out, System.err and every log event (message, arguments
 * and stack traces) from Tandem, Kafka, ZooKeeper and Curator at DEBUG. Close to restore.
 */
final class CapturedOutput implements AutoCloseable {
    private static final List<String> LOUD =
            List.of("io.tandem", "org.apache.kafka", "org.apache.zookeeper", "org.apache.curator");

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringBuffer logs = new StringBuffer();
    private final Map<String, Level> levels = new HashMap<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            logs.append(e.getLevel())
                    .append(' ')
                    .append(e.getLoggerName())
                    .append(' ')
                    .append(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                logs.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            logs.append('\n');
        }
    };

    CapturedOutput() {
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : LOUD) {
            Logger logger = context.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** All that was printed and logged so far. */
    String text() {
        return bytes.toString(StandardCharsets.UTF_8) + "\n" + logs;
    }

    int logLines() {
        return (int) logs.chars().filter(c -> c == '\n').count();
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
}
