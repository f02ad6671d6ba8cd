package io.tandem.resolver.codec;

/**
 * Thrown when a text or binary encoding of a Tandem value cannot be decoded. The message names the
 * offending fragment, the position, what was expected there, and what to do.
 */
public final class MalformedEncodingException extends IllegalArgumentException {

    public MalformedEncodingException(String what, String input, int position, String expected) {
        super(what + ": malformed input at position " + position + " near '" + fragment(input, position)
                + "': expected " + expected
                + ". Fix the stored value (it must be written by Tandem's encoder or trigger) or re-initialise"
                + " the row's metadata with 'tandem repair'.");
    }

    public MalformedEncodingException(String message) {
        super(message);
    }

    static String fragment(String input, int position) {
        if (input == null) {
            return "<null>";
        }
        int from = Math.max(0, position - 10);
        int to = Math.min(input.length(), position + 20);
        return input.substring(from, to);
    }
}
