-- Znuny 7 (OTRS successor) ticket tables, copied from Znuny's generated PostgreSQL DDL.
--
-- Source: Znuny (https://github.com/znuny/Znuny), 7.x line (ticket_state.color /
-- ticket_priority.color and the 'Bulk' history type exist only from Znuny 7 on), as stored
-- in the public code index:
--   scripts/database/schema.postgresql.sql        (commit 038d1547) - tables, indexes
--   scripts/database/schema-post.postgresql.sql   (commit 09cba8b4) - foreign keys
--   scripts/database/initial_insert.postgresql.sql (commit 09fae607) - default rows
-- (the index did not let me tie those commits to an exact rel-7_x tag).
-- Column names, types, NULL/NOT NULL, defaults, primary keys, unique constraints and
-- indexes are copied verbatim.  Znuny wraps each CREATE INDEX / ADD CONSTRAINT in an
-- idempotent DO $$ ... IF NOT EXISTS block; here they are plain statements.
--
-- Time semantics: create_time/change_time are timestamp(0) in the system time zone
-- (OTRSTimeZone, UTC by default).  ticket.until_time (pending time) and
-- ticket.escalation_* are UNIX epoch seconds (INTEGER), 0 = not set.
-- ticket.user_id = owner (1 = admin/unassigned default), responsible_user_id,
-- customer_id = customer company (customer_company.customer_id, a string key),
-- customer_user_id = customer user login.  Merged tickets get state 'merged'
-- (state type 'merged'); there is no deleted flag (state 'removed' / archive_flag).
-- First response (Kernel::System::Ticket::_TicketGetFirstResponse): create_time of the
-- first article with article_sender_type 'agent' and is_visible_for_customer = 1.
--
-- Kept the tiny table `valid` (3 rows) because valid_id columns reference it.
-- Left out (their foreign keys dropped, columns kept): permission_groups (queue.group_id),
-- system_address, salutation, signature, follow_up_possible (queue.*_id),
-- ticket_lock_type (ticket.ticket_lock_id), ticket_type (ticket.type_id,
-- ticket_history.type_id), service, sla (ticket.service_id, ticket.sla_id),
-- communication_channel (article.communication_channel_id).
-- Also left out: article_data_mime* (article bodies), customer_user, ticket_index etc.,
-- and the demo ticket "Znuny says hi!" with its article and history rows.

CREATE TABLE valid (
    id serial NOT NULL,
    name VARCHAR (200) NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT valid_name UNIQUE (name)
);

CREATE TABLE users (
    id serial NOT NULL,
    login VARCHAR (200) NOT NULL,
    pw VARCHAR (128) NOT NULL,
    title VARCHAR (50) NULL,
    first_name VARCHAR (100) NOT NULL,
    last_name VARCHAR (100) NOT NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT users_login UNIQUE (login)
);

CREATE TABLE queue (
    id serial NOT NULL,
    name VARCHAR (200) NOT NULL,
    group_id INTEGER NOT NULL,
    unlock_timeout INTEGER NULL,
    first_response_time INTEGER NULL,
    first_response_notify SMALLINT NULL,
    update_time INTEGER NULL,
    update_notify SMALLINT NULL,
    solution_time INTEGER NULL,
    solution_notify SMALLINT NULL,
    system_address_id SMALLINT NOT NULL,
    calendar_name VARCHAR (100) NULL,
    default_sign_key VARCHAR (100) NULL,
    salutation_id SMALLINT NOT NULL,
    signature_id SMALLINT NOT NULL,
    follow_up_id SMALLINT NOT NULL,
    follow_up_lock SMALLINT NOT NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT queue_name UNIQUE (name)
);
CREATE INDEX queue_group_id ON queue (group_id);

CREATE TABLE ticket_priority (
    id serial NOT NULL,
    name VARCHAR (200) NOT NULL,
    valid_id SMALLINT NOT NULL,
    color VARCHAR (25) NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_priority_name UNIQUE (name)
);

CREATE TABLE ticket_state (
    id serial NOT NULL,
    name VARCHAR (200) NOT NULL,
    comments VARCHAR (250) NULL,
    type_id SMALLINT NOT NULL,
    valid_id SMALLINT NOT NULL,
    color VARCHAR (25) NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_state_name UNIQUE (name)
);

CREATE TABLE ticket_state_type (
    id serial NOT NULL,
    name VARCHAR (200) NOT NULL,
    comments VARCHAR (250) NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_state_type_name UNIQUE (name)
);

