package io.tandem.bench.router;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.tandem.router.grpc.GrpcTransport;
import io.tandem.router.grpc.v1.RouterGrpc;
import io.tandem.router.limit.ClientRateLimits;
import java.util.concurrent.TimeUnit;

/**
 * One server as the load generator sees it: {@code channels} gRPC channels (one HTTP/2 connection
 * each) on the client's own event loops, with async stubs whose callbacks run on the event loop
 * ({@code directExecutor}). Each channel sends its own client id ({@code bench-N}), as separate
 * application instances would. Calls go round-robin over the channels.
 */
final class LoadTarget implements AutoCloseable {

    private final ManagedChannel[] channels;
    private final RouterGrpc.RouterStub[] stubs;
    private final Requests requests;

    LoadTarget(int port, int channelCount, EventLoopGroup group, Requests requests) {
        this.requests = requests;
        this.channels = new ManagedChannel[channelCount];
        this.stubs = new RouterGrpc.RouterStub[channelCount];
        for (int i = 0; i < channelCount; i++) {
            channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", port)
                    .eventLoopGroup(group)
                    .channelType(GrpcTransport.epoll() ? EpollSocketChannel.class : NioSocketChannel.class)
                    .directExecutor()
                    .flowControlWindow(GrpcTransport.FLOW_CONTROL_WINDOW_BYTES)
                    .usePlaintext()
                    .build();
            Metadata id = new Metadata();
            id.put(Metadata.Key.of(ClientRateLimits.CLIENT_ID_HEADER, Metadata.ASCII_STRING_MARSHALLER), "bench-" + i);
            stubs[i] = RouterGrpc.newStub(channels[i]).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(id));
        }
    }

    /** The client's event loops: epoll when the server side has it too, else NIO. Shut down by the caller. */
    static EventLoopGroup eventLoops(int threads) {
        return new MultiThreadIoEventLoopGroup(
                threads, GrpcTransport.epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** {@code Route} calls, one route each. */
    Caller route() {
        return (seq, done) -> stub(seq).route(requests.single(seq), observer(done));
    }

    /** {@code RouteBatch} calls. */
    Caller routeBatch() {
        return (seq, done) -> stub(seq).routeBatch(requests.batch(seq), observer(done));
    }

    private RouterGrpc.RouterStub stub(long seq) {
        return stubs[(int) (seq % stubs.length)];
    }

    private static <T> StreamObserver<T> observer(Caller.Done done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {}

            @Override
            public void onError(Throwable t) {
                done.failed(t);
            }

            @Override
            public void onCompleted() {
                done.ok();
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (ManagedChannel c : channels) {
            c.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
