package io.tandem.controller;

import java.util.regex.Pattern;

/** Validation of the names that become ZooKeeper node names and SQL values. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    private Names() {}

    /**
     * Returns {@code value} if it is a valid region or group name.
     *
     * @throws IllegalArgumentException naming the field and the accepted form
     */
    public static String require(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " '" + value
                            + "' is not a valid name: use 1-63 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
        }
        return value;
    }
}
