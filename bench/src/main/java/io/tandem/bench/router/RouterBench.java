package io.tandem.bench.router;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.tandem.controller.MonotonicClock;
import io.tandem.controller.ZkPaths;
import io.tandem.router.RegionRouter;
import io.tandem.router.RouterConfig;
import io.tandem.router.grpc.v1.Intent;
import io.tandem.router.grpc.v1.RouteReply;
import io.tandem.router.grpc.v1.RouteRequest;
import io.tandem.router.grpc.v1.RouterGrpc;
import io.tandem.router.map.FixedRoutingMap;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives N concurrent gRPC clients (blocking stubs, shared over a few channels) against a router on
 * loopback serving an in-memory map and, in alternating slices of the same length, against an empty
 * handler of the same service on the same transport (it returns a constant reply) as the baseline. Prints one line {@code bench=router routes_per_s=.. p99_ms=.. baseline_per_s=.. ratio=..}.
 *
 * <p>Arguments: {@code [clients=16] [seconds=10] [warmupSeconds=3] [channels=4]}.
 */
public final class RouterBench {

    private RouterBench() {}

    private static final int SLICES = 5;

    /** Throughput and latency samples (ns, sorted) of one measured slice. */
    record Result(double perSecond, long[] sortedNanos) {

        static Result merge(List<Result> slices) {
            double perSecond =
                    slices.stream().mapToDouble(Result::perSecond).average().orElse(0);
            long[] all = slices.stream()
                    .flatMapToLong(r -> Arrays.stream(r.sortedNanos()))
                    .sorted()
                    .toArray();
            return new Result(perSecond, all);
        }

        double p50Ms() {
            return quantileMs(0.50);
        }

        double p99Ms() {
            return quantileMs(0.99);
        }

        private double quantileMs(double q) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            return sortedNanos[Math.min(sortedNanos.length - 1, (int) (sortedNanos.length * q))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int channels = args.length > 3 ? Integer.parseInt(args[3]) : 4;

        RouterConfig config = new RouterConfig(
                "bench",
                "127.0.0.1",
                0,
                -1,
                1,
                0,
                "127.0.0.1:1",
                ZkPaths.forCluster("bench"),
                Duration.ofSeconds(10),
                BenchMap.config());
        // Both servers run for the whole benchmark and are measured in alternating slices, so that
        // background load on a shared machine hits router and baseline alike.
        RegionRouter router = new RegionRouter(config, new FixedRoutingMap(BenchMap.map()), MonotonicClock.system());
        router.start();
        Server empty = emptyServer();
        List<Result> routedSlices = new ArrayList<>();
        List<Result> baselineSlices = new ArrayList<>();
        try {
            drive("router-warmup", router.grpcPort(), clients, channels, 0, warmup);
            drive("baseline-warmup", empty.getPort(), clients, channels, 0, warmup);
            int slice = Math.max(1, seconds / SLICES);
            for (int i = 0; i < SLICES; i++) {
                routedSlices.add(drive("router", router.grpcPort(), clients, channels, 0, slice));
                baselineSlices.add(drive("baseline", empty.getPort(), clients, channels, 0, slice));
            }
        } finally {
            router.close();
            empty.shutdownNow();
        }
        Result routed = Result.merge(routedSlices);
        Result baseline = Result.merge(baselineSlices);
        System.out.printf(
                "# router: %.0f routes/s p50 %.3f ms p99 %.3f ms; empty handler: %.0f calls/s p50 %.3f ms p99 %.3f ms"
                        + " (%d clients, %d channels, %d s, %d cores)%n",
                routed.perSecond(),
                routed.p50Ms(),
                routed.p99Ms(),
                baseline.perSecond(),
                baseline.p50Ms(),
                baseline.p99Ms(),
                clients,
                channels,
                seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                "bench=router routes_per_s=%.0f p99_ms=%.3f baseline_per_s=%.0f ratio=%.2f%n",
                routed.perSecond(), routed.p99Ms(), baseline.perSecond(), routed.perSecond() / baseline.perSecond());
    }

    private static Server emptyServer() throws IOException {
        RouteReply constant = RouteReply.newBuilder()
                .setRegion("us-east")
                .setEpoch(1)
                .setGroup("orders-0")
                .build();
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .directExecutor()
                .addService(new RouterGrpc.RouterImplBase() {
                    @Override
                    public void route(RouteRequest request, StreamObserver<RouteReply> response) {
                        response.onNext(constant);
                        response.onCompleted();
                    }
                })
                .build()
                .start();
    }

    private static Result drive(String name, int port, int clients, int channelCount, int warmup, int seconds)
            throws InterruptedException {
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < channelCount; i++) {
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port)
                    .usePlaintext()
                    .build());
        }
        try {
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
            long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
            long[][] samples = new long[clients][];
            int[] counts = new int[clients];
            CountDownLatch done = new CountDownLatch(clients);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                RouterGrpc.RouterBlockingStub stub = RouterGrpc.newBlockingStub(channels.get(c % channelCount));
                Thread t = new Thread(
                        () -> {
                            try {
                                long[] lat = new long[1 << 16];
                                int n = 0;
                                String region = BenchMap.REGIONS.get(id % BenchMap.REGIONS.size());
                                for (long i = 0; ; i++) {
                                    RouteRequest req = RouteRequest.newBuilder()
                                            .setTable("orders")
                                            .setKey("order-" + id + "-" + i)
                                            .setIntent((i & 3) == 0 ? Intent.WRITE : Intent.READ)
                                            .setClientRegion(region)
                                            .build();
                                    long start = System.nanoTime();
                                    stub.route(req);
                                    long now = System.nanoTime();
                                    if (now >= end) {
                                        break;
                                    }
                                    if (start >= warmEnd) {
                                        if (n == lat.length) {
                                            lat = Arrays.copyOf(lat, n * 2);
                                        }
                                        lat[n++] = now - start;
                                    }
                                }
                                samples[id] = lat;
                                counts[id] = n;
                            } finally {
                                done.countDown();
                            }
                        },
                        name + "-client-" + c);
                t.start();
                threads.add(t);
            }
            done.await();
            int total = Arrays.stream(counts).sum();
            long[] all = new long[total];
            int at = 0;
            for (int c = 0; c < clients; c++) {
                if (samples[c] != null) {
                    System.arraycopy(samples[c], 0, all, at, counts[c]);
                    at += counts[c];
                }
            }
            long[] sorted = Arrays.copyOf(all, at);
            Arrays.sort(sorted);
            return new Result(at / (double) seconds, sorted);
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }
}
