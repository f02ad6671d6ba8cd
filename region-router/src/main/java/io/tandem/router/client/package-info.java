/**
 * The Java client: {@link io.tandem.router.client.RouterClient} caches routes per (group, intent),
 * honours epochs, refreshes on a fencing error (SQLSTATE TD001) and retries on the next healthy
 * region through Resilience4j Retry and per-region CircuitBreakers.
 */
package io.tandem.router.client;