CREATE TABLE ticket (
    id bigserial NOT NULL,
    tn VARCHAR (50) NOT NULL,
    title VARCHAR (255) NULL,
    queue_id INTEGER NOT NULL,
    ticket_lock_id SMALLINT NOT NULL,
    type_id SMALLINT NULL,
    service_id INTEGER NULL,
    sla_id INTEGER NULL,
    user_id INTEGER NOT NULL,
    responsible_user_id INTEGER NOT NULL,
    ticket_priority_id SMALLINT NOT NULL,
    ticket_state_id SMALLINT NOT NULL,
    customer_id VARCHAR (150) NULL,
    customer_user_id VARCHAR (250) NULL,
    timeout INTEGER NOT NULL,
    until_time INTEGER NOT NULL,
    escalation_time INTEGER NOT NULL,
    escalation_update_time INTEGER NOT NULL,
    escalation_response_time INTEGER NOT NULL,
    escalation_solution_time INTEGER NOT NULL,
    archive_flag SMALLINT DEFAULT 0 NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_tn UNIQUE (tn)
);
CREATE INDEX ticket_archive_flag ON ticket (archive_flag);
CREATE INDEX ticket_create_time ON ticket (create_time);
CREATE INDEX ticket_customer_id ON ticket (customer_id);
CREATE INDEX ticket_customer_user_id ON ticket (customer_user_id);
CREATE INDEX ticket_escalation_response_time ON ticket (escalation_response_time);
CREATE INDEX ticket_escalation_solution_time ON ticket (escalation_solution_time);
CREATE INDEX ticket_escalation_time ON ticket (escalation_time);
CREATE INDEX ticket_escalation_update_time ON ticket (escalation_update_time);
CREATE INDEX ticket_queue_id ON ticket (queue_id);
CREATE INDEX ticket_queue_view ON ticket (ticket_state_id, ticket_lock_id);
CREATE INDEX ticket_responsible_user_id ON ticket (responsible_user_id);
CREATE INDEX ticket_ticket_lock_id ON ticket (ticket_lock_id);
CREATE INDEX ticket_ticket_priority_id ON ticket (ticket_priority_id);
CREATE INDEX ticket_ticket_state_id ON ticket (ticket_state_id);
CREATE INDEX ticket_timeout ON ticket (timeout);
CREATE INDEX ticket_title ON ticket (title);
CREATE INDEX ticket_type_id ON ticket (type_id);
CREATE INDEX ticket_until_time ON ticket (until_time);
CREATE INDEX ticket_user_id ON ticket (user_id);

CREATE TABLE ticket_history (
    id bigserial NOT NULL,
    name VARCHAR (200) NOT NULL,
    history_type_id SMALLINT NOT NULL,
    ticket_id BIGINT NOT NULL,
    article_id BIGINT NULL,
    type_id SMALLINT NOT NULL,
    queue_id INTEGER NOT NULL,
    owner_id INTEGER NOT NULL,
    priority_id SMALLINT NOT NULL,
    state_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
);
CREATE INDEX ticket_history_article_id ON ticket_history (article_id);
CREATE INDEX ticket_history_create_time ON ticket_history (create_time);
CREATE INDEX ticket_history_history_type_id ON ticket_history (history_type_id);
CREATE INDEX ticket_history_owner_id ON ticket_history (owner_id);
CREATE INDEX ticket_history_priority_id ON ticket_history (priority_id);
CREATE INDEX ticket_history_queue_id ON ticket_history (queue_id);
CREATE INDEX ticket_history_state_id ON ticket_history (state_id);
CREATE INDEX ticket_history_ticket_id ON ticket_history (ticket_id);
CREATE INDEX ticket_history_type_id ON ticket_history (type_id);

CREATE TABLE ticket_history_type (
    id serial NOT NULL,
    name VARCHAR (200) NOT NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_history_type_name UNIQUE (name)
);

CREATE TABLE article_sender_type (
    id serial NOT NULL,
    name VARCHAR (200) NOT NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT article_sender_type_name UNIQUE (name)
);

CREATE TABLE article (
    id bigserial NOT NULL,
    ticket_id BIGINT NOT NULL,
    article_sender_type_id SMALLINT NOT NULL,
    communication_channel_id BIGINT NOT NULL,
    is_visible_for_customer SMALLINT NOT NULL,
    search_index_needs_rebuild SMALLINT DEFAULT 1 NOT NULL,
    insert_fingerprint VARCHAR (64) NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
);
CREATE INDEX article_article_sender_type_id ON article (article_sender_type_id);
CREATE INDEX article_communication_channel_id ON article (communication_channel_id);
CREATE INDEX article_search_index_needs_rebuild ON article (search_index_needs_rebuild);
CREATE INDEX article_ticket_id ON article (ticket_id);

