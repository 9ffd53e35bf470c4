-- Redmine 5 (5.1.13) issue tables, as Redmine's migrations leave them on PostgreSQL.
--
-- Source: Redmine (https://github.com/redmine/redmine), tag 5.1.13 (commit 27bc8d44).
-- Redmine ships no schema.rb; the tables below are the net result of applying, in order,
-- every migration in db/migrate that touches them (Rails 6.1, Migration[4.2]..[6.1]):
--   001_setup.rb (enumerations, issue_statuses, issues, projects, trackers, users, admin user)
--   005, 069, 20100313132032, 20110412065600, 20130215111127, 20130217094251 (issues)
--   007_create_journals.rb, 20110227125750, 20120930112914, 20220714093000, 20220714093010
--   019, 076, 077, 20091123212029, 20141029181824, 20230818020734 (issue_statuses)
--   021, 023, 20120705074331, 20141029181752, 20190315102101, 20210728131544 (trackers)
--   072, 073, 20090323224724, 20090401231134, 20090403001910, 20090406161854,
--   20091225164732, 20121026002032 (enumerations)
--   037, 051, 087, 094, 104, 106, 20101114115114, 20101114115359, 20130202090625,
--   20151031095005, 20170309214320, 20210705111300 (projects)
--   044, 080, 108, 20100129193402, 20110223180944, 20120205111326, 20130215073721,
--   20130729070143, 20140903143914, 20150113213922, 20200826153401, 20200826153402,
--   20210704125704, 20211213122100 (users)
--   index migrations 2009-2016 (names as Rails generates them);
--   20140920094058_insert_builtin_groups.rb; lib/redmine/default_data/loader.rb +
--   config/locales/en.yml (default statuses, trackers, enumerations, English names).
-- (The *_limit migrations of 2016 only act on MySQL.)
-- Rails -> PostgreSQL: id serial; :string without limit -> character varying (no length,
-- Rails >= 4.2 on PostgreSQL); :timestamp/:datetime -> timestamp without time zone;
-- :float -> double precision.
--
-- Time semantics: config.active_record.default_timezone = :local, so every timestamp is the
-- Redmine SERVER's local wall-clock time, without zone.
--   issues.closed_on: time of the LAST transition from an open to a closed status
--   (Issue#update_closed_on; closing? = status changed && closed? && !was_closed?); it is
--   kept (not cleared) when the issue is reopened.  is_closed lives on issue_statuses.
--   issues.assigned_to_id may point to a user or a group (users.type = 'Group').
--   Groups are users rows: type 'Group' (and builtin 'GroupAnonymous'/'GroupNonMember'),
--   group name in lastname.  Priorities are enumerations rows with type 'IssuePriority'.
--   journals (journalized_type 'Issue') + journal_details (property 'attr', prop_key
--   'status_id'/'assigned_to_id'/'priority_id'/..., old_value/value as text) hold history.
--   No deleted flag: deleted issues are removed; no merge concept.
--
-- Left out: all other tables (members, roles, email_addresses, versions, custom fields,
-- workflows, ...) and the default-data rows for them.  Redmine declares no foreign keys.
-- The admin's password: 001 stores sha1('admin'), migration 20110223180953 re-hashes it
-- with a random salt; here the unsalted 001 value is kept and salt is NULL.

CREATE TABLE enumerations (
    id             serial PRIMARY KEY,
    name           character varying(30) NOT NULL DEFAULT '',
    position       integer DEFAULT 1,
    is_default     boolean NOT NULL DEFAULT false,
    type           character varying,
    active         boolean NOT NULL DEFAULT true,
    project_id     integer,
    parent_id      integer,
    position_name  character varying(30)
);
CREATE INDEX index_enumerations_on_project_id ON enumerations (project_id);
CREATE INDEX index_enumerations_on_id_and_type ON enumerations (id, type);

CREATE TABLE issue_statuses (
    id                  serial PRIMARY KEY,
    name                character varying(30) NOT NULL DEFAULT '',
    is_closed           boolean NOT NULL DEFAULT false,
    position            integer DEFAULT 1,
    default_done_ratio  integer,
    description         character varying
);
CREATE INDEX index_issue_statuses_on_position ON issue_statuses (position);
CREATE INDEX index_issue_statuses_on_is_closed ON issue_statuses (is_closed);

CREATE TABLE issues (
    id                serial PRIMARY KEY,
    tracker_id        integer NOT NULL,
    project_id        integer NOT NULL,
    subject           character varying NOT NULL DEFAULT '',
    description       text,
    due_date          date,
    category_id       integer,
    status_id         integer NOT NULL,
    assigned_to_id    integer,
    priority_id       integer NOT NULL,
    fixed_version_id  integer,
    author_id         integer NOT NULL,
    lock_version      integer NOT NULL DEFAULT 0,
    created_on        timestamp without time zone,
    updated_on        timestamp without time zone,
    start_date        date,
    done_ratio        integer NOT NULL DEFAULT 0,
    estimated_hours   double precision,
    parent_id         integer,
    root_id           integer,
    lft               integer,
    rgt               integer,
    is_private        boolean NOT NULL DEFAULT false,
    closed_on         timestamp without time zone
);
CREATE INDEX issues_project_id ON issues (project_id);
CREATE INDEX index_issues_on_status_id ON issues (status_id);
CREATE INDEX index_issues_on_category_id ON issues (category_id);
CREATE INDEX index_issues_on_assigned_to_id ON issues (assigned_to_id);
CREATE INDEX index_issues_on_fixed_version_id ON issues (fixed_version_id);
CREATE INDEX index_issues_on_tracker_id ON issues (tracker_id);
CREATE INDEX index_issues_on_priority_id ON issues (priority_id);
CREATE INDEX index_issues_on_author_id ON issues (author_id);
CREATE INDEX index_issues_on_created_on ON issues (created_on);
CREATE INDEX index_issues_on_root_id_and_lft_and_rgt ON issues (root_id, lft, rgt);
CREATE INDEX index_issues_on_parent_id ON issues (parent_id);

CREATE TABLE journals (
    id                serial PRIMARY KEY,
    journalized_id    integer NOT NULL DEFAULT 0,
    journalized_type  character varying(30) NOT NULL DEFAULT '',
    user_id           integer NOT NULL DEFAULT 0,
    notes             text,
    created_on        timestamp without time zone NOT NULL,
    private_notes     boolean NOT NULL DEFAULT false,
    updated_on        timestamp without time zone,
    updated_by_id     integer
);
CREATE INDEX journals_journalized_id ON journals (journalized_id, journalized_type);
CREATE INDEX index_journals_on_user_id ON journals (user_id);
CREATE INDEX index_journals_on_journalized_id ON journals (journalized_id);
CREATE INDEX index_journals_on_created_on ON journals (created_on);

CREATE TABLE journal_details (
    id          serial PRIMARY KEY,
    journal_id  integer NOT NULL DEFAULT 0,
    property    character varying(30) NOT NULL DEFAULT '',
    prop_key    character varying(30) NOT NULL DEFAULT '',
    old_value   text,
    value       text
);
CREATE INDEX journal_details_journal_id ON journal_details (journal_id);

CREATE TABLE projects (
    id                      serial PRIMARY KEY,
    name                    character varying NOT NULL DEFAULT '',
    description             text,
    homepage                character varying DEFAULT '',
    is_public               boolean NOT NULL DEFAULT true,
    parent_id               integer,
    created_on              timestamp without time zone,
    updated_on              timestamp without time zone,
    identifier              character varying,
    status                  integer NOT NULL DEFAULT 1,
    lft                     integer,
    rgt                     integer,
    inherit_members         boolean NOT NULL DEFAULT false,
    default_version_id      integer,
    default_assigned_to_id  integer,
    default_issue_query_id  integer
);
CREATE INDEX index_projects_on_lft ON projects (lft);
CREATE INDEX index_projects_on_rgt ON projects (rgt);

CREATE TABLE trackers (
    id                 serial PRIMARY KEY,
    name               character varying(30) NOT NULL DEFAULT '',
    position           integer DEFAULT 1,
    is_in_roadmap      boolean NOT NULL DEFAULT true,
    fields_bits        integer DEFAULT 0,
    default_status_id  integer,
    description        character varying
);

CREATE TABLE users (
    id                       serial PRIMARY KEY,
    login                    character varying NOT NULL DEFAULT '',
    hashed_password          character varying(40) NOT NULL DEFAULT '',
    firstname                character varying(30) NOT NULL DEFAULT '',
    lastname                 character varying(255) NOT NULL DEFAULT '',
    admin                    boolean NOT NULL DEFAULT false,
    status                   integer NOT NULL DEFAULT 1,
    last_login_on            timestamp without time zone,
    language                 character varying(5) DEFAULT '',
    auth_source_id           integer,
    created_on               timestamp without time zone,
    updated_on               timestamp without time zone,
    type                     character varying,
    mail_notification        character varying NOT NULL DEFAULT '',
    salt                     character varying(64),
    must_change_passwd       boolean NOT NULL DEFAULT false,
    passwd_changed_on        timestamp without time zone,
    twofa_scheme             character varying,
    twofa_totp_key           character varying,
    twofa_totp_last_used_at  integer,
    twofa_required           boolean DEFAULT false
);
CREATE INDEX index_users_on_id_and_type ON users (id, type);
CREATE INDEX index_users_on_auth_source_id ON users (auth_source_id);
CREATE INDEX index_users_on_type ON users (type);

-- Rows created by migrations (server-local timestamps, like Redmine writes them).
-- 001_setup.rb: the admin account (type set to 'User' by 080, mail_notification 'all' by
-- 20100129193402, its e-mail moved to email_addresses by 20150113*).
INSERT INTO users (id, login, hashed_password, firstname, lastname, admin, status, language, created_on, updated_on, type, mail_notification)
VALUES (1, 'admin', 'd033e22ae348aeb5660fc2140aec35850c4da997', 'Redmine', 'Admin', true, 1, '', localtimestamp, localtimestamp, 'User', 'all');
-- 20140920094058_insert_builtin_groups.rb
INSERT INTO users (id, lastname, status, created_on, updated_on, type, mail_notification) VALUES
    (2, 'Anonymous users', 1, localtimestamp, localtimestamp, 'GroupAnonymous', ''),
    (3, 'Non member users', 1, localtimestamp, localtimestamp, 'GroupNonMember', '');
-- (The AnonymousUser row, type 'AnonymousUser', is created lazily on first use.)

-- Default configuration data (Redmine::DefaultData::Loader, language 'en').
INSERT INTO issue_statuses (id, name, is_closed, position) VALUES
    (1, 'New',         false, 1),
    (2, 'In Progress', false, 2),
    (3, 'Resolved',    false, 3),
    (4, 'Feedback',    false, 4),
    (5, 'Closed',      true,  5),
    (6, 'Rejected',    true,  6);

INSERT INTO trackers (id, name, default_status_id, is_in_roadmap, position) VALUES
    (1, 'Bug',     1, false, 1),
    (2, 'Feature', 1, true,  2),
    (3, 'Support', 1, false, 3);

-- position_name as computed by IssuePriority.compute_position_names
INSERT INTO enumerations (id, name, position, is_default, type, active, position_name) VALUES
    (1, 'Low',       1, false, 'IssuePriority', true, 'lowest'),
    (2, 'Normal',    2, true,  'IssuePriority', true, 'default'),
    (3, 'High',      3, false, 'IssuePriority', true, 'high3'),
    (4, 'Urgent',    4, false, 'IssuePriority', true, 'high2'),
    (5, 'Immediate', 5, false, 'IssuePriority', true, 'highest'),
    (6, 'User documentation',      1, false, 'DocumentCategory', true, NULL),
    (7, 'Technical documentation', 2, false, 'DocumentCategory', true, NULL),
    (8, 'Design',      1, false, 'TimeEntryActivity', true, NULL),
    (9, 'Development', 2, false, 'TimeEntryActivity', true, NULL);

SELECT setval(pg_get_serial_sequence('users', 'id'), 3);
SELECT setval(pg_get_serial_sequence('issue_statuses', 'id'), 6);
SELECT setval(pg_get_serial_sequence('trackers', 'id'), 3);
SELECT setval(pg_get_serial_sequence('enumerations', 'id'), 9);
