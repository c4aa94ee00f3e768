import type { FeatureModule } from '../feature.js';
import { meetings } from './commands.js';
import { meetingCreateFlow, meetingFollowupFlow, meetingMoveFlow } from './meetingFlows.js';
import { meetingTexts } from './texts.js';
import { createMeetingWorker } from './worker.js';
import { meetingsPage } from './console.js';
import { meetingJobParts } from './jobParts.js';

/** Rénovation meetings: their commands and buttons, and their flows (announce, move, follow-up). */
export const meetingsModule: FeatureModule = {
  id: 'meetings',
  create: meetings,
  flows: (ctx) => {
    const deps = { meetings: ctx.meetings, meetingJobs: ctx.queues.meetings };
    return [
      meetingCreateFlow({ ...deps, reminders: ctx.config.meetingReminders }),
      meetingMoveFlow(deps),
      meetingFollowupFlow(deps),
    ];
  },
  deliveryTexts: [meetingTexts],
  workers: [createMeetingWorker],
  consolePages: [meetingsPage],
  jobs: meetingJobParts,
};
