package io.tandem.bench.router;

/** Starts one asynchronous call; numbered so that callers can pick a request and a channel. */
@FunctionalInterface
interface Caller {

    /** Starts call {@code seq}; exactly one of {@code done}'s methods runs when it ends. */
    void call(long seq, Done done);

    /** The end of one call. */
    interface Done {
        void ok();

        void failed(Throwable t);
    }
}
