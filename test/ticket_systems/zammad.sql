-- Zammad 6 (6.5.x) ticket schema, as created on PostgreSQL by Zammad's Rails migrations.
--
-- Source: Zammad (https://github.com/zammad/zammad), 6.5.x code base, read from an
-- import of a Zammad 6.5 install tree (github:jason-lyb/zammad, commit a636ea2e "init";
-- newest migration 20250501141812, no Zammad 7 AI columns; that fork's later commits only
-- add their own migration/seed files, the ones below are untouched):
--   db/migrate/20120101000001_create_base.rb    (users, groups, organizations)
--   db/migrate/20120101000010_create_ticket.rb  (ticket_state_types, ticket_states,
--                                                ticket_priorities, tickets)
--   db/seeds/user_nr_1.rb, groups.rb, ticket_state_types.rb, ticket_states.rb,
--   ticket_priorities.rb
--   history: db/migrate/20120101000001_create_base.rb (history_types, history_objects,
--   history_attributes, histories; on a new install create_base already carries the
--   sourceable columns that 20230509091602_add_history_source.rb adds to old ones),
--   app/models/history.rb (History.add, type/object/attribute_lookup),
--   app/models/concerns/has_history.rb (what a ticket's create and update log),
--   app/models/ticket.rb (history_attributes_ignored, merge_to)
-- Cross-checked against the 5.5 tree (github:Pako7/zammad, 2023-03) and upstream develop
-- (zammad/zammad 2026: adds tickets.approver/approval_state/ai_agent_running and
-- ticket_states.default_close, which Zammad 6 does NOT have).
--
-- Rails -> PostgreSQL mapping used (ActiveRecord::Migration[4.2], as Zammad declares it):
--   create_table id           -> id serial (integer) PRIMARY KEY
--   t.references / :integer   -> integer
--   :string, limit: N         -> character varying(N)
--   :text (any limit)         -> text
--   :timestamp, limit: 3 and t.timestamps limit: 3 -> timestamp(3) without time zone
--   :decimal 6,2              -> numeric(6,2)
-- Zammad stores all timestamps in UTC (Rails default_timezone :utc).
--
-- Seed rows: the state/state-type rows are the ones Zammad <= 6.1 seeds (7 state types
-- incl. 'removed'; state 6 = 'removed' (inactive), 7 = 'pending close').  This is also what
-- a system installed with <= 6.1 and upgraded to 6.5 keeps when 'removed' is still in use.
-- A FRESH 6.2+ install has no 'removed' type/state (db/seeds changed, and migration
-- 20231129085408_drop_removed_state.rb deletes them when unused) and seeds
-- 'pending close' as id 6.
--
-- History (HasHistory, has_history.rb): creating a ticket logs one row of type 'created'
-- (no attribute); every later save logs one row of type 'updated' per changed column,
-- except created_at, updated_at, created_by_id, updated_by_id and Ticket's ignored
-- create_article_type_id, create_article_sender_id, article_count, preferences.  The
-- attribute is the column name with a trailing '_id' cut off ('state', 'priority', 'group',
-- 'owner', 'organization', 'first_response_at', 'last_close_at', ...).  For an *_id column
-- id_from/id_to hold the ids and value_from/value_to the names (a record's name, else its
-- fullname); for other columns value_from/value_to hold Ruby's to_s of the value (nil -> '',
-- a time -> '2026-10-19 08:30:00 UTC': UTC, whole seconds) and the ids are NULL.
-- histories.created_at is the ticket's updated_at of that save (history_log passes
-- created_at: updated_at), in UTC.  History rows within one save follow the column order
-- (ActiveModel's saved_changes).  History.add writes nothing in import mode.  A ticket's
-- destroy deletes its history (history_destroy).  Types, objects and attributes are created
-- on first use (History.type_lookup / object_lookup / attribute_lookup: lookup by name, else
-- create!), so their ids differ between installs: join them by name.
--
-- Left out: all other tables and columns' indexes except the unique ones;
-- foreign keys groups.signature_id -> signatures and groups.email_address_id ->
-- email_addresses (tables not copied); Rails' fk_rails_<hash> constraint names
-- (PostgreSQL default names are used instead); the other seed data (roles, signatures,
-- the example customer 'Nicole Braun' and organization 'Zammad Foundation', the welcome
-- ticket).

CREATE TABLE users (
    id                            serial PRIMARY KEY,
    organization_id               integer,
    login                         character varying(255) NOT NULL,
    firstname                     character varying(100) DEFAULT '',
    lastname                      character varying(100) DEFAULT '',
    email                         character varying(255) DEFAULT '',
    image                         character varying(100),
    image_source                  character varying(200),
    web                           character varying(100) DEFAULT '',
    password                      character varying(100),
    phone                         character varying(100) DEFAULT '',
    fax                           character varying(100) DEFAULT '',
    mobile                        character varying(100) DEFAULT '',
    department                    character varying(200) DEFAULT '',
    street                        character varying(120) DEFAULT '',
    zip                           character varying(100) DEFAULT '',
    city                          character varying(100) DEFAULT '',
    country                       character varying(100) DEFAULT '',
    address                       character varying(500) DEFAULT '',
    vip                           boolean NOT NULL DEFAULT false,
    verified                      boolean NOT NULL DEFAULT false,
    active                        boolean NOT NULL DEFAULT true,
    note                          character varying(5000) DEFAULT '',
    last_login                    timestamp(3) without time zone,
    source                        character varying(200),
    login_failed                  integer NOT NULL DEFAULT 0,
    out_of_office                 boolean NOT NULL DEFAULT false,
    out_of_office_start_at        date,
    out_of_office_end_at          date,
    out_of_office_replacement_id  integer,
    preferences                   character varying(8000),
    updated_by_id                 integer NOT NULL,
    created_by_id                 integer NOT NULL,
    created_at                    timestamp(3) without time zone NOT NULL,
    updated_at                    timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_users_on_login ON users (login);

CREATE TABLE groups (
    id                    serial PRIMARY KEY,
    signature_id          integer,
    email_address_id      integer,
    name                  character varying(1618) NOT NULL,  -- (160 * 10) + (2 * 9) on non-MySQL
    name_last             character varying(160) NOT NULL,
    parent_id             integer,
    assignment_timeout    integer,
    follow_up_possible    character varying(100) NOT NULL DEFAULT 'yes',
    reopen_time_in_days   integer,
    follow_up_assignment  boolean NOT NULL DEFAULT true,
    active                boolean NOT NULL DEFAULT true,
    shared_drafts         boolean NOT NULL DEFAULT true,
    note                  character varying(250),
    updated_by_id         integer NOT NULL,
    created_by_id         integer NOT NULL,
    created_at            timestamp(3) without time zone NOT NULL,
    updated_at            timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_groups_on_name ON groups (name);

CREATE TABLE organizations (
    id                 serial PRIMARY KEY,
    name               character varying(150) NOT NULL,
    shared             boolean NOT NULL DEFAULT true,
    domain             character varying(250) DEFAULT '',
    domain_assignment  boolean NOT NULL DEFAULT false,
    active             boolean NOT NULL DEFAULT true,
    vip                boolean NOT NULL DEFAULT false,
    note               character varying(5000) DEFAULT '',
    updated_by_id      integer NOT NULL,
    created_by_id      integer NOT NULL,
    created_at         timestamp(3) without time zone NOT NULL,
    updated_at         timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_organizations_on_name ON organizations (name);

CREATE TABLE ticket_state_types (
    id             serial PRIMARY KEY,
    name           character varying(250) NOT NULL,
    note           character varying(250),
    updated_by_id  integer NOT NULL,
    created_by_id  integer NOT NULL,
    created_at     timestamp(3) without time zone NOT NULL,
    updated_at     timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_ticket_state_types_on_name ON ticket_state_types (name);

CREATE TABLE ticket_states (
    id                 serial PRIMARY KEY,
    state_type_id      integer NOT NULL,
    name               character varying(250) NOT NULL,
    next_state_id      integer,
    ignore_escalation  boolean NOT NULL DEFAULT false,
    default_create     boolean NOT NULL DEFAULT false,
    default_follow_up  boolean NOT NULL DEFAULT false,
    note               character varying(250),
    active             boolean NOT NULL DEFAULT true,
    updated_by_id      integer NOT NULL,
    created_by_id      integer NOT NULL,
    created_at         timestamp(3) without time zone NOT NULL,
    updated_at         timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_ticket_states_on_name ON ticket_states (name);

CREATE TABLE ticket_priorities (
    id              serial PRIMARY KEY,
    name            character varying(250) NOT NULL,
    default_create  boolean NOT NULL DEFAULT false,
    ui_icon         character varying(100),
    ui_color        character varying(100),
    note            character varying(250),
    active          boolean NOT NULL DEFAULT true,
    updated_by_id   integer NOT NULL,
    created_by_id   integer NOT NULL,
    created_at      timestamp(3) without time zone NOT NULL,
    updated_at      timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_ticket_priorities_on_name ON ticket_priorities (name);

CREATE TABLE tickets (
    id                            serial PRIMARY KEY,
    group_id                      integer NOT NULL,
    priority_id                   integer NOT NULL,
    state_id                      integer NOT NULL,
    organization_id               integer,
    number                        character varying(60) NOT NULL,
    title                         character varying(250) NOT NULL,
    owner_id                      integer NOT NULL,   -- 1 (user '-') = unassigned
    customer_id                   integer NOT NULL,
    note                          character varying(250),
    first_response_at             timestamp(3) without time zone,
    first_response_escalation_at  timestamp(3) without time zone,
    first_response_in_min         integer,
    first_response_diff_in_min    integer,
    close_at                      timestamp(3) without time zone,
    close_escalation_at           timestamp(3) without time zone,
    close_in_min                  integer,
    close_diff_in_min             integer,
    update_escalation_at          timestamp(3) without time zone,
    update_in_min                 integer,
    update_diff_in_min            integer,
    last_close_at                 timestamp(3) without time zone,
    last_contact_at               timestamp(3) without time zone,
    last_contact_agent_at         timestamp(3) without time zone,
    last_contact_customer_at      timestamp(3) without time zone,
    last_owner_update_at          timestamp(3) without time zone,
    create_article_type_id        integer,
    create_article_sender_id      integer,
    article_count                 integer,
    escalation_at                 timestamp(3) without time zone,
    pending_time                  timestamp(3) without time zone,
    type                          character varying(100),
    time_unit                     numeric(6,2),
    preferences                   text,
    updated_by_id                 integer NOT NULL,
    created_by_id                 integer NOT NULL,
    created_at                    timestamp(3) without time zone NOT NULL,
    updated_at                    timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_tickets_on_number ON tickets (number);

CREATE TABLE history_types (
    id          serial PRIMARY KEY,
    name        character varying(250) NOT NULL,
    created_at  timestamp(3) without time zone NOT NULL,
    updated_at  timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_history_types_on_name ON history_types (name);

CREATE TABLE history_objects (
    id          serial PRIMARY KEY,
    name        character varying(250) NOT NULL,
    note        character varying(250),
    created_at  timestamp(3) without time zone NOT NULL,
    updated_at  timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_history_objects_on_name ON history_objects (name);

CREATE TABLE history_attributes (
    id          serial PRIMARY KEY,
    name        character varying(250) NOT NULL,
    created_at  timestamp(3) without time zone NOT NULL,
    updated_at  timestamp(3) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_history_attributes_on_name ON history_attributes (name);

-- t.references :sourceable, polymorphic: true -> sourceable_type (string), sourceable_id
-- (integer under Migration[4.2], no index)
CREATE TABLE histories (
    id                         serial PRIMARY KEY,
    history_type_id            integer NOT NULL,
    history_object_id          integer NOT NULL,
    history_attribute_id       integer,
    sourceable_type            character varying,
    sourceable_id              integer,
    sourceable_name            character varying(500),
    o_id                       integer NOT NULL,
    related_o_id               integer,
    related_history_object_id  integer,
    id_to                      integer,
    id_from                    integer,
    value_from                 character varying(500),
    value_to                   character varying(500),
    created_by_id              integer NOT NULL,
    created_at                 timestamp(3) without time zone NOT NULL,
    updated_at                 timestamp(3) without time zone NOT NULL
);
CREATE INDEX index_histories_on_o_id ON histories (o_id);
CREATE INDEX index_histories_on_created_by_id ON histories (created_by_id);
CREATE INDEX index_histories_on_created_at ON histories (created_at);
CREATE INDEX index_histories_on_history_object_id ON histories (history_object_id);
CREATE INDEX index_histories_on_history_attribute_id ON histories (history_attribute_id);
CREATE INDEX index_histories_on_history_type_id ON histories (history_type_id);
CREATE INDEX index_histories_on_id_to ON histories (id_to);
CREATE INDEX index_histories_on_id_from ON histories (id_from);
CREATE INDEX index_histories_on_value_from ON histories (value_from);  -- length: 255 is MySQL-only
CREATE INDEX index_histories_on_value_to ON histories (value_to);
CREATE INDEX index_histories_on_related_o_id ON histories (related_o_id);
CREATE INDEX index_histories_on_related_history_object_id ON histories (related_history_object_id);
CREATE INDEX index_histories_on_o_id_and_history_object_id_and_related_o_id
    ON histories (o_id, history_object_id, related_o_id);

-- Foreign keys (add_foreign_key calls of the two migrations, restricted to copied tables)
ALTER TABLE users ADD FOREIGN KEY (created_by_id) REFERENCES users (id);
ALTER TABLE users ADD FOREIGN KEY (updated_by_id) REFERENCES users (id);
ALTER TABLE users ADD FOREIGN KEY (out_of_office_replacement_id) REFERENCES users (id);
ALTER TABLE users ADD FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE groups ADD FOREIGN KEY (created_by_id) REFERENCES users (id);
ALTER TABLE groups ADD FOREIGN KEY (updated_by_id) REFERENCES users (id);
ALTER TABLE groups ADD FOREIGN KEY (parent_id) REFERENCES groups (id);
ALTER TABLE organizations ADD FOREIGN KEY (created_by_id) REFERENCES users (id);
ALTER TABLE organizations ADD FOREIGN KEY (updated_by_id) REFERENCES users (id);
ALTER TABLE ticket_state_types ADD FOREIGN KEY (created_by_id) REFERENCES users (id);
ALTER TABLE ticket_state_types ADD FOREIGN KEY (updated_by_id) REFERENCES users (id);
ALTER TABLE ticket_states ADD FOREIGN KEY (state_type_id) REFERENCES ticket_state_types (id);
ALTER TABLE ticket_states ADD FOREIGN KEY (created_by_id) REFERENCES users (id);
ALTER TABLE ticket_states ADD FOREIGN KEY (updated_by_id) REFERENCES users (id);
ALTER TABLE ticket_priorities ADD FOREIGN KEY (created_by_id) REFERENCES users (id);
ALTER TABLE ticket_priorities ADD FOREIGN KEY (updated_by_id) REFERENCES users (id);
ALTER TABLE tickets ADD FOREIGN KEY (group_id) REFERENCES groups (id);
ALTER TABLE tickets ADD FOREIGN KEY (owner_id) REFERENCES users (id);
ALTER TABLE tickets ADD FOREIGN KEY (customer_id) REFERENCES users (id);
ALTER TABLE tickets ADD FOREIGN KEY (priority_id) REFERENCES ticket_priorities (id);
ALTER TABLE tickets ADD FOREIGN KEY (state_id) REFERENCES ticket_states (id);
ALTER TABLE tickets ADD FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE tickets ADD FOREIGN KEY (created_by_id) REFERENCES users (id);
ALTER TABLE tickets ADD FOREIGN KEY (updated_by_id) REFERENCES users (id);
ALTER TABLE histories ADD FOREIGN KEY (history_type_id) REFERENCES history_types (id);
ALTER TABLE histories ADD FOREIGN KEY (history_object_id) REFERENCES history_objects (id);
ALTER TABLE histories ADD FOREIGN KEY (history_attribute_id) REFERENCES history_attributes (id);
ALTER TABLE histories ADD FOREIGN KEY (created_by_id) REFERENCES users (id);

-- Seeds (db/seeds/*.rb).  created_at/updated_at = load time in UTC, as Rails would write.

-- user_nr_1.rb: the system user '-' (also the owner of unassigned tickets)
INSERT INTO users (id, login, firstname, lastname, email, active, updated_by_id, created_by_id, created_at, updated_at)
VALUES (1, '-', '-', '', '', false, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');

-- groups.rb (signature_id = Signature.first.id = 1; signatures table not copied)
INSERT INTO groups (id, signature_id, name, name_last, note, updated_by_id, created_by_id, created_at, updated_at)
VALUES (1, 1, 'Users', 'Users', 'Standard Group/Pool for Tickets.', 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');

-- ticket_state_types.rb (Zammad <= 6.1 list; 6.2+ fresh installs stop at id 6)
INSERT INTO ticket_state_types (id, name, updated_by_id, created_by_id, created_at, updated_at) VALUES
    (1, 'new',              1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (2, 'open',             1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (3, 'pending reminder', 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (4, 'pending action',   1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (5, 'closed',           1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (6, 'merged',           1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (7, 'removed',          1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');

-- ticket_states.rb (Zammad <= 6.1 list; 6.2+ fresh installs: no 'removed', 'pending close' = 6)
INSERT INTO ticket_states (id, name, state_type_id, next_state_id, ignore_escalation, default_create, default_follow_up, active, updated_by_id, created_by_id, created_at, updated_at) VALUES
    (1, 'new',              1, NULL, false, true,  false, true,  1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (2, 'open',             2, NULL, false, false, true,  true,  1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (3, 'pending reminder', 3, NULL, true,  false, false, true,  1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (4, 'closed',           5, NULL, true,  false, false, true,  1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (5, 'merged',           6, NULL, true,  false, false, true,  1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (6, 'removed',          7, NULL, true,  false, false, false, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (7, 'pending close',    4, 4,    true,  false, false, true,  1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');

-- ticket_priorities.rb
INSERT INTO ticket_priorities (id, name, default_create, ui_icon, ui_color, updated_by_id, created_by_id, created_at, updated_at) VALUES
    (1, '1 low',    false, 'low-priority', 'low-priority',  1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (2, '2 normal', true,  NULL,           NULL,            1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (3, '3 high',   false, 'important',    'high-priority', 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');

-- DbHelper.import_post: reset primary key sequences after the explicit ids
SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
SELECT setval(pg_get_serial_sequence('groups', 'id'), (SELECT max(id) FROM groups));
SELECT setval(pg_get_serial_sequence('ticket_state_types', 'id'), (SELECT max(id) FROM ticket_state_types));
SELECT setval(pg_get_serial_sequence('ticket_states', 'id'), (SELECT max(id) FROM ticket_states));
SELECT setval(pg_get_serial_sequence('ticket_priorities', 'id'), (SELECT max(id) FROM ticket_priorities));

-- History types, objects and attributes a ticket's life uses, as History.type_lookup,
-- object_lookup and attribute_lookup create them on first use (ids are this copy's own;
-- an install numbers them in the order it first needed them).
INSERT INTO history_types (id, name, created_at, updated_at) VALUES
    (1, 'created',        now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (2, 'updated',        now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (3, 'merged_into',    now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (4, 'received_merge', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');
INSERT INTO history_objects (id, name, created_at, updated_at) VALUES
    (1, 'Ticket', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');
INSERT INTO history_attributes (id, name, created_at, updated_at) VALUES
    (1, 'state',             now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (2, 'priority',          now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (3, 'group',             now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (4, 'owner',             now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (5, 'organization',      now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (6, 'first_response_at', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (7, 'close_at',          now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (8, 'last_close_at',     now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
    (9, 'pending_time',      now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');
SELECT setval(pg_get_serial_sequence('history_types', 'id'), 4);
SELECT setval(pg_get_serial_sequence('history_objects', 'id'), 1);
SELECT setval(pg_get_serial_sequence('history_attributes', 'id'), 9);
