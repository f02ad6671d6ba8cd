package io.tandem.router.grpc;

import io.tandem.router.route.Target;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wire form of each {@link Target} seen, built once: the regions and endpoints a router answers
 * with are few and change only with the membership, while every read answer carries several. Holds
 * at most {@value #MAX_ENTRIES} entries and starts over when full, so changing endpoints cannot grow
 * it without bound. Thread-safe.
 */
final class TargetMessages {

    static final int MAX_ENTRIES = 1024;

    private final ConcurrentHashMap<Target, io.tandem.router.grpc.v1.Target> messages = new ConcurrentHashMap<>();

    io.tandem.router.grpc.v1.Target of(Target target) {
        io.tandem.router.grpc.v1.Target m = messages.get(target);
        if (m != null) {
            return m;
        }
        if (messages.size() >= MAX_ENTRIES) {
            messages.clear();
        }
        m = io.tandem.router.grpc.v1.Target.newBuilder()
                .setRegion(target.region())
                .addAllEndpoints(target.endpoints())
                .build();
        messages.put(target, m);
        return m;
    }
}
