package io.tandem.bench.router;

import io.tandem.router.grpc.v1.Intent;
import io.tandem.router.grpc.v1.RouteBatchRequest;
import io.tandem.router.grpc.v1.RouteRequest;

/**
 * The requests the load generator sends, built once so that building them does not compete with the
 * server for the CPU: table {@code orders}, distinct keys, one write in four, client regions in turn.
 * The server still parses and answers every one.
 */
final class Requests {

    private static final int SINGLES = 1 << 16;
    private static final int BATCHES = 64;

    private final RouteRequest[] singles = new RouteRequest[SINGLES];
    private final RouteBatchRequest[] batches = new RouteBatchRequest[BATCHES];

    Requests(int batchSize) {
        for (int i = 0; i < SINGLES; i++) {
            singles[i] = RouteRequest.newBuilder()
                    .setTable("orders")
                    .setKey("order-" + i)
                    .setIntent((i & 3) == 0 ? Intent.WRITE : Intent.READ)
                    .setClientRegion(BenchMap.REGIONS.get(i % BenchMap.REGIONS.size()))
                    .build();
        }
        for (int b = 0; b < BATCHES; b++) {
            RouteBatchRequest.Builder batch = RouteBatchRequest.newBuilder();
            for (int i = 0; i < batchSize; i++) {
                batch.addRequests(singles[(b * batchSize + i) % SINGLES]);
            }
            batches[b] = batch.build();
        }
    }

    RouteRequest single(long seq) {
        return singles[(int) (seq & (SINGLES - 1))];
    }

    RouteBatchRequest batch(long seq) {
        return batches[(int) (seq % BATCHES)];
    }
}
