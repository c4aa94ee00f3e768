import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import type { FlowEnv } from '../../flows/types.js';
import type { Person } from '../../storage/people.js';
import { personLabel } from '../../domain/address.js';
import { heatAlertButtons } from './buttons.js';

/** People per /binomes page: their lines stay far under Telegram's 4,096 characters. */
const PAIRS_PER_PAGE = 15;
/** Slack cuts button labels at 75 characters. */
const LABEL_MAX = 70;

type PairsDeps = Pick<AppContext, 'db' | 'matching'>;

/** The members of a role in a quartier, with the name they gave, by address. */
export function membersOf(db: PairsDeps['db'], quartier: string, role: string) {
  return db
    .selectFrom('network_members')
    .select(['person_id as personId', 'address', 'display_name as name'])
    .where('quartier', '=', quartier)
    .where('role', '=', role)
    .orderBy('address')
    .execute();
}

const cut = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);

/**
 * /binomes for eco-managers: who is paired with whom in their quartiers, by name, the uncovered first, a page at
 * a time; *Changer* only where a volunteer could be chosen (not in a quartier that has none).
 */
export async function managerPairs(deps: PairsDeps, env: FlowEnv, page: number): Promise<Reply[]> {
  const everyone = [];
  for (const quartier of env.managedQuartiers) {
    const pairs = await deps.matching.list(quartier);
    const volunteers = await membersOf(deps.db, quartier, 'volunteer');
    for (const s of await membersOf(deps.db, quartier, 'supported')) {
      everyone.push({ ...s, mine: pairs.filter((p) => p.supportedId === s.personId), choosable: volunteers.length });
    }
  }
  if (!everyone.length) return [{ text: env.t('pairs.none') }];
  everyone.sort((a, b) => Number(a.mine.length > 0) - Number(b.mine.length > 0)); // stable: by address within
  const pages = Math.ceil(everyone.length / PAIRS_PER_PAGE);
  const current = Math.min(Math.max(0, page), pages - 1);
  const lines: string[] = [];
  const options: NonNullable<Reply['options']> = [];
  for (const s of everyone.slice(current * PAIRS_PER_PAGE, (current + 1) * PAIRS_PER_PAGE)) {
    const who = personLabel(s);
    const reason = (p: (typeof s.mine)[number]) => env.t(`pairs.reason.${p.reason}`);
    const volunteers = s.mine
      .map((p) => `${personLabel({ name: p.volunteerName, address: p.volunteerAddress })} (${reason(p)})`)
      .join(', ');
    lines.push(
      volunteers ? env.t('pairs.line', { address: who, volunteers }) : env.t('pairs.uncovered', { address: who }),
    );
    if (s.choosable > 0) {
      options.push({
        value: heatAlertButtons.choosePair.encode({ supportedId: s.personId }),
        label: cut(env.t('pairs.change', { address: who })),
      });
    }
  }
  if (current + 1 < pages)
    options.push({
      value: heatAlertButtons.pairsPage.encode({ page: String(current + 1) }),
      label: env.t('pairs.next'),
    });
  const header =
    pages > 1 ? `${env.t('pairs.title')} (${env.t('pairs.page', { page: current + 1, pages })})` : env.t('pairs.title');
  return [{ text: `${header}\n\n${lines.join('\n')}`, ...(options.length ? { options } : {}) }];
}

/** /binomes for a volunteer: the people they watch over, by the name they gave — nothing more until needed. */
export async function volunteerPairs(deps: PairsDeps, person: Person, env: FlowEnv): Promise<Reply[]> {
  const mine = await deps.matching.supportedBy(person.id);
  if (!mine.length) return [{ text: env.t('pairs.mineNone') }];
  const lines = mine.map((p) => `• ${p.name ?? env.t('pairs.unnamed')} (${env.t(`pairs.reason.${p.reason}`)})`);
  return [{ text: `${env.t('pairs.mine')}\n\n${lines.join('\n')}\n\n${env.t('pairs.mineNote')}` }];
}
