package io.tandem.resolver.vector;

import java.util.regex.Pattern;

/** Region ids: 1-63 characters, lower-case letters, digits, '-', '_' and '.', starting with a letter or digit. */
public final class Regions {

    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9\\-_.]{0,62}");

    private Regions() {}

    /** Returns the id if it is valid, else throws {@link InvalidRegionException} saying what is allowed. */
    public static String require(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new InvalidRegionException(region);
        }
        return region;
    }

    public static boolean isValid(String region) {
        return region != null && REGION.matcher(region).matches();
    }
}
