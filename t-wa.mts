import { createWorkingApp } from './tests/support/workingApp.js';
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const w = await createWorkingApp({ ECO_MANAGERS: 'telegram:9001:ilot-13' });
  const t1 = performance.now();
  await w.app.person('9001', 'telegram').say('/aide');
  const t2 = performance.now();
  await w.close();
  console.log('open', Math.round(t1 - t0), 'use', Math.round(t2 - t1), 'close', Math.round(performance.now() - t2));
}
process.exit(0);
