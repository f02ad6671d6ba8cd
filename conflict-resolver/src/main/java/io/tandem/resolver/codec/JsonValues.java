package io.tandem.resolver.codec;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The column values Tandem carries are JSON scalars in one canonical Java form each, so that a value
 * survives a JSON round trip unchanged: {@link String}, {@link Long} (every integral number that fits),
 * {@link BigDecimal} (fractions, and integers beyond the long range), {@link Boolean}, and null.
 */
public final class JsonValues {

    private JsonValues() {}

    /**
     * Returns the canonical form of a scalar column value.
     *
     * @param column the column name, for the error message
     * @throws IllegalArgumentException if the value is not a finite JSON scalar
     */
    public static Object canonical(String column, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("column '" + column + "': value " + value
                        + " is not a finite number; JSON cannot carry it. Store NaN/Infinity as a string or null.");
            }
            return canonicalDecimal(BigDecimal.valueOf(d));
        }
        if (value instanceof BigInteger bi) {
            return canonicalDecimal(new BigDecimal(bi));
        }
        if (value instanceof BigDecimal bd) {
            return canonicalDecimal(bd);
        }
        throw new IllegalArgumentException("column '" + column + "': value of type "
                + value.getClass().getName()
                + " is not a JSON scalar; expected String, Long, Double/BigDecimal, Boolean or null."
                + " Convert it (e.g. timestamps to ISO-8601 strings) before handing it to the resolver.");
    }

    /** Integral decimals with no fraction digits become Long when they fit, as the parser reads them. */
    static Object canonicalDecimal(BigDecimal d) {
        if (d.scale() <= 0) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException tooBig) {
                return new BigDecimal(d.toBigIntegerExact());
            }
        }
        return d;
    }
}
