/** Version vectors, hybrid logical clocks and convergent conflict resolution. */
package io.tandem.resolver;
