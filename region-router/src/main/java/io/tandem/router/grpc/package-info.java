/** The gRPC face of the router ({@code tandem.router.v1.Router}) and the standard health service. */
package io.tandem.router.grpc;
