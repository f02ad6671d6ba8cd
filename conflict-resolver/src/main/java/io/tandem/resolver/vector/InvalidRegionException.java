package io.tandem.resolver.vector;

/** A region id that does not match {@code [a-z0-9][a-z0-9-_.]{0,62}}. */
public final class InvalidRegionException extends IllegalArgumentException {

    public InvalidRegionException(String region) {
        super("invalid region id " + (region == null ? "null" : "'" + region + "'")
                + ": expected 1-63 characters of [a-z0-9-_.] starting with a letter or digit, e.g. 'us-east'."
                + " Use the region id from the region's configuration.");
    }
}
