import type { FlowEnv } from '../flows/types.js';
import type { TranslationKey } from '../i18n/translator.js';
import type { Person } from '../storage/people.js';
import type { Html } from './html.js';
import type { UploadedFile } from './uploads.js';

/** Who is using the console, re-read from the database and ECO_MANAGERS at every request. */
export interface ConsoleRequest {
  /** The identity the login link was sent to (its channel and user id make it an eco-manager). */
  identity: Person;
  /** The person acting (behind a /lier link, the linked member), as in the chat. */
  personId: string;
  /** Her quartiers now (ECO_MANAGERS); every page and action is limited to these. */
  quartiers: string[];
  /** The chat's environment in her language (`env.t`, `env.lang`), for the texts, flows and desks. */
  env: FlowEnv;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The fields of a POSTed form (strings only; repeated fields keep their last value). */
  body: Record<string, string>;
  /** The file of a multipart form (`name="document"`), at most MAX_DOCUMENT_BYTES. */
  file?: UploadedFile;
  /** This session's token, for the forms a page writes (`csrfField`). */
  csrf: string;
  /** Whether htmx asked (a fragment is enough). */
  htmx: boolean;
}

export type ConsoleResult =
  | { page: Html; title: string; status?: number }
  /** A piece of page for htmx (polling, a form's answer). */
  | { fragment: Html; status?: number }
  | { redirect: string; notice?: string }
  | { file: { name: string; type: string; content: string | Uint8Array } };

export interface ConsoleRoute {
  method: 'get' | 'post';
  /** Express path under the page's own ("/:id/answer"); "" for the page itself. */
  path: string;
  handle: (req: ConsoleRequest) => Promise<ConsoleResult>;
}

/**
 * One page of the console, declared by the feature it belongs to (src/features/<feature>/console.ts) and
 * gathered in src/features/index.ts. The console (src/console/) knows nothing else of features.
 */
export interface ConsolePage {
  id: string;
  /** Its address ("/alertes"); "/" for the home page. */
  path: string;
  /** Its name in the menu (a text of the locale files, in her language). */
  title: TranslationKey;
  /** Its place in the menu (lower first). */
  at: number;
  routes: ConsoleRoute[];
}
