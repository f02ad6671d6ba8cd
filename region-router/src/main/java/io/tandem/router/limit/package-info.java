/** Per-client request rate limits (Resilience4j RateLimiter keyed by client id). */
package io.tandem.router.limit;
