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
};

/** Features that borrow from another feature today (known, to remove: shared notions go to src/domain/). */
const KNOWN_BETWEEN_FEATURES = {};

// Read by .dependency-cruiser.cjs (the rules) and tests/layers.unit.test.ts (an exception whose import is gone
// fails there, so the lists only shrink).
module.exports = { KNOWN_SHARED_TO_FEATURES, KNOWN_BETWEEN_FEATURES };
