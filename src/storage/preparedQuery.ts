import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Db } from './database.js';

type Slot = { value: string } | { constant: unknown };

/** A value stand-in no real value can equal (a NUL byte never reaches the database from people's input). */
const marker = (name: string) => `\u0000relais-value:${name}\u0000`;

/**
 * A query of fixed shape, built and compiled by Kysely once, then only bound and run. Kysely builds its tree and
 * compiles it to SQL at every execution: on the paths every update takes (the person and their flow, the flow
 * saved, the update closed) that was a tenth of an update's CPU. `build` is given a stand-in for each named
 * value, and each must end up a parameter as it is — no `in (…)` list whose length varies, no value folded into
 * the SQL — which is checked when it is first compiled (an error then, never a wrong query).
 */
export function preparedQuery<V extends object, R>(
  db: Db,
  build: (values: V) => Compilable<R>,
): (values: V) => Promise<QueryResult<R>> {
  let compiled: { sql: string; slots: Slot[] } | undefined;
  const compile = () => {
    const names = new Set<string>();
    // Values are read by name (v.personId): spreading or listing the stand-ins (`...v`) would find none.
    const standIns = new Proxy({} as V, {
      ownKeys: () => {
        throw new Error('preparedQuery: name each value (v.x), do not spread or list them');
      },
      get: (_target, name) => {
        names.add(String(name));
        return marker(String(name));
      },
    });
    const query = build(standIns).compile();
    const slots: Slot[] = query.parameters.map((p) => {
      const name = [...names].find((n) => p === marker(n));
      return name === undefined ? { constant: p } : { value: name };
    });
    const bound = new Set(slots.flatMap((s) => ('value' in s ? [s.value] : [])));
    const lost = [...names].filter((n) => !bound.has(n) || query.sql.includes(marker(n)));
    if (lost.length) throw new Error(`preparedQuery: ${lost.join(', ')} not bound as parameters in: ${query.sql}`);
    return { sql: query.sql, slots };
  };
  return (values) => {
    compiled ??= compile();
    const given = values as Record<string, unknown>;
    const parameters = compiled.slots.map((s) => ('value' in s ? given[s.value] : s.constant));
    return db.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>);
  };
}
