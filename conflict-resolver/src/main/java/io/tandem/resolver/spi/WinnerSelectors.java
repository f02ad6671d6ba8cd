package io.tandem.resolver.spi;

import java.lang.reflect.InvocationTargetException;

/** Loads a {@link WinnerSelector} by class name, with errors that say what to fix. */
public final class WinnerSelectors {

    private WinnerSelectors() {}

    /** Loads with the thread's context class loader (or this library's, if there is none). */
    public static WinnerSelector load(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(className, loader != null ? loader : WinnerSelectors.class.getClassLoader());
    }

    /**
     * @throws PolicyLoadException if the class is missing, is not a {@link WinnerSelector}, or cannot be
     *     instantiated through a public no-argument constructor
     */
    public static WinnerSelector load(String className, ClassLoader loader) {
        if (className == null || className.isBlank()) {
            throw new PolicyLoadException(
                    "custom conflict policy: class name is empty; expected a fully qualified"
                            + " class name implementing " + WinnerSelector.class.getName(),
                    null);
        }
        Class<?> type;
        try {
            type = Class.forName(className.strip(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PolicyLoadException(
                    "custom conflict policy class '" + className
                            + "' was not found on the classpath: check the spelling in the table's policy, and add the jar"
                            + " that contains it to the daemon's classpath",
                    e);
        }
        if (!WinnerSelector.class.isAssignableFrom(type)) {
            throw new PolicyLoadException(
                    "custom conflict policy class '" + className + "' does not implement "
                            + WinnerSelector.class.getName() + "; implement that interface (it was " + describe(type)
                            + ")",
                    null);
        }
        try {
            return (WinnerSelector) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new PolicyLoadException(
                    "custom conflict policy class '" + className + "' has no public no-argument constructor; add one",
                    e);
        } catch (InvocationTargetException e) {
            throw new PolicyLoadException(
                    "custom conflict policy class '" + className + "' threw from its constructor: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new PolicyLoadException(
                    "custom conflict policy class '" + className + "' cannot be instantiated (" + e
                            + "); make it a public, non-abstract class",
                    e);
        }
    }

    private static String describe(Class<?> type) {
        Class<?>[] interfaces = type.getInterfaces();
        return interfaces.length == 0 ? "a class implementing no interface" : "implementing " + interfaces[0].getName();
    }
}
