import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AgendaReviewAction, AgendaStatus } from "../app/domain/agenda";
import type {
  AppealChannel,
  AppealStatus,
  AssignmentRole,
  AssignmentState,
  RegistryCheck,
  ReplyKind,
} from "../app/domain/appeal";
import type { ClockFinish, ClockKind } from "../app/domain/clocks";
import type { NotificationChannel, NotificationStatus } from "../app/domain/notification";
import type { RegistryImportStatus } from "../app/domain/registry-row";
import type { OrganisationKind, Role } from "../app/domain/roles";
import type { OpinionsStatus, TaskRating, TaskState } from "../app/domain/tasks";

/*
 * The states and kinds are the domain's words, defined in app/domain (which imports nothing from db/);
 * re-exported here for the models and scripts that read them with the tables.
 */
export type {
  AgendaStatus,
  AppealChannel,
  AppealStatus,
  AssignmentState,
  ClockKind,
  OpinionsStatus,
  OrganisationKind,
  RegistryCheck,
  ReplyKind,
  Role,
  TaskRating,
  TaskState,
};

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a database default: optional on insert. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** PostgreSQL `date`, read as "YYYY-MM-DD" (the type parser is set in db/connection.ts). */
type DateOnly = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string, string>;

export interface OrganisationsTable {
  id: Generated<number>;
  kind: OrganisationKind;
  name: string;
  short_name: string | null;
  region_code: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  enterprise_id: number | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
  /** The organisation's head (负责人): a red urging notice reaches them too. */
  head_name: ColumnType<string | null, string | null | undefined, string | null>;
  head_phone: ColumnType<string | null, string | null | undefined, string | null>;
  head_email: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  organisation_id: number;
  phone: string | null;
  email: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
  password_changed_at: DefaultedTimestamp;
  /** Set by an office reset: a new password is chosen at the next sign-in. */
  must_change_password: Generated<boolean>;
  /** TOTP (RFC 6238) base32 secret once enrolled. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  mobile_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A signed-in browser. The cookie holds a random id; only its SHA-256 is stored. */
export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** The absolute end; the idle end is last_seen_at + idle_minutes. */
  expires_at: Timestamp;
  idle_minutes: number;
  /** Password accepted, second factor owed: only the second-factor step is open. */
  second_factor_pending: Generated<boolean>;
  ip: string;
  user_agent: Generated<string>;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

/** One-time SMS codes: registration (the pending account in payload) and a change of mobile. */
export interface VerificationCodesTable {
  id: Generated<string>;
  purpose: "register" | "change_mobile";
  mobile: string;
  code_hash: string;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  user_id: number | null;
  payload: Json | null;
  ip: string;
}

/** Failures per key ('signin:acct-ip:…', 'signin:ip:…', 'register:ip:…'), counted atomically. */
export interface AuthThrottleTable {
  key: string;
  failures: number;
  first_at: Timestamp;
  locked_until: Timestamp | null;
  updated_at: Timestamp;
}

/** The security log (append-only in the database). */
export interface SecurityEventsTable {
  id: Generated<string>;
  at: Timestamp;
  kind: string;
  user_id: number | null;
  username: string | null;
  actor_id: number | null;
  ip: string | null;
  user_agent: string | null;
  detail: Json | null;
}

export interface SignInAttemptsTable {
  id: Generated<string>;
  username: string;
  ip: string;
  succeeded: boolean;
  at: Timestamp;
}

export interface EnterprisesTable {
  id: Generated<number>;
  credit_code: string;
  name: string;
  legal_representative: string | null;
  region_code: string | null;
  address: string | null;
  status: Generated<string>;
  registered_on: DateOnly | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface CalendarDaysTable {
  date: DateOnly;
  kind: "holiday" | "makeup";
  name: string;
  source: string;
  updated_by: number | null;
  updated_at: DefaultedTimestamp;
}

export interface CalendarYearsTable {
  year: number;
  confirmed: Generated<boolean>;
  source: string | null;
  confirmed_by: number | null;
  confirmed_at: Timestamp | null;
}

export interface RosterMembersTable {
  id: Generated<number>;
  kind: "leader" | "secretary_general";
  name: string;
  title: string;
  position: number;
  user_id: number | null;
  active: Generated<boolean>;
}

export interface CyclesTable {
  id: Generated<number>;
  number: number;
  month: string;
  onsite_date: DateOnly;
  onsite_moved: Generated<boolean>;
  booking_opens_at: Timestamp;
  booking_closes_at: Timestamp;
  catalog_due_at: Timestamp;
  agenda_due_at: Timestamp;
  commitments_due_at: Timestamp;
  leader_id: number | null;
  secretary_general_id: number | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
  catalog_sent_at: Timestamp | null;
  catalog_sent_by: number | null;
  leader_confirmed_at: Timestamp | null;
  leader_confirmed_by: number | null;
  onsite_place: string | null;
  agenda_status: Generated<AgendaStatus>;
  agenda_version: Generated<number>;
  opinions_status: Generated<OpinionsStatus>;
  opinions_submitted_at: Timestamp | null;
  opinions_approved_at: Timestamp | null;
  opinions_approved_by: number | null;
}

export interface OnsiteDecisionsTable {
  catalog_item_id: number;
  cycle_id: number;
  decision: string;
  lead_id: number;
  co_ids: ColumnType<number[], number[] | undefined, number[]>;
  due_date: DateOnly;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface TasksTable {
  id: Generated<number>;
  appeal_id: number;
  cycle_id: number;
  organisation_id: number;
  co_ids: ColumnType<number[], number[] | undefined, number[]>;
  decision: string;
  due_date: DateOnly;
  state: Generated<TaskState>;
  created_at: Timestamp;
  commitment_due_at: Timestamp;
  responsible_leader: string | null;
  responsible_person: string | null;
  committed_deadline: DateOnly | null;
  measures: string | null;
  committed_at: Timestamp | null;
  committed_by: number | null;
  commitment_on_time: boolean | null;
  commitment_late_ms: number | null;
  completed_at: Timestamp | null;
  completion_result: string | null;
  completed_by: number | null;
  rating_due_at: Timestamp | null;
  rating: TaskRating | null;
  rating_reason: string | null;
  rated_at: Timestamp | null;
  talk_record: string | null;
  final_decision: string | null;
  final_at: Timestamp | null;
  final_by: number | null;
  disclosed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  disclosed_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface OffAgendaAnswersTable {
  catalog_item_id: number;
  cycle_id: number;
  appeal_id: number;
  organisation_id: number;
  due_at: Timestamp;
  created_at: Timestamp;
  body: string | null;
  answered_at: Timestamp | null;
  answered_by: number | null;
  on_time: boolean | null;
  sent_at: Timestamp | null;
  sent_by: number | null;
}

export interface TaskUrgesTable {
  id: Generated<number>;
  task_id: number;
  level: "reminder" | "yellow" | "red";
  due_at: Timestamp;
  note: string | null;
  urged_by: number | null;
  urged_at: Timestamp;
}

export interface TaskProgressTable {
  id: Generated<number>;
  task_id: number;
  body: string;
  submission_key: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface CatalogItemsTable {
  id: Generated<number>;
  cycle_id: number;
  appeal_id: number;
  number: number;
  summary: string;
  position: number;
  added_at: Timestamp;
  added_by: number | null;
}

export interface AgendaEntriesTable {
  catalog_item_id: number;
  proposed_opinion: string | null;
  consulted_ids: ColumnType<number[], number[] | undefined, number[]>;
  selected: Generated<boolean>;
  slot_position: number | null;
  /** "HH:MM" on the on-site day. */
  slot_start: string | null;
  slot_end: string | null;
  attendee_ids: ColumnType<number[], number[] | undefined, number[]>;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface AgendaReviewsTable {
  id: Generated<number>;
  cycle_id: number;
  version: number;
  action: AgendaReviewAction;
  remarks: string | null;
  snapshot: ColumnType<unknown, string, string>;
  actor_id: number | null;
  at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  entity: string;
  entity_id: string;
  action: string;
  actor_id: number | null;
  at: Timestamp;
  from_value: Json | null;
  to_value: Json | null;
  reason: string | null;
}

export interface RegistryImportsTable {
  id: Generated<number>;
  filename: string;
  format: "csv" | "xlsx";
  status: RegistryImportStatus;
  bytes_total: number | null;
  bytes_read: Generated<number>;
  rows_read: Generated<number>;
  rows_inserted: Generated<number>;
  rows_updated: Generated<number>;
  rows_rejected: Generated<number>;
  error: string | null;
  created_by: number | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface RegistryImportRejectsTable {
  import_id: number;
  row_number: number;
  raw: string;
  reason: string;
}

export interface AppealCategoriesTable {
  id: Generated<number>;
  name: string;
  position: number;
  active: Generated<boolean>;
  suggested_department_id: number | null;
}

export interface AppealsTable {
  id: Generated<number>;
  tracking_number: string;
  submission_key: string;
  cycle_id: number;
  channel: AppealChannel;
  registered_by: number | null;
  api_key_id: number | null;
  enterprise_organisation_id: number | null;
  enterprise_id: number | null;
  credit_code: string;
  enterprise_name: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string | null;
  title: string;
  content: string;
  category_id: number;
  publish_name: Generated<boolean>;
  registry_check: RegistryCheck;
  status: AppealStatus;
  level: "county" | "city" | null;
  county_id: number | null;
  rejection_reason: string | null;
  received_at: Timestamp;
  screening_due_at: Timestamp;
  screened_at: Timestamp | null;
  updated_at: Timestamp;
  escalation_requested_at: Timestamp | null;
  replied_at: Timestamp | null;
}

export interface AppealAttachmentsTable {
  id: Generated<number>;
  appeal_id: number;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: Timestamp;
  reply_id: number | null;
}

export interface AppealAssignmentsTable {
  id: Generated<number>;
  appeal_id: number;
  organisation_id: number;
  role: AssignmentRole;
  assigned_at: Timestamp;
  assigned_by: number | null;
  ended_at: Timestamp | null;
  /** assigned → accepted → done (replied or gave its opinion); disputed until the office reassigns; ended. */
  state: Generated<AssignmentState>;
  accepted_at: Timestamp | null;
  disputed_at: Timestamp | null;
  dispute_reason: string | null;
  proposed_owner_id: number | null;
  proposed_owner_text: string | null;
  ended_reason: string | null;
}

export interface AppealClocksTable {
  id: Generated<number>;
  appeal_id: number;
  assignment_id: number;
  organisation_id: number;
  kind: ClockKind;
  started_at: Timestamp;
  due_at: Timestamp;
  original_due_at: Timestamp;
  remind_at: Timestamp;
  finished_at: Timestamp | null;
  /** done: the step was taken; disputed: answered by a dispute; stopped: the assignment ended first. */
  finish: ClockFinish | null;
  on_time: boolean | null;
  late_ms: number | null;
  reminded_at: Timestamp | null;
  late_noticed_at: Timestamp | null;
}

export interface AppealRepliesTable {
  id: Generated<number>;
  appeal_id: number;
  assignment_id: number;
  organisation_id: number;
  kind: ReplyKind;
  body: string;
  submission_key: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface AppealExtensionsTable {
  id: Generated<number>;
  appeal_id: number;
  clock_id: number;
  organisation_id: number;
  reason: string;
  requested_due_date: string | null;
  requested_by: number | null;
  requested_at: Timestamp;
  decision: "granted" | "refused" | null;
  decision_note: string | null;
  new_due_at: Timestamp | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
}

export interface AppealEventsTable {
  id: Generated<number>;
  appeal_id: number;
  at: Timestamp;
  actor_id: number | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  public_note: string | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  key_hash: string;
  organisation_id: number;
  created_by: number | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  dedupe_key: string;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  appeal_id: number | null;
  /** captured: no transport is configured, so the message is kept for the office to read. */
  status: NotificationStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** A version per in-memory cache of the instances, moved by a trigger on every write to its tables. */
export interface CacheVersionsTable {
  name: string;
  version: number;
}

export interface Database {
  cache_versions: CacheVersionsTable;
  onsite_decisions: OnsiteDecisionsTable;
  tasks: TasksTable;
  task_progress: TaskProgressTable;
  task_urges: TaskUrgesTable;
  off_agenda_answers: OffAgendaAnswersTable;
  catalog_items: CatalogItemsTable;
  agenda_entries: AgendaEntriesTable;
  agenda_reviews: AgendaReviewsTable;
  appeal_clocks: AppealClocksTable;
  appeal_replies: AppealRepliesTable;
  appeal_extensions: AppealExtensionsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sign_in_attempts: SignInAttemptsTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  verification_codes: VerificationCodesTable;
  auth_throttle: AuthThrottleTable;
  security_events: SecurityEventsTable;
  enterprises: EnterprisesTable;
  calendar_days: CalendarDaysTable;
  calendar_years: CalendarYearsTable;
  roster_members: RosterMembersTable;
  cycles: CyclesTable;
  audit_events: AuditEventsTable;
  registry_imports: RegistryImportsTable;
  registry_import_rejects: RegistryImportRejectsTable;
  appeal_categories: AppealCategoriesTable;
  appeals: AppealsTable;
  appeal_attachments: AppealAttachmentsTable;
  appeal_assignments: AppealAssignmentsTable;
  appeal_events: AppealEventsTable;
  api_keys: ApiKeysTable;
  notifications: NotificationsTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Enterprise = Selectable<EnterprisesTable>;
export type CalendarDay = Selectable<CalendarDaysTable>;
export type Cycle = Selectable<CyclesTable>;
export type RosterMember = Selectable<RosterMembersTable>;
export type Appeal = Selectable<AppealsTable>;
export type NewAppeal = Insertable<AppealsTable>;
export type Notification = Selectable<NotificationsTable>;
