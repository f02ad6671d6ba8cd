package io.tandem.router.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.tandem.controller.access.ClientTls;
import java.util.Optional;

/**
 * gRPC channels from an application to its router, for a {@link GrpcRouteSource}: plain text, TLS
 * checking the router's certificate against a CA, or mutual TLS presenting the application's own
 * certificate ({@link ClientTls}: PEM files, key unencrypted PKCS#8). The files are read when the
 * channel is opened; the caller shuts the channel down.
 */
public final class RouterChannels {
    private RouterChannels() {}

    /**
     * A channel to {@code host:port}, over TLS when {@code tls} is present.
     *
     * @throws IllegalArgumentException naming the file when a certificate or key cannot be read
     */
    public static ManagedChannel open(String host, int port, Optional<ClientTls> tls) {
        return Grpc.newChannelBuilderForAddress(host, port, credentials(tls)).build();
    }

    static ChannelCredentials credentials(Optional<ClientTls> tls) {
        if (tls.isEmpty()) {
            return InsecureChannelCredentials.create();
        }
        ClientTls t = tls.get();
        TlsChannelCredentials.Builder builder =
                TlsChannelCredentials.newBuilder().trustManager(t.trustManagers());
        if (t.certificate().isPresent()) {
            builder.keyManager(t.keyManagers());
        }
        return builder.build();
    }
}
