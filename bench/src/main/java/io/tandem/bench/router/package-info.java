/** The router benchmark ({@code bench/run router}): routes/s and p99 against an empty gRPC handler. */
package io.tandem.bench.router;
