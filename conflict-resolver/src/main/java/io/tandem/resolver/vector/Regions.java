package io.tandem.resolver.vector;

/**
 * Region ids: 1-63 characters of {@code [a-z0-9-_.]} starting with a letter or digit, i.e. the pattern
 * {@code [a-z0-9][a-z0-9-_.]{0,62}}. Checked by hand (not by regex) because it sits on the merge path.
 */
public final class Regions {

    private Regions() {}

    /** Returns the id if it is valid, else throws {@link InvalidRegionException} saying what is allowed. */
    public static String require(String region) {
        if (!isValid(region)) {
            throw new InvalidRegionException(region);
        }
        return region;
    }

    public static boolean isValid(String region) {
        if (region == null || region.isEmpty() || region.length() > 63 || !isLowerAlnum(region.charAt(0))) {
            return false;
        }
        for (int i = 1; i < region.length(); i++) {
            char c = region.charAt(i);
            if (!isLowerAlnum(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
