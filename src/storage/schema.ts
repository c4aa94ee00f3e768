import type { Channel, DeliveryStatus } from '../channel.js';
import type { ConsoleLoginsTable, ConsoleSessionsTable } from './consoleSchema.js';

/** Timestamps are ISO-8601 strings in UTC: they sort and compare the same way in SQLite and PostgreSQL. */
export interface PeopleTable {
  id: string;
  channel: Channel;
  channel_user_id: string;
  chat_id: string;
  language: string;
  created_at: string;
  /** Set when the platform refused delivery for good (bot blocked, account gone). */
  unreachable_at: string | null;
  /** Set by /lier: this identity shares the membership of that person. */
  linked_to: string | null;
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
  /** Added by 0010: the name they want to be called by; where exactly (people supported); sealed entry code. */
  display_name?: string | null;
  building?: string | null;
  floor?: string | null;
  door?: string | null;
  entry_code?: string | null;
  postcode?: string | null;
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

export interface AlertsTable {
  id: string;
  created_by: string;
  quartiers: string; // JSON array
  audience: string;
  level: string;
  text: string;
  starts_at: string;
  ends_at: string;
  checkin_pattern: string;
  status: string; // pending | active | ended | replaced | refused
  refusal_reason: string | null;
  report_message: string | null;
  created_at: string;
  ended_at: string | null;
}

export interface DeliveriesTable {
  /** Idempotency key, e.g. "alert:<id>:<person>" — one row, one message. */
  key: string;
  alert_id: string | null;
  person_id: string;
  kind: string;
  channel: Channel;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  created_at: string;
  sent_at: string | null;
  /** What the message is about (alert, check-in or meeting id); null on rows older than migration 0006. */
  ref: string | null;
}

export interface CheckinsTable {
  id: string;
  alert_id: string;
  person_id: string;
  round: string;
  sent_at: string;
  reminders: number;
  answer: string | null; // ok | help
  answered_at: string | null;
  escalated_at: string | null;
  taken_by: string | null;
  taken_at: string | null;
  manager_alerted_at: string | null;
  reminded_at: string | null;
}

/** Who was asked "Tout va bien ?" in a round, by which alert: one question per person and round. */
export interface CheckinRoundsTable {
  person_id: string;
  round: string;
  alert_id: string;
}

/** Telegram updates claimed before handling (dedup across processes and restarts); body dropped once done. */
export interface InboundUpdatesTable {
  channel: string;
  update_id: string;
  body: string | null;
  received_at: string;
  done_at: string | null;
}

export interface MatchesTable {
  supported_id: string;
  volunteer_id: string;
  reason: string; // building | street | quartier | manual
  created_at: string;
}

export interface EventsTable {
  id: string;
  kind: string; // info | balade | visite | atelier | ag | dtg
  title: string;
  quartier: string;
  place: string;
  starts_at: string;
  ends_at: string;
  capacity: number | null;
  invite: string; // JSON: { audience, street? } — who is told of the event
  reminders: string; // ISO-8601 durations before the start, "P2D,PT2H" (days are calendar days in Paris)
  status: string; // scheduled | cancelled
  followup_text: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface EventRegistrationsTable {
  event_id: string;
  person_id: string;
  status: string; // registered | waiting
  queue_order: number;
  created_at: string;
}

export interface TipSubscriptionsTable {
  person_id: string;
  quartier: string;
  sector: string;
  size: string;
  weekday: number; // 1 = Monday … 7 = Sunday
  time: string; // HH:MM, Europe/Paris
  created_at: string;
}

export interface TipsSentTable {
  person_id: string;
  tip_id: string;
  sent_at: string;
}

export interface KbVectorsTable {
  chunk_id: string;
  model: string;
  vector: string; // JSON array of numbers
}

export interface Database {
  people: PeopleTable;
  flow_states: FlowStatesTable;
  network_members: NetworkMembersTable;
  audit_log: AuditLogTable;
  kb_documents: KbDocumentsTable;
  kb_chunks: KbChunksTable;
  alerts: AlertsTable;
  deliveries: DeliveriesTable;
  checkins: CheckinsTable;
  matches: MatchesTable;
  events: EventsTable;
  event_registrations: EventRegistrationsTable;
  tip_subscriptions: TipSubscriptionsTable;
  tips_sent: TipsSentTable;
  kb_vectors: KbVectorsTable;
  checkin_rounds: CheckinRoundsTable;
  inbound_updates: InboundUpdatesTable;
  vigilance_levels: VigilanceLevelsTable;
  visit_log: VisitLogTable;
  registry_entries: RegistryEntriesTable;
  faq_questions: FaqQuestionsTable;
  faq_curated: FaqCuratedTable;
  console_logins: ConsoleLoginsTable;
  console_sessions: ConsoleSessionsTable;
  poster_buildings: PosterBuildingsTable;
}

/** A building a poster was made for: its start link carries the code, never the address. */
export interface PosterBuildingsTable {
  code: string;
  quartier: string;
  address: string;
  created_at: string;
}

/** A question for the eco-managers' inbox (status open | answered), or one the bot answered (status bot). */
export interface FaqQuestionsTable {
  id: string;
  quartier: string | null;
  text: string;
  person_id: string | null;
  status: string;
  reason: string | null; // abstained | unhelpful
  asked_at: string;
  curated_id: string | null;
}

/** An eco-manager's own answer to a question of their quartier. */
export interface FaqCuratedTable {
  id: string;
  quartier: string | null;
  question: string;
  answer: string;
  author_id: string | null;
  created_at: string;
}

/** A volunteer's visit during an alert and what they found. */
export interface VisitLogTable {
  id: string;
  alert_id: string;
  checkin_id: string;
  person_id: string;
  volunteer_id: string | null;
  outcome: string;
  note: string | null;
  recorded_at: string;
}

/** The separate consent to the mairie's registry of vulnerable persons, with its fields (REGISTRY_EXPORT). */
export interface RegistryEntriesTable {
  person_id: string;
  last_name: string;
  first_name: string;
  birth_date: string | null;
  home_help: string | null;
  emergency_contact: string | null;
  requester: string;
  consent_at: string;
  /** Added by 0010: the number the mairie calls, when the network's contact is this chat only. */
  phone?: string | null;
}

/** Météo-France's canicule colour for Paris last seen, per vigilance period. */
export interface VigilanceLevelsTable {
  period_begin: string;
  period_end: string;
  colour: number;
  checked_at: string;
}
