/** The HTTP/JSON twin of the gRPC API, plus {@code /healthz} and {@code /metrics} (JDK HttpServer, Jackson). */
package io.tandem.router.http;
