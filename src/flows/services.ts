import type { SupportNetwork } from '../features/network/supportNetwork.js';
import type { MairieRegistry } from '../features/network/registry.js';
import type { HeatAlerts } from '../features/heat-alerts/heatAlerts.js';
import type { AlertJobs } from '../features/heat-alerts/queue.js';
import type { RenovationMeetings } from '../features/meetings/renovationMeetings.js';
import type { MeetingJobs } from '../features/meetings/queue.js';
import type { SobrietyTips } from '../features/tips/sobrietyTips.js';
import type { TipJobs } from '../features/tips/queue.js';
import type { AuditLog } from '../storage/auditLog.js';
import type { Level } from '../features/heat-alerts/heatAlerts.js';
import type { Reply } from '../core/messages.js';
import type { FlowEnv } from './types.js';

/** The domain services flows may call when they complete. */
export interface FlowServices {
  network: SupportNetwork;
  /** REGISTRY_EXPORT: the separate consent to the mairie's registry. */
  registry: MairieRegistry;
  alerts: HeatAlerts;
  alertJobs: AlertJobs;
  checkinTimes: string[];
  meetings: RenovationMeetings;
  meetingJobs: MeetingJobs;
  /** Reminders of new meetings (MEETING_REMINDERS). */
  meetingReminders: string[];
  tips: SobrietyTips;
  tipJobs: TipJobs;
  audit: AuditLog;
  /** ALERT_APPROVAL: whether an alert waits for a second eco-manager, how many may approve, or why it need not. */
  approval: (
    quartiers: string[],
    level: Level,
    authorId: string,
  ) => Promise<{ needed: boolean; approvers: number; fastPath?: 'red' | 'alone' }>;
  /** The visit-note flow's end: a volunteer's "Besoin d'aide" with their few words (the visit log). */
  recordVisitNote: (personId: string, env: FlowEnv, checkinId: string, note: string) => Promise<Reply[]>;
  /** The faq-curate flow's end: an eco-manager's answer to questions of the inbox. */
  answerInbox: (personId: string, env: FlowEnv, questionId: string, answer: string) => Promise<Reply[]>;
}
