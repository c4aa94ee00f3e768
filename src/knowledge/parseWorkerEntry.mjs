// Entry of the document-parsing thread. Worker threads do not inherit tsx's loader from the process that
// runs TypeScript directly (npm start, the tests): it is registered here before the worker itself loads.
import { register } from 'tsx/esm/api';

register();
await import('./parseWorker.ts');
