/**
 * Unplanned failover: small deciders, each returning a {@link io.tandem.controller.decision.Decision},
 * decide whether and where each group of a vanished owner moves. The runtime applies the moves.
 */
package io.tandem.controller.failover;
