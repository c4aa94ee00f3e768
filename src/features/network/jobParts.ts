import type { AppContext } from '../context.js';
import type { FeatureJobParts } from '../../jobs/featureParts.js';

/** The network's part of the jobs layer: a volunteer a platform says is gone for good is nobody's volunteer. */
export function networkJobParts(ctx: Pick<AppContext, 'network'>): FeatureJobParts {
  return { unreachable: (personId) => ctx.network.unreachable(personId) };
}
