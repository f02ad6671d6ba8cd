package io.tandem.resolver.spi;

/** A custom conflict policy named in configuration could not be loaded. Permanent: fix the configuration. */
public final class PolicyLoadException extends IllegalArgumentException {

    public PolicyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
