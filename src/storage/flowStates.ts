import type { Db } from './database.js';
import type { FlowStatesTable } from './schema.js';
import type { Answers, FlowState } from '../flows/types.js';
import { preparedQuery } from './preparedQuery.js';
import { insertByColumns, keyIn, onConflictUpdate, runTogether, writeTogether } from './together.js';

interface StoredAnswers {
  answers: Answers;
  previous?: Answers;
  locked?: string[];
}

export interface StoredFlowState extends FlowState {
  /** Steps pre-answered at start (e.g. the quartier from a QR-code deep link): never asked, not /retour-able. */
  locked: string[];
}

/** Flow state lives in the database so any bot process can take the next message, and a restart loses nothing. */
export class FlowStateStore {
  /**
   * Written at nearly every step of a flow: compiled once (preparedQuery), and on PostgreSQL one statement for the
   * updates handled together (writeTogether).
   */
  private readonly upsert: (v: FlowStatesTable) => Promise<void>;
  /** A flow ended (each signup's last step): on PostgreSQL one statement for the updates handled together. */
  private readonly remove: (personId: string) => Promise<void>;

  constructor(private readonly db: Db) {
    this.remove = runTogether(db, (ids) => db.deleteFrom('flow_states').where('person_id', '=', keyIn(ids)).execute());
    const one = preparedQuery(db, (v: FlowStatesTable) => {
      const changed = { flow_id: v.flow_id, step_id: v.step_id, answers: v.answers, history: v.history };
      return db
        .insertInto('flow_states')
        .values({ person_id: v.person_id, ...changed, updated_at: v.updated_at })
        .onConflict((oc) => oc.column('person_id').doUpdateSet({ ...changed, updated_at: v.updated_at }));
    });
    const columns = ['person_id', 'flow_id', 'step_id', 'answers', 'history', 'updated_at'] as const;
    this.upsert = writeTogether(
      db,
      one,
      insertByColumns<FlowStatesTable>(db, 'flow_states', columns, onConflictUpdate('person_id', columns.slice(1))),
      (row) => row.person_id,
    );
  }

  async get(personId: string): Promise<StoredFlowState | undefined> {
    const row = await this.db
      .selectFrom('flow_states')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row && flowStateOf(row);
  }

  async save(state: StoredFlowState): Promise<void> {
    await this.upsert({
      person_id: state.personId,
      flow_id: state.flowId,
      step_id: state.stepId,
      answers: JSON.stringify({
        answers: state.answers,
        previous: state.previous,
        locked: state.locked,
      } satisfies StoredAnswers),
      history: JSON.stringify(state.history),
      updated_at: state.updatedAt.toISOString(),
    });
  }

  async delete(personId: string): Promise<void> {
    await this.remove(personId);
  }

  /** Drops flows untouched since `before`; returns how many. */
  async deleteStale(before: Date): Promise<number> {
    const res = await this.db
      .deleteFrom('flow_states')
      .where('updated_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}

/** A flow_states row as the engine uses it (also read joined with the person, see PeopleDirectory). */
export function flowStateOf(row: FlowStatesTable): StoredFlowState {
  const stored = JSON.parse(row.answers) as StoredAnswers;
  return {
    personId: row.person_id,
    flowId: row.flow_id,
    stepId: row.step_id,
    answers: stored.answers,
    previous: stored.previous,
    locked: stored.locked ?? [],
    history: JSON.parse(row.history) as string[],
    updatedAt: new Date(row.updated_at),
  };
}
