/**
 * How many times longer than on an idle machine a test waits before giving up (`TEST_PATIENCE`, default 3).
 * Every wait in the tests is for a positive signal (a message, a log line, a row), so a ceiling costs nothing
 * when things go well; it only decides how long a busy machine (CI beside other jobs) may take.
 */
export const PATIENCE = Math.max(1, Number(process.env.TEST_PATIENCE ?? 3) || 3);
