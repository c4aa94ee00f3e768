import type { SupportNetwork } from '../domain/supportNetwork.js';
import type { HeatAlerts } from '../domain/heatAlerts.js';
import type { AlertJobs } from '../jobs/heatAlertQueue.js';
import type { RenovationMeetings } from '../domain/renovationMeetings.js';
import type { MeetingJobs } from '../jobs/meetingQueue.js';
import type { SobrietyTips } from '../domain/sobrietyTips.js';
import type { TipJobs } from '../jobs/tipQueue.js';

/** The domain services flows may call when they complete. */
export interface FlowServices {
  network: SupportNetwork;
  alerts: HeatAlerts;
  alertJobs: AlertJobs;
  checkinTimes: string[];
  meetings: RenovationMeetings;
  meetingJobs: MeetingJobs;
  /** Reminders of new meetings (MEETING_REMINDERS). */
  meetingReminders: string[];
  tips: SobrietyTips;
  tipJobs: TipJobs;
}
