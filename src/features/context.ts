import type { CoreContext } from '../context.js';
import type { SupportNetwork } from './network/supportNetwork.js';
import type { MairieRegistry } from './network/registry.js';
import type { VolunteerMatching } from './network/volunteerMatching.js';
import type { HeatAlerts } from './heat-alerts/heatAlerts.js';
import type { Checkins } from './heat-alerts/checkins.js';
import type { VisitLog } from './heat-alerts/visitLog.js';
import type { AlertJobs } from './heat-alerts/queue.js';
import type { QuestionInbox } from './faq/questionInbox.js';
import type { RenovationMeetings } from './meetings/renovationMeetings.js';
import type { MeetingJobs } from './meetings/queue.js';
import type { SobrietyTips } from './tips/sobrietyTips.js';
import type { TipJobs } from './tips/queue.js';

/**
 * The context the features are given: the core's (src/context.ts) and the repositories and producers of the
 * features that other features read (a heat alert reaches the network's members, a meeting invites the same
 * audiences, /quitter stops the tips). Built by src/app.ts; a composition file, like src/features/index.ts:
 * the shared layers never see it. A new feature keeps its services in its folder (cool places: `depsOf`).
 */
export interface AppContext extends Omit<CoreContext, 'queues'> {
  network: SupportNetwork;
  registry: MairieRegistry;
  matching: VolunteerMatching;
  alerts: HeatAlerts;
  checkins: Checkins;
  visits: VisitLog;
  inbox: QuestionInbox;
  meetings: RenovationMeetings;
  tips: SobrietyTips;
  /** Producers (the workers are started by main for the worker role). */
  queues: CoreContext['queues'] & { alerts: AlertJobs; meetings: MeetingJobs; tips: TipJobs };
}
