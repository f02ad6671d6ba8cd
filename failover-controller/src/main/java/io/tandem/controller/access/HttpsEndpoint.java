package io.tandem.controller.access;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The JDK's HTTPS server set up from {@link TlsSettings}: one place for the router's and the daemon's HTTP endpoints. */
public final class HttpsEndpoint {

    private HttpsEndpoint() {}

    /**
     * An unstarted HTTPS server bound to {@code address}, presenting {@code tls}'s certificate and,
     * per its client-auth mode, requiring client certificates signed by its CA.
     */
    public static HttpsServer create(InetSocketAddress address, int backlog, TlsSettings tls) throws IOException {
        SSLContext context = tls.sslContext();
        HttpsServer server = HttpsServer.create(address, backlog);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                tls.clientAuth().applyTo(parameters);
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }
}
