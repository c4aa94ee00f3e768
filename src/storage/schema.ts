/** Timestamps are ISO-8601 strings in UTC: they sort and compare the same way in SQLite and PostgreSQL. */
export interface PeopleTable {
  id: string;
  channel: string;
  channel_user_id: string;
  chat_id: string;
  language: string;
  created_at: string;
}

export interface FlowStatesTable {
  person_id: string;
  flow_id: string;
  step_id: string;
  answers: string; // JSON
  history: string; // JSON array of step ids
  updated_at: string;
}

export interface NetworkMembersTable {
  person_id: string;
  quartier: string;
  role: string;
  address: string;
  phone: string | null;
  availability: string | null;
  needs: string | null;
  consent_version: string;
  consent_at: string;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  details: string;
}

export interface KbDocumentsTable {
  id: string;
  /** Absolute path at ingest time: re-ingesting a folder forgets the files that left it. */
  path: string;
  file: string;
  /** 'general' or a quartier id. */
  scope: string;
  title: string;
  sha256: string;
  ingested_at: string;
}

export interface KbChunksTable {
  id: string;
  document_id: string;
  position: number;
  text: string;
  heading: string | null;
  page: number | null;
}

export interface Database {
  people: PeopleTable;
  flow_states: FlowStatesTable;
  network_members: NetworkMembersTable;
  audit_log: AuditLogTable;
  kb_documents: KbDocumentsTable;
  kb_chunks: KbChunksTable;
}
