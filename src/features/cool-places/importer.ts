import { OpenDataError, inQuartier, readOpenData } from './openData.js';
import type { Dataset } from './openDataFields.js';
import { quartierArea } from './quartiers.js';
import type { CoolPlaces, ImportOutcome } from './repository.js';

export interface ImportReport extends ImportOutcome {
  dataset: Dataset;
  /** Places of the file kept for the quartier. */
  kept: number;
  /** Places of the file elsewhere in Paris. */
  outside: number;
  withoutPosition: number;
  unreadableHours: number;
}

/**
 * Imports one of the City's files into a quartier: read it whole first (a bad file changes nothing), keep the
 * quartier's places, then update the stored ones in one transaction. Throws OpenDataError with the reason.
 */
export async function importOpenData(places: CoolPlaces, quartier: string, content: string): Promise<ImportReport> {
  const area = quartierArea(quartier);
  if (!area) throw new OpenDataError('outside', { quartier });
  const file = readOpenData(content);
  const kept = inQuartier(file.places, area);
  // A file of another part of Paris would otherwise erase the quartier's imported places of that data set.
  if (!kept.length) throw new OpenDataError('outside', { quartier });
  const outcome = await places.replaceImported(quartier, file.dataset, kept);
  return {
    ...outcome,
    dataset: file.dataset,
    kept: kept.length,
    outside: file.places.length - kept.length,
    withoutPosition: file.withoutPosition,
    unreadableHours: file.unreadableHours,
  };
}
