import type { FlowEnv } from '../flows/types.js';
import type { Person } from '../storage/people.js';
import type { Feature } from './chatFeature.js';
import type { OverviewSection } from './messages.js';

/**
 * A person's status at a glance (Slack's App Home): the intro, then each feature's parts (membership,
 * meetings, tips, the eco-manager's tools) in their order, each with the buttons that change it.
 */
export async function overviewOf(features: Feature[], person: Person, env: FlowEnv): Promise<OverviewSection[]> {
  const parts = features.flatMap((f) => f.overview ?? []).sort((a, b) => a.at - b.at);
  const sections: OverviewSection[] = [{ title: env.t('overview.intro') }];
  // One after the other, in order: a handful of reads, no need to load the database in parallel.
  for (const part of parts) {
    const section = await part.section(person, env);
    if (section) sections.push(section);
  }
  return sections;
}
