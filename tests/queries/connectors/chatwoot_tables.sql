-- Chatwoot's tables as db/schema.rb (chatwoot/chatwoot, schema version 2025_08_16_044639)
-- declares them: every column, its Rails type as PostgreSQL has it. `datetime` with
-- precision nil is timestamp; without it (Rails 7) timestamp(6); both carry no zone.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE account_users (
  id bigserial PRIMARY KEY,
  account_id bigint,
  user_id bigint,
  role integer DEFAULT 0,
  inviter_id bigint,
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL,
  active_at timestamp,
  availability integer DEFAULT 0 NOT NULL,
  auto_offline boolean DEFAULT true NOT NULL,
  custom_role_id bigint,
  agent_capacity_policy_id bigint
);
CREATE UNIQUE INDEX uniq_user_id_per_account_id ON account_users (account_id, user_id);

CREATE TABLE contacts (
  id serial PRIMARY KEY,
  name character varying DEFAULT '',
  email character varying,
  phone_number character varying,
  account_id integer NOT NULL,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL,
  additional_attributes jsonb DEFAULT '{}',
  identifier character varying,
  custom_attributes jsonb DEFAULT '{}',
  last_activity_at timestamp,
  contact_type integer DEFAULT 0,
  middle_name character varying DEFAULT '',
  last_name character varying DEFAULT '',
  location character varying DEFAULT '',
  country_code character varying DEFAULT '',
  blocked boolean DEFAULT false NOT NULL
);
CREATE INDEX index_contacts_on_account_id ON contacts (account_id);

CREATE TABLE conversations (
  id serial PRIMARY KEY,
  account_id integer NOT NULL,
  inbox_id integer NOT NULL,
  status integer DEFAULT 0 NOT NULL,
  assignee_id integer,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL,
  contact_id bigint,
  display_id integer NOT NULL,
  contact_last_seen_at timestamp,
  agent_last_seen_at timestamp,
  additional_attributes jsonb DEFAULT '{}',
  contact_inbox_id bigint,
  uuid uuid DEFAULT gen_random_uuid() NOT NULL,
  identifier character varying,
  last_activity_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
  team_id bigint,
  campaign_id bigint,
  snoozed_until timestamp,
  custom_attributes jsonb DEFAULT '{}',
  assignee_last_seen_at timestamp,
  first_reply_created_at timestamp,
  priority integer,
  sla_policy_id bigint,
  waiting_since timestamp(6),
  cached_label_list text
);
CREATE UNIQUE INDEX index_conversations_on_account_id_and_display_id
  ON conversations (account_id, display_id);
CREATE INDEX index_conversations_on_status_and_account_id ON conversations (status, account_id);

CREATE TABLE csat_survey_responses (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL,
  conversation_id bigint NOT NULL,
  message_id bigint NOT NULL,
  rating integer NOT NULL,
  feedback_message text,
  contact_id bigint NOT NULL,
  assigned_agent_id bigint,
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL
);
CREATE UNIQUE INDEX index_csat_survey_responses_on_message_id ON csat_survey_responses (message_id);
CREATE INDEX index_csat_survey_responses_on_conversation_id ON csat_survey_responses (conversation_id);

CREATE TABLE inboxes (
  id serial PRIMARY KEY,
  channel_id integer NOT NULL,
  account_id integer NOT NULL,
  name character varying NOT NULL,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL,
  channel_type character varying,
  enable_auto_assignment boolean DEFAULT true,
  greeting_enabled boolean DEFAULT false,
  greeting_message character varying,
  email_address character varying,
  working_hours_enabled boolean DEFAULT false,
  out_of_office_message character varying,
  timezone character varying DEFAULT 'UTC',
  enable_email_collect boolean DEFAULT true,
  csat_survey_enabled boolean DEFAULT false,
  allow_messages_after_resolved boolean DEFAULT true,
  auto_assignment_config jsonb DEFAULT '{}',
  lock_to_single_conversation boolean DEFAULT false NOT NULL,
  portal_id bigint,
  sender_name_type integer DEFAULT 0 NOT NULL,
  business_name character varying,
  csat_config jsonb DEFAULT '{}' NOT NULL
);

CREATE TABLE messages (
  id serial PRIMARY KEY,
  content text,
  account_id integer NOT NULL,
  inbox_id integer NOT NULL,
  conversation_id integer NOT NULL,
  message_type integer NOT NULL,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL,
  private boolean DEFAULT false NOT NULL,
  status integer DEFAULT 0,
  source_id character varying,
  content_type integer DEFAULT 0 NOT NULL,
  content_attributes json DEFAULT '{}',
  sender_type character varying,
  sender_id bigint,
  external_source_ids jsonb DEFAULT '{}',
  additional_attributes jsonb DEFAULT '{}',
  processed_message_content text,
  sentiment jsonb DEFAULT '{}'
);
CREATE INDEX index_messages_on_conversation_account_type_created
  ON messages (conversation_id, account_id, message_type, created_at);

CREATE TABLE reporting_events (
  id bigserial PRIMARY KEY,
  name character varying,
  value double precision,
  account_id integer,
  inbox_id integer,
  user_id integer,
  conversation_id integer,
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL,
  value_in_business_hours double precision,
  event_start_time timestamp,
  event_end_time timestamp
);
CREATE INDEX reporting_events__account_id__name__created_at
  ON reporting_events (account_id, name, created_at);
CREATE INDEX index_reporting_events_on_conversation_id ON reporting_events (conversation_id);

CREATE TABLE team_members (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL,
  user_id bigint NOT NULL,
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL
);
CREATE UNIQUE INDEX index_team_members_on_team_id_and_user_id ON team_members (team_id, user_id);

CREATE TABLE teams (
  id bigserial PRIMARY KEY,
  name character varying NOT NULL,
  description text,
  allow_auto_assign boolean DEFAULT true,
  account_id bigint NOT NULL,
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL
);

CREATE TABLE users (
  id serial PRIMARY KEY,
  provider character varying DEFAULT 'email' NOT NULL,
  uid character varying DEFAULT '' NOT NULL,
  encrypted_password character varying DEFAULT '' NOT NULL,
  reset_password_token character varying,
  reset_password_sent_at timestamp,
  remember_created_at timestamp,
  sign_in_count integer DEFAULT 0 NOT NULL,
  current_sign_in_at timestamp,
  last_sign_in_at timestamp,
  current_sign_in_ip character varying,
  last_sign_in_ip character varying,
  confirmation_token character varying,
  confirmed_at timestamp,
  confirmation_sent_at timestamp,
  unconfirmed_email character varying,
  name character varying NOT NULL,
  display_name character varying,
  email character varying,
  tokens json,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL,
  pubsub_token character varying,
  availability integer DEFAULT 0,
  ui_settings jsonb DEFAULT '{}',
  custom_attributes jsonb DEFAULT '{}',
  type character varying,
  message_signature text
);
