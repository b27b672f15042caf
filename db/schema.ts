import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a database default: optional on insert. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** PostgreSQL `date`, read as "YYYY-MM-DD" (the type parser is set in db/connection.ts). */
type DateOnly = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string, string>;

export type OrganisationKind =
  | "platform_office"
  | "service_hall"
  | "hotline_center"
  | "county"
  | "department"
  | "government_office"
  | "supervision_office"
  | "city_government"
  | "enterprise";

export type Role =
  | "enterprise"
  | "window_clerk"
  | "hotline_operator"
  | "platform_admin"
  | "registry_reviewer"
  | "county"
  | "department"
  | "secretary_general"
  | "government_office"
  | "leader"
  | "supervisor";

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

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  sign_in_attempts: SignInAttemptsTable;
  enterprises: EnterprisesTable;
  calendar_days: CalendarDaysTable;
  calendar_years: CalendarYearsTable;
  roster_members: RosterMembersTable;
  cycles: CyclesTable;
  audit_events: AuditEventsTable;
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
