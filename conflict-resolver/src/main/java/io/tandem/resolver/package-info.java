/**
 * Version vectors, hybrid logical clocks and convergent conflict resolution.
 *
 * <h2>Model</h2>
 *
 * A row's replicated state is a {@link io.tandem.resolver.row.RowMeta}: the causally maximal writes
 * ("siblings", each identified by its dot {@code (origin, vv[origin])}), per-column last-writer-wins
 * cells for column-merge columns, and per-region PN-counter contributions for counter columns. Its
 * merge is a join, so regions converge whatever the delivery order. A
 * {@link io.tandem.resolver.policy.TablePolicy} presents the state as a
 * {@link io.tandem.resolver.row.RowVersion}; {@link io.tandem.resolver.Resolver#resolve} decides skip,
 * apply or merge (with a {@link io.tandem.resolver.ConflictRecord}).
 *
 * <h2>Stored form in PostgreSQL</h2>
 *
 * <ul>
 *   <li>version vector: {@code jsonb}, e.g. {@code {"eu-west":1,"us-east":3}} (canonical: keys sorted,
 *       no zero entries; any key order accepted on input);
 *   <li>HLC and origin of the winning write: {@code bigint} ({@code millis << 16 | logical}) and
 *       {@code text};
 *   <li>metadata: {@code jsonb}, see {@link io.tandem.resolver.row.RowMetaJson}.
 * </ul>
 *
 * <h2>What a trigger does for a local write in region {@code R}</h2>
 *
 * (The Java twin is {@link io.tandem.resolver.LocalWrites}.)
 *
 * <ol>
 *   <li>{@code hlc := greatest(now_ms << 16, region_clock + 1, meta_max_hlc + 1)}, where
 *       {@code meta_max_hlc} is the greatest {@code hlc} in the row's siblings and cells;
 *   <li>{@code vv := vv || {R: vv[R] + 1}}; the write's dot is {@code (R, vv[R])};
 *   <li>{@code siblings := [{deleted, hlc, origin: R, values: row image of row-winner columns, vv}]} — the
 *       new write has seen every old sibling, so it replaces them all;
 *   <li>for each column-merge column whose value changed (every one on insert):
 *       {@code cells[c] := {hlc, origin: R, value}};
 *   <li>for each counter column: {@code delta := NEW.c - current sum}; add it to
 *       {@code counters[c][R].inc} if positive, else {@code -delta} to {@code counters[c][R].dec};
 *   <li>{@code meta.vv := vv}; set the row's {@code hlc} and {@code origin} columns to this write's.
 * </ol>
 *
 * The applier never runs these steps for remote versions: it stores what {@code resolve} returns.
 */
package io.tandem.resolver;
