package io.tandem.replicator.apply;

import io.tandem.replicator.event.ChangeEvent;
import io.tandem.resolver.vector.VersionVector;
import java.util.Optional;

/**
 * Refuses change events that cannot have come from the region whose topic carries them. Region X's
 * capture ships only X's own local writes (loop prevention drops everything else), and a local
 * write always advances X's entry of the row's version vector. So an event on X's topic is forged
 * (or corrupted) when it names another source region, another origin, or a vector without a
 * positive X entry. Such an event goes to the dead-letter table with the reason, never into a row.
 *
 * <p>What this cannot catch: an event shaped exactly like one of X's writes. Only the Kafka ACLs
 * that let X's daemon alone produce to X's topic prevent that (docs/security.md).
 */
final class ForgedEvents {

    private static final String HEARTBEAT_TABLE = "tandem.heartbeat";

    private ForgedEvents() {}

    /** Why {@code event}, read from {@code topicRegion}'s topic, is forged; empty when it is plausible. */
    static Optional<String> whyForged(ChangeEvent event, String topicRegion) {
        if (!event.sourceRegion().equals(topicRegion)) {
            return Optional.of("forged event: it claims source region '" + event.sourceRegion() + "' but arrived on "
                    + Topics.changes(topicRegion) + ", which only region " + topicRegion + " writes");
        }
        if (!event.origin().equals(topicRegion)) {
            return Optional.of("forged event: origin '" + event.origin() + "' on " + Topics.changes(topicRegion)
                    + "; region " + topicRegion + " ships only its own writes (origin " + topicRegion + ")");
        }
        if (event.table().equals(HEARTBEAT_TABLE)) {
            return Optional.empty(); // heartbeats carry a beat count, not a row's version vector
        }
        long own = ownCounter(event.versionVector(), topicRegion);
        if (own <= 0) {
            return Optional.of("forged event: version vector " + abbreviate(event.versionVector())
                    + " does not advance " + topicRegion + "'s own entry, as every write made in "
                    + topicRegion + " does");
        }
        return Optional.empty();
    }

    /**
     * {@code region}'s counter in the vector's JSON text; 0 when absent, -1 when the text is not a
     * vector. Reads the canonical compact form directly and parses anything else in full.
     */
    private static long ownCounter(String vectorJson, String region) {
        String needle = "\"" + region + "\":";
        int at = vectorJson.indexOf(needle);
        if (at >= 0) {
            int i = at + needle.length();
            long value = 0;
            int digits = 0;
            while (i < vectorJson.length() && Character.isDigit(vectorJson.charAt(i)) && digits < 19) {
                value = value * 10 + (vectorJson.charAt(i++) - '0');
                digits++;
            }
            if (digits > 0 && i < vectorJson.length() && (vectorJson.charAt(i) == ',' || vectorJson.charAt(i) == '}')) {
                return value;
            }
        }
        try {
            return VersionVector.parseJson(vectorJson).get(region);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
