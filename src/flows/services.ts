import type { SupportNetwork } from '../domain/supportNetwork.js';

/** The domain services flows may call when they complete. */
export interface FlowServices {
  network: SupportNetwork;
}
