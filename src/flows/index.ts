import type { FlowDefinition } from './types.js';
import type { FlowServices } from './services.js';
import { leaveNetworkFlow, networkSignupFlow } from './networkSignup.js';
import { heatAlertFlow } from './heatAlert.js';
import { meetingCreateFlow, meetingFollowupFlow, meetingMoveFlow } from './renovationMeeting.js';
import { tipsSubscribeFlow } from './sobrietyTips.js';

/** Every flow the core can run. To add one: write src/flows/<name>.ts and list it here. */
export const ALL_FLOWS: FlowDefinition<FlowServices>[] = [
  networkSignupFlow,
  leaveNetworkFlow,
  heatAlertFlow,
  meetingCreateFlow,
  meetingMoveFlow,
  meetingFollowupFlow,
  tipsSubscribeFlow,
];
