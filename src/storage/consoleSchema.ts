/** The web console's tables (src/console/): one-time links and sessions, hashes only. */

/** A one-time console link sent by /console (sha-256 of its token; used once, then kept until it expires). */
export interface ConsoleLoginsTable {
  token_hash: string;
  person_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A console session opened by such a link (sha-256 of the cookie's value). */
export interface ConsoleSessionsTable {
  id_hash: string;
  person_id: string;
  csrf: string;
  created_at: string;
  expires_at: string;
}
