package io.tandem.replicator.event;

import java.util.Locale;

/**
 * The wire format capture writes change events in. Appliers read both, so a cluster moves from one to
 * the other without a stop: during a rolling upgrade from a release that reads only {@link #JSON},
 * every region writes JSON until all run a release that reads {@link #PROTOBUF}, then switches.
 */
public enum EventFormat {
    /** Format 1: UTF-8 JSON, what every release reads. */
    JSON {
        @Override
        byte[] encode(ChangeEventCodec codec, ChangeEvent event) {
            return codec.encodeJson(event);
        }
    },
    /** Format 2: protobuf, about a tenth of capture's and the applier's CPU per row cheaper (the default). */
    PROTOBUF {
        @Override
        byte[] encode(ChangeEventCodec codec, ChangeEvent event) {
            return codec.encode(event);
        }
    };

    abstract byte[] encode(ChangeEventCodec codec, ChangeEvent event);

    /** The setting's spelling ({@code json} or {@code protobuf}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static EventFormat parse(String text) {
        for (EventFormat f : values()) {
            if (f.key().equals(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException("event format '" + text + "' is not one of json, protobuf");
    }
}
