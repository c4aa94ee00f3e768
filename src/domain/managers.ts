import type { EcoManagerConfig } from '../config.js';
import type { Language } from '../i18n/translator.js';
import type { PeopleDirectory, Person } from '../storage/people.js';

/**
 * The eco-managers of ECO_MANAGERS as people of the product, to be written to: one who never wrote to the bot
 * is created here, so an escalation or a report reaches them all the same.
 */
export async function managersAsPeople(
  deps: { people: Pick<PeopleDirectory, 'findOrCreate'>; config: { defaultLanguage: Language } },
  entries: EcoManagerConfig[],
): Promise<Person[]> {
  const out: Person[] = [];
  for (const m of entries)
    out.push(await deps.people.findOrCreate(m.channel, m.userId, m.userId, deps.config.defaultLanguage));
  return out;
}
