package io.tandem.router.log;

import java.util.concurrent.ThreadFactory;
import org.slf4j.MDC;

/**
 * The log MDC of one router component: {@value #REGION} (the region the router serves, from the
 * config's {@code region}) and {@value #COMPONENT}. Request handlers and listener callbacks run on
 * threads they do not own (gRPC's event loop, Curator's threads), so they {@link #enter()} for the
 * duration of the work and restore what was there before; threads the router creates carry the
 * context for their whole life ({@link #threads}).
 *
 * @param region the router's region, or {@value #UNSET} when the config names none
 * @param component e.g. {@code router} for request handling, {@code routing-map} for the ZooKeeper map
 */
public record LogContext(String region, String component) {

    public static final String REGION = "region";
    public static final String COMPONENT = "component";
    public static final String UNSET = "-";

    public LogContext {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("log context region is required (use " + UNSET + " when unknown)");
        }
        if (component == null || component.isBlank()) {
            throw new IllegalArgumentException("log context component is required");
        }
    }

    /** The same region, another component. */
    public LogContext component(String name) {
        return new LogContext(region, name);
    }

    /** Puts region and component in this thread's MDC until the returned scope is closed. */
    public Scope enter() {
        String previousRegion = MDC.get(REGION);
        String previousComponent = MDC.get(COMPONENT);
        MDC.put(REGION, region);
        MDC.put(COMPONENT, component);
        return () -> {
            restore(REGION, previousRegion);
            restore(COMPONENT, previousComponent);
        };
    }

    /** Wraps {@code work} so that it runs inside this context. */
    public Runnable wrap(Runnable work) {
        return () -> {
            try (Scope s = enter()) {
                work.run();
            }
        };
    }

    /** Daemon threads named {@code name} whose whole run is inside this context. */
    public ThreadFactory threads(String name) {
        return r -> {
            Thread t = new Thread(wrap(r), name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** An entered context; closing it restores the thread's previous MDC values. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
