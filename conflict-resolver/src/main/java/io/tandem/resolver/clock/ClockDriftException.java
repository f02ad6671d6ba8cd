package io.tandem.resolver.clock;

/** A received timestamp is further ahead of the local wall clock than the configured maximum. */
public final class ClockDriftException extends IllegalStateException {

    public ClockDriftException(long received, long wallMillis, long maxForwardDriftMillis) {
        super("received HLC timestamp " + Hlc.format(received) + " is "
                + (Hlc.physicalMillis(received) - wallMillis) + " ms ahead of the local wall clock (" + wallMillis
                + " ms), more than the allowed " + maxForwardDriftMillis
                + " ms. Check NTP on both regions, or raise the maximum forward drift.");
    }
}
