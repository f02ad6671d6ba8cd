package io.tandem.resolver.simulation;

import io.tandem.resolver.row.RowVersion;

/** A row version on its way to a region. */
record Message(int target, String row, RowVersion version) {}
