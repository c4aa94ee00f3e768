import type { FlowDefinition } from './types.js';
import type { FlowServices } from './services.js';
import { leaveNetworkFlow, networkSignupFlow } from '../features/network/signupFlow.js';
import { heatAlertFlow } from '../features/heat-alerts/alertFlow.js';
import { meetingCreateFlow, meetingFollowupFlow, meetingMoveFlow } from '../features/meetings/meetingFlows.js';
import { tipsSubscribeFlow } from '../features/tips/subscribeFlow.js';
import { alertRefusalFlow } from '../features/heat-alerts/approvalDesk.js';
import { visitNoteFlow } from '../features/heat-alerts/visitDesk.js';
import { faqCurateFlow } from '../features/faq/questionDesk.js';

/** Every flow the core can run. To add one: write it in its feature's folder and list it here. */
export const ALL_FLOWS: FlowDefinition<FlowServices>[] = [
  networkSignupFlow,
  leaveNetworkFlow,
  heatAlertFlow,
  meetingCreateFlow,
  meetingMoveFlow,
  meetingFollowupFlow,
  tipsSubscribeFlow,
  alertRefusalFlow,
  visitNoteFlow,
  faqCurateFlow,
];
