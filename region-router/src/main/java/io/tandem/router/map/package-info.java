/**
 * The routing map kept in memory: {@link io.tandem.router.map.ZkRoutingMap} follows the ownership and
 * membership nodes through Curator caches and swaps an immutable snapshot on every change.
 */
package io.tandem.router.map;
