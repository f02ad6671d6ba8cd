package io.tandem.controller.fence;

/** A fencing operation on the region's database failed; the message says which and why. */
public final class FenceException extends RuntimeException {

    public FenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
