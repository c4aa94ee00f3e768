import type { EcoManagerConfig } from '../config.js';

/** The one quartier an eco-manager manages, when there is just one: no question whose only answer is obvious. */
export function soleQuartier(managedQuartiers: string[]): string | undefined {
  return managedQuartiers.length === 1 ? managedQuartiers[0] : undefined;
}

/** Who is an eco-manager, for which quartiers (from ECO_MANAGERS). Everyone else is a resident. */
export class EcoManagers {
  constructor(private readonly entries: EcoManagerConfig[]) {}

  quartiersOf(channel: string, userId: string): string[] {
    return this.entries.filter((e) => e.channel === channel && e.userId === userId).flatMap((e) => e.quartiers);
  }

  isEcoManager(channel: string, userId: string): boolean {
    return this.quartiersOf(channel, userId).length > 0;
  }

  /** The eco-managers to warn about a quartier. */
  for(quartier: string): EcoManagerConfig[] {
    return this.entries.filter((e) => e.quartiers.includes(quartier));
  }
}