CREATE TABLE customer_company (
    customer_id VARCHAR (150) NOT NULL,
    name VARCHAR (200) NOT NULL,
    street VARCHAR (200) NULL,
    zip VARCHAR (200) NULL,
    city VARCHAR (200) NULL,
    country VARCHAR (200) NULL,
    url VARCHAR (200) NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(customer_id),
    CONSTRAINT customer_company_name UNIQUE (name)
);

-- Default rows, in initial_insert order (serial ids are assigned in this order).
-- As in Znuny's installer (schema -> initial_insert -> schema-post), the rows are loaded
-- before the foreign keys are added: valid and users reference each other.

INSERT INTO valid (name, create_by, create_time, change_by, change_time) VALUES
    ('valid', 1, current_timestamp, 1, current_timestamp),
    ('invalid', 1, current_timestamp, 1, current_timestamp),
    ('invalid-temporarily', 1, current_timestamp, 1, current_timestamp);

INSERT INTO users (first_name, last_name, login, pw, valid_id, create_by, create_time, change_by, change_time) VALUES
    ('Admin', 'Znuny', 'root@localhost', 'roK20XGbWEsSM', 1, 1, current_timestamp, 1, current_timestamp);

INSERT INTO ticket_state_type (name, comments, create_by, create_time, change_by, change_time) VALUES
    ('new', 'All new state types (default: viewable).', 1, current_timestamp, 1, current_timestamp),
    ('open', 'All open state types (default: viewable).', 1, current_timestamp, 1, current_timestamp),
    ('closed', 'All closed state types (default: not viewable).', 1, current_timestamp, 1, current_timestamp),
    ('pending reminder', 'All ''pending reminder'' state types (default: viewable).', 1, current_timestamp, 1, current_timestamp),
    ('pending auto', 'All ''pending auto *'' state types (default: viewable).', 1, current_timestamp, 1, current_timestamp),
    ('removed', 'All ''removed'' state types (default: not viewable).', 1, current_timestamp, 1, current_timestamp),
    ('merged', 'State type for merged tickets (default: not viewable).', 1, current_timestamp, 1, current_timestamp);

INSERT INTO ticket_state (name, comments, type_id, valid_id, color, create_by, create_time, change_by, change_time) VALUES
    ('new', 'New ticket created by customer.', 1, 1, '#50B5FFFF', 1, current_timestamp, 1, current_timestamp),
    ('closed successful', 'Ticket is closed successful.', 3, 1, '#3DD598FF', 1, current_timestamp, 1, current_timestamp),
    ('closed unsuccessful', 'Ticket is closed unsuccessful.', 3, 1, '#FC5A5AFF', 1, current_timestamp, 1, current_timestamp),
    ('open', 'Open tickets.', 2, 1, '#FFC542FF', 1, current_timestamp, 1, current_timestamp),
    ('removed', 'Customer removed ticket.', 6, 1, '#8D8D9BFF', 1, current_timestamp, 1, current_timestamp),
    ('pending reminder', 'Ticket is pending for agent reminder.', 4, 1, '#FF8A25FF', 1, current_timestamp, 1, current_timestamp),
    ('pending auto close+', 'Ticket is pending for automatic close.', 5, 1, '#FF8A25FF', 1, current_timestamp, 1, current_timestamp),
    ('pending auto close-', 'Ticket is pending for automatic close.', 5, 1, '#FF8A25FF', 1, current_timestamp, 1, current_timestamp),
    ('merged', 'State for merged tickets.', 7, 1, '#FF8A25FF', 1, current_timestamp, 1, current_timestamp);

-- group_id 1 = permission group 'users'; system_address/salutation/signature 1 and
-- follow_up_id 1 = 'possible' (tables not copied).
INSERT INTO queue (name, group_id, system_address_id, salutation_id, signature_id, follow_up_id, follow_up_lock, unlock_timeout, comments, valid_id, create_by, create_time, change_by, change_time) VALUES
    ('Postmaster', 1, 1, 1, 1, 1, 0, 0, 'Postmaster queue.', 1, 1, current_timestamp, 1, current_timestamp),
    ('Raw', 1, 1, 1, 1, 1, 0, 0, 'All default incoming tickets.', 1, 1, current_timestamp, 1, current_timestamp),
    ('Junk', 1, 1, 1, 1, 1, 0, 0, 'All junk tickets.', 1, 1, current_timestamp, 1, current_timestamp),
    ('Misc', 1, 1, 1, 1, 1, 0, 0, 'All misc tickets.', 1, 1, current_timestamp, 1, current_timestamp);

