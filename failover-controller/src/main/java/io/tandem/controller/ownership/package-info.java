/** The ownership map: owner region, epoch and state per shard group, written by compare-and-set. */
package io.tandem.controller.ownership;
