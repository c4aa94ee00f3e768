/**
 * Imports that break the layer rules today, recorded so that the rules pass now and refuse any new one.
 * Known, to remove: issue 25's feature contract moves each into its feature's folder (or into src/domain/ for
 * what several features share). Delete a line when its import goes; never add one to silence the check.
 * Keys are importing files; values, the feature files (under src/features/, without .ts) each may still import.
 */
const KNOWN_SHARED_TO_FEATURES = {
  'src/context.ts': [
    'faq/questionInbox',
    'heat-alerts/checkins',
    'heat-alerts/heatAlerts',
    'heat-alerts/queue',
    'heat-alerts/visitLog',
    'meetings/queue',
    'meetings/renovationMeetings',
    'network/registry',
    'network/supportNetwork',
    'network/volunteerMatching',
    'tips/queue',
    'tips/sobrietyTips',
  ],
  'src/flows/index.ts': [
    'faq/questionDesk',
    'heat-alerts/alertFlow',
    'heat-alerts/approvalDesk',
    'heat-alerts/visitDesk',
    'meetings/meetingFlows',
    'network/signupFlow',
    'tips/subscribeFlow',
  ],
  'src/flows/services.ts': [
    'heat-alerts/heatAlerts',
    'heat-alerts/queue',
    'meetings/queue',
    'meetings/renovationMeetings',
    'network/registry',
    'network/supportNetwork',
    'tips/queue',
    'tips/sobrietyTips',
  ],
  'src/jobs/deliveryComposer.ts': ['feature', 'index'],
  'src/jobs/maintenance.ts': ['faq/questionInbox', 'heat-alerts/visitLog'],
  'src/jobs/recovery.ts': ['meetings/renovationMeetings', 'tips/queue'],
  'src/jobs/workers.ts': ['heat-alerts/worker', 'index'],
};

/** Features that borrow from another feature today (known, to remove: shared notions go to src/domain/). */
const KNOWN_BETWEEN_FEATURES = {
  'src/features/heat-alerts/texts.ts': ['network/phone'],
  'src/features/heat-alerts/visitDesk.ts': ['network/phone'],
  'src/features/identity-links/identityLinks.ts': ['network/supportNetwork'],
  'src/features/meetings/meeting.ts': ['heat-alerts/heatAlerts'],
  'src/features/meetings/renovationMeetings.ts': ['heat-alerts/heatAlerts'],
  'src/features/meetings/worker.ts': ['heat-alerts/heatAlerts'],
};

// Read by .dependency-cruiser.cjs (the rules) and tests/layers.unit.test.ts (an exception whose import is gone
// fails there, so the lists only shrink).
module.exports = { KNOWN_SHARED_TO_FEATURES, KNOWN_BETWEEN_FEATURES };
