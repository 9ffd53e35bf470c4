-- Request Tracker 5 (5.0.8) core ticket tables, copied verbatim from RT's PostgreSQL schema.
--
-- Source: RT (https://github.com/bestpractical/rt), tag rt-5.0.8 (commit 6388b747):
--   etc/schema.Pg      - CREATE SEQUENCE / CREATE TABLE / CREATE INDEX for Queues,
--                        Transactions, Users, Tickets (text copied unchanged)
--   etc/initialdata    - default queues 'General' and '___Approvals'
--   lib/RT/Handle.pm   - InsertInitialData: system users RT_System and Nobody
--   etc/RT_Config.pm.in - default lifecycle (statuses)
-- RT's identifiers are unquoted mixed case, so PostgreSQL folds them to lower case
-- (tickets, transactions, queues, users; columns effectiveid, lastupdated, ...).
--
-- Statuses (Tickets.Status, free text governed by the queue's lifecycle; 'default'):
--   initial: new   active: open, stalled   inactive: resolved, rejected, deleted
-- Time columns are TIMESTAMP (without time zone) holding UTC.  "Not set" is epoch 0:
-- RT::Ticket::Create writes Starts/Started/Resolved/Due as '1970-01-01 00:00:00' when
-- unset (RT::Date->IsSet is Unix != 0); Told stays NULL until first set.
--   Started  = set once, when the status first leaves the initial status.
--   Resolved = set to now EVERY time the status enters an inactive status; NOT cleared on
--              reopen (RT::Ticket::_SetStatus).
--   Told     = last correspondence from a non-requestor that was mailed to requestors.
-- Owner = Users.id (6 = Nobody = unowned).  Requestors/Cc/AdminCc are NOT columns: they are
-- members of role groups (Groups.Domain = 'RT::Ticket-Role', Instance = ticket id) - tables
-- not copied.  Merges: the merged ticket keeps its row, EffectiveId := surviving ticket id,
-- IsMerged := 1.  Deletion = Status 'deleted'.  Users.id equals the Principals.id (RT inserts
-- ids explicitly; users_id_seq is unused).
-- Transactions of interest: ObjectType 'RT::Ticket', Type in ('Create','Status','Set'
-- (Field 'Owner'/'Queue'/'Priority'/...),'Correspond','Comment','SetWatcher', ...),
-- OldValue/NewValue text.
--
-- Left out: every other table (Principals, Groups, GroupMembers, ACL, Attachments,
-- CustomFields, ...) and the initialdata rows for them; user 'root' (its id depends on how
-- many principals exist, 14 on a stock install, not verified here).  RT declares no
-- foreign keys in schema.Pg, so none are dropped.

CREATE SEQUENCE queues_id_seq;

CREATE TABLE Queues (
  id INTEGER DEFAULT nextval('queues_id_seq'),
  Name varchar(200) NOT NULL  ,
  Description varchar(255) NULL  ,
  CorrespondAddress varchar(120) NULL  ,
  CommentAddress varchar(120) NULL  ,
  Lifecycle varchar(32) NULL,
  SubjectTag varchar(120) NULL  ,
  SortOrder integer NOT NULL DEFAULT 0 ,
  Creator integer NOT NULL DEFAULT 0  ,
  Created TIMESTAMP NULL  ,
  LastUpdatedBy integer NOT NULL DEFAULT 0  ,
  LastUpdated TIMESTAMP NULL  ,
  SLADisabled integer NOT NULL DEFAULT 1 ,
  Disabled integer NOT NULL DEFAULT 0 ,
  PRIMARY KEY (id)

);
CREATE UNIQUE INDEX Queues1 ON Queues (LOWER(Name)) ;

CREATE SEQUENCE transactions_id_seq;

CREATE TABLE Transactions (
  id BIGINT DEFAULT nextval('transactions_id_seq'),
  ObjectType varchar(255) NOT NULL  ,
  ObjectId integer NOT NULL DEFAULT 0  ,
  TimeTaken integer NOT NULL DEFAULT 0  ,
  Type varchar(20) NULL  ,
  Field varchar(255) NULL  ,
  OldValue varchar(255) NULL  ,
  NewValue varchar(255) NULL  ,
  ReferenceType varchar(255) NULL,
  OldReference integer NULL  ,
  NewReference integer NULL  ,
  Data varchar(255) NULL  ,

  Creator integer NOT NULL DEFAULT 0  ,
  Created TIMESTAMP NULL  ,
  PRIMARY KEY (id)

);
CREATE INDEX Transactions1 ON Transactions (ObjectType, ObjectId);

CREATE SEQUENCE users_id_seq;

CREATE TABLE Users (
  id INTEGER DEFAULT nextval('users_id_seq'),
  Name varchar(200) NOT NULL  ,
  Password varchar(256) NULL  ,
  AuthToken varchar(16) NULL  ,
  Comments text NULL  ,
  Signature text NULL  ,
  EmailAddress varchar(120) NULL  ,
  FreeformContactInfo text NULL  ,
  Organization varchar(200) NULL  ,
  RealName varchar(120) NULL  ,
  NickName varchar(16) NULL  ,
  Lang varchar(16) NULL  ,
  Gecos varchar(16) NULL  ,
  HomePhone varchar(30) NULL  ,
  WorkPhone varchar(30) NULL  ,
  MobilePhone varchar(30) NULL  ,
  PagerPhone varchar(30) NULL  ,
  Address1 varchar(200) NULL  ,
  Address2 varchar(200) NULL  ,
  City varchar(100) NULL  ,
  State varchar(100) NULL  ,
  Zip varchar(16) NULL  ,
  Country varchar(50) NULL  ,
  Timezone varchar(50) NULL  ,
  SMIMECertificate text NULL,

  Creator integer NOT NULL DEFAULT 0  ,
  Created TIMESTAMP NULL  ,
  LastUpdatedBy integer NOT NULL DEFAULT 0  ,
  LastUpdated TIMESTAMP NULL  ,
  PRIMARY KEY (id)

);


CREATE UNIQUE INDEX Users1 ON Users (LOWER(Name)) ;
CREATE INDEX Users4 ON Users (LOWER(EmailAddress));

CREATE SEQUENCE tickets_id_seq;

CREATE TABLE Tickets (
  id INTEGER DEFAULT nextval('tickets_id_seq'),
  EffectiveId integer NOT NULL DEFAULT 0  ,
  IsMerged smallint NULL DEFAULT NULL ,
  Queue integer NOT NULL DEFAULT 0  ,
  Type varchar(16) NULL  ,
  Owner integer NOT NULL DEFAULT 0  ,
  Subject varchar(200) NULL DEFAULT '[no subject]' ,
  InitialPriority integer NOT NULL DEFAULT 0  ,
  FinalPriority integer NOT NULL DEFAULT 0  ,
  Priority integer NOT NULL DEFAULT 0  ,
  TimeEstimated integer NOT NULL DEFAULT 0  ,
  TimeWorked integer NOT NULL DEFAULT 0  ,
  Status varchar(64) NULL  ,
  SLA varchar(64) NULL  ,
  TimeLeft integer NOT NULL DEFAULT 0  ,
  Told TIMESTAMP NULL  ,
  Starts TIMESTAMP NULL  ,
  Started TIMESTAMP NULL  ,
  Due TIMESTAMP NULL  ,
  Resolved TIMESTAMP NULL  ,


  LastUpdatedBy integer NOT NULL DEFAULT 0  ,
  LastUpdated TIMESTAMP NULL  ,
  Creator integer NOT NULL DEFAULT 0  ,
  Created TIMESTAMP NULL  ,
  PRIMARY KEY (id)

);

CREATE INDEX Tickets1 ON Tickets (Queue, Status) ;
CREATE INDEX Tickets2 ON Tickets (Owner) ;
CREATE INDEX Tickets3 ON Tickets (EffectiveId) ;

-- Default rows.  Principal ids on a fresh install: 1 RT_System, 2 its ACL-equivalence
-- group, 3 Everyone, 4 Privileged, 5 Unprivileged, 6 Nobody.
INSERT INTO Users (id, Name, RealName, Comments, Creator, Created, LastUpdatedBy, LastUpdated) VALUES
    (1, 'RT_System', 'The RT System itself',
     'Do not delete or modify this user. It is integral to RT''s internal database structures',
     1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'),
    (6, 'Nobody', 'Nobody in particular',
     'Do not delete or modify this user. It is integral to RT''s internal data structures',
     1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC');

-- etc/initialdata @Queues (RT::Queue::Create defaults: Lifecycle 'default').
INSERT INTO Queues (id, Name, Description, CorrespondAddress, CommentAddress, Lifecycle, Creator, Created, LastUpdatedBy, LastUpdated, Disabled) VALUES
    (1, 'General', 'The default queue', '', '', 'default', 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC', 0),
    (2, '___Approvals', 'A system-internal queue for the approvals system', '', '', 'approvals', 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC', 2);
SELECT setval('queues_id_seq', 2);