INSERT INTO ticket_priority (name, valid_id, color, create_by, create_time, change_by, change_time) VALUES
    ('1 very low', 1, '#03c4f0ff', 1, current_timestamp, 1, current_timestamp),
    ('2 low', 1, '#83bfc8ff', 1, current_timestamp, 1, current_timestamp),
    ('3 normal', 1, '#cdcdcdff', 1, current_timestamp, 1, current_timestamp),
    ('4 high', 1, '#ffaaaaff', 1, current_timestamp, 1, current_timestamp),
    ('5 very high', 1, '#ff505eff', 1, current_timestamp, 1, current_timestamp);

INSERT INTO ticket_history_type (name, valid_id, create_by, create_time, change_by, change_time) VALUES
    ('NewTicket', 1, 1, current_timestamp, 1, current_timestamp),
    ('FollowUp', 1, 1, current_timestamp, 1, current_timestamp),
    ('SendAutoReject', 1, 1, current_timestamp, 1, current_timestamp),
    ('SendAutoReply', 1, 1, current_timestamp, 1, current_timestamp),
    ('SendAutoFollowUp', 1, 1, current_timestamp, 1, current_timestamp),
    ('Forward', 1, 1, current_timestamp, 1, current_timestamp),
    ('Bounce', 1, 1, current_timestamp, 1, current_timestamp),
    ('SendAnswer', 1, 1, current_timestamp, 1, current_timestamp),
    ('SendAgentNotification', 1, 1, current_timestamp, 1, current_timestamp),
    ('SendCustomerNotification', 1, 1, current_timestamp, 1, current_timestamp),
    ('EmailAgent', 1, 1, current_timestamp, 1, current_timestamp),
    ('EmailCustomer', 1, 1, current_timestamp, 1, current_timestamp),
    ('PhoneCallAgent', 1, 1, current_timestamp, 1, current_timestamp),
    ('PhoneCallCustomer', 1, 1, current_timestamp, 1, current_timestamp),
    ('AddNote', 1, 1, current_timestamp, 1, current_timestamp),
    ('Move', 1, 1, current_timestamp, 1, current_timestamp),
    ('Lock', 1, 1, current_timestamp, 1, current_timestamp),
    ('Unlock', 1, 1, current_timestamp, 1, current_timestamp),
    ('Remove', 1, 1, current_timestamp, 1, current_timestamp),
    ('TimeAccounting', 1, 1, current_timestamp, 1, current_timestamp),
    ('CustomerUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('PriorityUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('OwnerUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('LoopProtection', 1, 1, current_timestamp, 1, current_timestamp),
    ('Misc', 1, 1, current_timestamp, 1, current_timestamp),
    ('SetPendingTime', 1, 1, current_timestamp, 1, current_timestamp),
    ('StateUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('TicketDynamicFieldUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('WebRequestCustomer', 1, 1, current_timestamp, 1, current_timestamp),
    ('TicketLinkAdd', 1, 1, current_timestamp, 1, current_timestamp),
    ('TicketLinkDelete', 1, 1, current_timestamp, 1, current_timestamp),
    ('SystemRequest', 1, 1, current_timestamp, 1, current_timestamp),
    ('Merged', 1, 1, current_timestamp, 1, current_timestamp),
    ('ResponsibleUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('Subscribe', 1, 1, current_timestamp, 1, current_timestamp),
    ('Unsubscribe', 1, 1, current_timestamp, 1, current_timestamp),
    ('TypeUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('ServiceUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('SLAUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('ArchiveFlagUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationSolutionTimeStop', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationResponseTimeStart', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationUpdateTimeStart', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationSolutionTimeStart', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationResponseTimeNotifyBefore', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationUpdateTimeNotifyBefore', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationSolutionTimeNotifyBefore', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationResponseTimeStop', 1, 1, current_timestamp, 1, current_timestamp),
    ('EscalationUpdateTimeStop', 1, 1, current_timestamp, 1, current_timestamp),
    ('TitleUpdate', 1, 1, current_timestamp, 1, current_timestamp),
    ('EmailResend', 1, 1, current_timestamp, 1, current_timestamp),
    ('Bulk', 1, 1, current_timestamp, 1, current_timestamp);

INSERT INTO article_sender_type (name, valid_id, create_by, create_time, change_by, change_time) VALUES
    ('agent', 1, 1, current_timestamp, 1, current_timestamp),
    ('system', 1, 1, current_timestamp, 1, current_timestamp),
    ('customer', 1, 1, current_timestamp, 1, current_timestamp);

-- Foreign keys from schema-post.postgresql.sql whose both ends are copied here.
ALTER TABLE valid ADD CONSTRAINT FK_valid_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE valid ADD CONSTRAINT FK_valid_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE users ADD CONSTRAINT FK_users_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE users ADD CONSTRAINT FK_users_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE users ADD CONSTRAINT FK_users_valid_id_id FOREIGN KEY (valid_id) REFERENCES valid (id);
ALTER TABLE queue ADD CONSTRAINT FK_queue_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE queue ADD CONSTRAINT FK_queue_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE queue ADD CONSTRAINT FK_queue_valid_id_id FOREIGN KEY (valid_id) REFERENCES valid (id);
ALTER TABLE ticket_priority ADD CONSTRAINT FK_ticket_priority_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE ticket_priority ADD CONSTRAINT FK_ticket_priority_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE ticket_state ADD CONSTRAINT FK_ticket_state_type_id_id FOREIGN KEY (type_id) REFERENCES ticket_state_type (id);
ALTER TABLE ticket_state ADD CONSTRAINT FK_ticket_state_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE ticket_state ADD CONSTRAINT FK_ticket_state_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE ticket_state ADD CONSTRAINT FK_ticket_state_valid_id_id FOREIGN KEY (valid_id) REFERENCES valid (id);
ALTER TABLE ticket_state_type ADD CONSTRAINT FK_ticket_state_type_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE ticket_state_type ADD CONSTRAINT FK_ticket_state_type_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE ticket ADD CONSTRAINT FK_ticket_queue_id_id FOREIGN KEY (queue_id) REFERENCES queue (id);
ALTER TABLE ticket ADD CONSTRAINT FK_ticket_ticket_priority_id_id FOREIGN KEY (ticket_priority_id) REFERENCES ticket_priority (id);
ALTER TABLE ticket ADD CONSTRAINT FK_ticket_ticket_state_id_id FOREIGN KEY (ticket_state_id) REFERENCES ticket_state (id);
ALTER TABLE ticket ADD CONSTRAINT FK_ticket_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE ticket ADD CONSTRAINT FK_ticket_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE ticket ADD CONSTRAINT FK_ticket_user_id_id FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE ticket ADD CONSTRAINT FK_ticket_responsible_user_id_id FOREIGN KEY (responsible_user_id) REFERENCES users (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_article_id_id FOREIGN KEY (article_id) REFERENCES article (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_queue_id_id FOREIGN KEY (queue_id) REFERENCES queue (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_ticket_id_id FOREIGN KEY (ticket_id) REFERENCES ticket (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_history_type_id_id FOREIGN KEY (history_type_id) REFERENCES ticket_history_type (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_priority_id_id FOREIGN KEY (priority_id) REFERENCES ticket_priority (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_state_id_id FOREIGN KEY (state_id) REFERENCES ticket_state (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_owner_id_id FOREIGN KEY (owner_id) REFERENCES users (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE ticket_history ADD CONSTRAINT FK_ticket_history_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE ticket_history_type ADD CONSTRAINT FK_ticket_history_type_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE ticket_history_type ADD CONSTRAINT FK_ticket_history_type_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE ticket_history_type ADD CONSTRAINT FK_ticket_history_type_valid_id_id FOREIGN KEY (valid_id) REFERENCES valid (id);
ALTER TABLE article_sender_type ADD CONSTRAINT FK_article_sender_type_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE article_sender_type ADD CONSTRAINT FK_article_sender_type_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
ALTER TABLE article_sender_type ADD CONSTRAINT FK_article_sender_type_valid_id_id FOREIGN KEY (valid_id) REFERENCES valid (id);
ALTER TABLE article ADD CONSTRAINT FK_article_article_sender_type_id_id FOREIGN KEY (article_sender_type_id) REFERENCES article_sender_type (id);
ALTER TABLE article ADD CONSTRAINT FK_article_ticket_id_id FOREIGN KEY (ticket_id) REFERENCES ticket (id);
ALTER TABLE article ADD CONSTRAINT FK_article_create_by_id FOREIGN KEY (create_by) REFERENCES users (id);
ALTER TABLE article ADD CONSTRAINT FK_article_change_by_id FOREIGN KEY (change_by) REFERENCES users (id);
-- (customer_company has no foreign keys in Znuny.)
