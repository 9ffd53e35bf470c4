-- GLPI 10 (10.0.x) ticket tables, as a MySQL->PostgreSQL replication (pgloader style) would
-- create them.
--
-- Source: GLPI (https://github.com/glpi-project/glpi), GLPI 10.0.19 install tree
--   install/mysql/glpi-empty.sql   (table definitions)
--   install/empty_data.php         (default rows: root entity, default users)
--   src/CommonITILObject.php, src/CommonITILActor.php, src/Ticket.php (status/actor codes)
--   src/Log.php, src/CommonDBTM.php, src/CommonDBRelation.php, src/Group_Ticket.php,
--   CommonITILObject::rawSearchOptions (glpi_logs: what is logged, and how)
-- read from an unmodified import of the 10.0.19 release (github:RHILIUS/GLPI-Techwise,
-- first commit b3c61fe9, inc/define.php GLPI_VERSION '10.0.19'); the glpi_tickets and
-- glpi_tickets_users definitions were checked identical to upstream
-- glpi-project/glpi install/mysql/glpi-10.0.22-empty.sql (commit f2871eb1).
-- Every column of the copied tables is kept, in GLPI's order.
--
-- Type translation (pgloader default casting, except timestamps as requested):
--   int unsigned AUTO_INCREMENT -> bigserial      int unsigned -> bigint
--   int                          -> integer        tinyint      -> smallint (no boolean cast:
--                                                                 MySQL 8 tinyint has no (1) width)
--   timestamp                    -> timestamp without time zone (pgloader itself would cast
--                                   to timestamptz)
--   varchar(n)/char(n)           -> character varying(n)/character(n)
--   text/longtext                -> text
--   DEFAULT '0' etc.             -> numeric default;  KEY/UNIQUE KEY -> index named
--                                   <table>_<mysql key name> (pgloader names them
--                                   idx_<oid>_<key name>).
-- GLPI writes 'Y-m-d H:i:s' strings in the GLPI/user time zone into MySQL timestamp
-- columns; what lands in the PostgreSQL copy depends on the replication session time zone.
--
-- GLPI status codes (CommonITILObject constants) for glpi_tickets.status:
--   1 INCOMING (new), 2 ASSIGNED (processing, assigned), 3 PLANNED (processing, planned),
--   4 WAITING (pending), 5 SOLVED, 6 CLOSED
--   (7 ACCEPTED .. 12 QUALIFICATION are used by changes/problems, not tickets)
-- Actor link-table `type` codes (CommonITILActor) for glpi_tickets_users.type and
-- glpi_groups_tickets.type: 1 REQUESTER, 2 ASSIGN (assigned to), 3 OBSERVER
-- glpi_tickets.type: 1 incident (Ticket::INCIDENT_TYPE), 2 request (Ticket::DEMAND_TYPE)
-- urgency/impact/priority: 1 very low .. 5 very high, 6 major (priority only)
-- global_validation: 1 none, 2 waiting, 3 accepted, 4 refused
-- solvedate/closedate are set when the status becomes 5/6 and reset to NULL when the
-- ticket leaves the solved/closed statuses (CommonITILObject::prepareInputForUpdate).
--
-- glpi_logs (Log::history, Log::constructHistory): one row per logged change, date_mod =
-- $_SESSION['glpi_currenttime'] (the request's time, the one written to the item's
-- date_mod; local time as above).  CommonDBTM::update logs each INPUT field whose value
-- changed, linked_action 0, id_search_option = the item's search option for that column:
-- for a Ticket 12 status, 3 priority, 10 urgency, 11 impact, 15 date, 16 closedate,
-- 17 solvedate, 19 date_mod, 80 entity (CommonITILObject::rawSearchOptions).  A column of
-- the ticket itself is logged as its raw value ('2', '5', '2026-10-26 10:00:00'; NULL as '',
-- a cleared date as the string 'NULL'); a link column (entities_id, ...) as
-- sprintf('%1$s (%2$s)', name, id), e.g. 'Root entity > Initech (1)'.  Values are cut to
-- 180 characters.  Columns set by the code, not by the input, are not logged unless it also
-- fills oldvalues: solvedate and closedate are (CommonITILObject::pre_updateInDB when the
-- status becomes solved/closed); takeintoaccountdate, the *_delay_stat columns and
-- date_mod are not.  Creating an item logs linked_action 20 (HISTORY_CREATE_ITEM), putting
-- it in the trash 13 (HISTORY_DELETE_ITEM), restoring it 14 (HISTORY_RESTORE_ITEM), each
-- with id_search_option 0 and empty values.  Actor links (Group_Ticket) log on the ticket
-- linked_action 15 (add, id_search_option 8 assigned group, 71 requester group, 65
-- observer group, new_value 'Name (id)') and 16 (delete, id_search_option 0, old_value
-- 'Name (id)'), itemtype_link 'Group'.
--
-- Left out: every other table (MySQL has no foreign keys here: GLPI links by *_id columns
-- with 0 meaning "none", so no FK is dropped); FULLTEXT keys (none in these tables);
-- passwords of the default users (bcrypt hashes generated at install time -> NULL here);
-- all default rows of other tables (requesttypes, profiles, ticket templates, ...).

CREATE TABLE glpi_entities (
    id                                       bigint NOT NULL DEFAULT 0,
    name                                     character varying(255),
    entities_id                              bigint DEFAULT 0,
    completename                             text,
    comment                                  text,
    level                                    integer NOT NULL DEFAULT 0,
    sons_cache                               text,
    ancestors_cache                          text,
    registration_number                      character varying(255),
    address                                  text,
    postcode                                 character varying(255),
    town                                     character varying(255),
    state                                    character varying(255),
    country                                  character varying(255),
    website                                  character varying(255),
    phonenumber                              character varying(255),
    fax                                      character varying(255),
    email                                    character varying(255),
    admin_email                              character varying(255),
    admin_email_name                         character varying(255),
    from_email                               character varying(255),
    from_email_name                          character varying(255),
    noreply_email                            character varying(255),
    noreply_email_name                       character varying(255),
    replyto_email                            character varying(255),
    replyto_email_name                       character varying(255),
    notification_subject_tag                 character varying(255),
    ldap_dn                                  character varying(255),
    tag                                      character varying(255),
    authldaps_id                             bigint NOT NULL DEFAULT 0,
    mail_domain                              character varying(255),
    entity_ldapfilter                        text,
    mailing_signature                        text,
    cartridges_alert_repeat                  integer NOT NULL DEFAULT -2,
    consumables_alert_repeat                 integer NOT NULL DEFAULT -2,
    use_licenses_alert                       integer NOT NULL DEFAULT -2,
    send_licenses_alert_before_delay         integer NOT NULL DEFAULT -2,
    use_certificates_alert                   integer NOT NULL DEFAULT -2,
    send_certificates_alert_before_delay     integer NOT NULL DEFAULT -2,
    certificates_alert_repeat_interval       integer NOT NULL DEFAULT -2,
    use_contracts_alert                      integer NOT NULL DEFAULT -2,
    send_contracts_alert_before_delay        integer NOT NULL DEFAULT -2,
    use_infocoms_alert                       integer NOT NULL DEFAULT -2,
    send_infocoms_alert_before_delay         integer NOT NULL DEFAULT -2,
    use_reservations_alert                   integer NOT NULL DEFAULT -2,
    use_domains_alert                        integer NOT NULL DEFAULT -2,
    send_domains_alert_close_expiries_delay  integer NOT NULL DEFAULT -2,
    send_domains_alert_expired_delay         integer NOT NULL DEFAULT -2,
    autoclose_delay                          integer NOT NULL DEFAULT -2,
    autopurge_delay                          integer NOT NULL DEFAULT -2,
    notclosed_delay                          integer NOT NULL DEFAULT -2,
    calendars_strategy                       smallint NOT NULL DEFAULT -2,
    calendars_id                             bigint NOT NULL DEFAULT 0,
    auto_assign_mode                         integer NOT NULL DEFAULT -2,
    tickettype                               integer NOT NULL DEFAULT -2,
    max_closedate                            timestamp without time zone,
    inquest_config                           integer NOT NULL DEFAULT -2,
    inquest_rate                             integer NOT NULL DEFAULT 0,
    inquest_delay                            integer NOT NULL DEFAULT -10,
    inquest_URL                              character varying(255),
    autofill_warranty_date                   character varying(255) NOT NULL DEFAULT '-2',
    autofill_use_date                        character varying(255) NOT NULL DEFAULT '-2',
    autofill_buy_date                        character varying(255) NOT NULL DEFAULT '-2',
    autofill_delivery_date                   character varying(255) NOT NULL DEFAULT '-2',
    autofill_order_date                      character varying(255) NOT NULL DEFAULT '-2',
    tickettemplates_strategy                 smallint NOT NULL DEFAULT -2,
    tickettemplates_id                       bigint NOT NULL DEFAULT 0,
    changetemplates_strategy                 smallint NOT NULL DEFAULT -2,
    changetemplates_id                       bigint NOT NULL DEFAULT 0,
    problemtemplates_strategy                smallint NOT NULL DEFAULT -2,
    problemtemplates_id                      bigint NOT NULL DEFAULT 0,
    entities_strategy_software               smallint NOT NULL DEFAULT -2,
    entities_id_software                     bigint NOT NULL DEFAULT 0,
    default_contract_alert                   integer NOT NULL DEFAULT -2,
    default_infocom_alert                    integer NOT NULL DEFAULT -2,
    default_cartridges_alarm_threshold       integer NOT NULL DEFAULT -2,
    default_consumables_alarm_threshold      integer NOT NULL DEFAULT -2,
    delay_send_emails                        integer NOT NULL DEFAULT -2,
    is_notif_enable_default                  integer NOT NULL DEFAULT -2,
    inquest_duration                         integer NOT NULL DEFAULT 0,
    date_mod                                 timestamp without time zone,
    date_creation                            timestamp without time zone,
    autofill_decommission_date               character varying(255) NOT NULL DEFAULT '-2',
    suppliers_as_private                     integer NOT NULL DEFAULT -2,
    anonymize_support_agents                 integer NOT NULL DEFAULT -2,
    display_users_initials                   integer NOT NULL DEFAULT -2,
    contracts_strategy_default               smallint NOT NULL DEFAULT -2,
    contracts_id_default                     bigint NOT NULL DEFAULT 0,
    enable_custom_css                        integer NOT NULL DEFAULT -2,
    custom_css_code                          text,
    latitude                                 character varying(255),
    longitude                                character varying(255),
    altitude                                 character varying(255),
    transfers_strategy                       smallint NOT NULL DEFAULT -2,
    transfers_id                             bigint NOT NULL DEFAULT 0,
    agent_base_url                           character varying(255),
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX glpi_entities_unicity ON glpi_entities (entities_id, name);
CREATE INDEX glpi_entities_name ON glpi_entities (name);
CREATE INDEX glpi_entities_date_mod ON glpi_entities (date_mod);
CREATE INDEX glpi_entities_date_creation ON glpi_entities (date_creation);
CREATE INDEX glpi_entities_tickettemplates_id ON glpi_entities (tickettemplates_id);
CREATE INDEX glpi_entities_changetemplates_id ON glpi_entities (changetemplates_id);
CREATE INDEX glpi_entities_problemtemplates_id ON glpi_entities (problemtemplates_id);
CREATE INDEX glpi_entities_transfers_id ON glpi_entities (transfers_id);
CREATE INDEX glpi_entities_authldaps_id ON glpi_entities (authldaps_id);
CREATE INDEX glpi_entities_calendars_id ON glpi_entities (calendars_id);
CREATE INDEX glpi_entities_entities_id_software ON glpi_entities (entities_id_software);
CREATE INDEX glpi_entities_contracts_id_default ON glpi_entities (contracts_id_default);
CREATE INDEX glpi_entities_level ON glpi_entities (level);

CREATE TABLE glpi_users (
    id                                       bigserial NOT NULL,
    name                                     character varying(255),
    password                                 character varying(255),
    password_last_update                     timestamp without time zone,
    phone                                    character varying(255),
    phone2                                   character varying(255),
    mobile                                   character varying(255),
    realname                                 character varying(255),
    firstname                                character varying(255),
    locations_id                             bigint NOT NULL DEFAULT 0,
    language                                 character(10),  -- see define.php CFG_GLPI[language] array
    use_mode                                 integer NOT NULL DEFAULT 0,
    list_limit                               integer,
    is_active                                smallint NOT NULL DEFAULT 1,
    comment                                  text,
    auths_id                                 bigint NOT NULL DEFAULT 0,
    authtype                                 integer NOT NULL DEFAULT 0,
    last_login                               timestamp without time zone,
    date_mod                                 timestamp without time zone,
    date_sync                                timestamp without time zone,
    is_deleted                               smallint NOT NULL DEFAULT 0,
    profiles_id                              bigint NOT NULL DEFAULT 0,
    entities_id                              bigint DEFAULT 0,
    usertitles_id                            bigint NOT NULL DEFAULT 0,
    usercategories_id                        bigint NOT NULL DEFAULT 0,
    date_format                              integer,
    number_format                            integer,
    names_format                             integer,
    csv_delimiter                            character(1),
    is_ids_visible                           smallint,
    use_flat_dropdowntree                    smallint,
    use_flat_dropdowntree_on_search_result   smallint,
    show_jobs_at_login                       smallint,
    priority_1                               character(20),
    priority_2                               character(20),
    priority_3                               character(20),
    priority_4                               character(20),
    priority_5                               character(20),
    priority_6                               character(20),
    followup_private                         smallint,
    task_private                             smallint,
    default_requesttypes_id                  bigint,
    password_forget_token                    character(40),
    password_forget_token_date               timestamp without time zone,
    user_dn                                  text,
    user_dn_hash                             character varying(32),
    registration_number                      character varying(255),
    show_count_on_tabs                       smallint,
    refresh_views                            integer,
    set_default_tech                         smallint,
    personal_token                           character varying(255),
    personal_token_date                      timestamp without time zone,
    api_token                                character varying(255),
    api_token_date                           timestamp without time zone,
    cookie_token                             character varying(255),
    cookie_token_date                        timestamp without time zone,
    display_count_on_home                    integer,
    notification_to_myself                   smallint,
    duedateok_color                          character varying(255),
    duedatewarning_color                     character varying(255),
    duedatecritical_color                    character varying(255),
    duedatewarning_less                      integer,
    duedatecritical_less                     integer,
    duedatewarning_unit                      character varying(255),
    duedatecritical_unit                     character varying(255),
    display_options                          text,
    is_deleted_ldap                          smallint NOT NULL DEFAULT 0,
    pdffont                                  character varying(255),
    picture                                  character varying(255),
    begin_date                               timestamp without time zone,
    end_date                                 timestamp without time zone,
    keep_devices_when_purging_item           smallint,
    privatebookmarkorder                     text,
    backcreated                              smallint,
    task_state                               integer,
    palette                                  character(20),
    page_layout                              character(20),
    fold_menu                                smallint,
    fold_search                              smallint,
    savedsearches_pinned                     text,
    timeline_order                           character(20),
    itil_layout                              text,
    richtext_layout                          character(20),
    set_default_requester                    smallint,
    lock_autolock_mode                       smallint,
    lock_directunlock_notification           smallint,
    date_creation                            timestamp without time zone,
    highcontrast_css                         smallint DEFAULT 0,
    plannings                                text,
    sync_field                               character varying(255),
    groups_id                                bigint NOT NULL DEFAULT 0,
    users_id_supervisor                      bigint NOT NULL DEFAULT 0,
    timezone                                 character varying(50),
    default_dashboard_central                character varying(100),
    default_dashboard_assets                 character varying(100),
    default_dashboard_helpdesk               character varying(100),
    default_dashboard_mini_ticket            character varying(100),
    default_central_tab                      smallint DEFAULT 0,
    nickname                                 character varying(255),
    timeline_action_btn_layout               smallint,
    timeline_date_format                     smallint,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX glpi_users_unicityloginauth ON glpi_users (name, authtype, auths_id);
CREATE INDEX glpi_users_firstname ON glpi_users (firstname);
CREATE INDEX glpi_users_realname ON glpi_users (realname);
CREATE INDEX glpi_users_entities_id ON glpi_users (entities_id);
CREATE INDEX glpi_users_profiles_id ON glpi_users (profiles_id);
CREATE INDEX glpi_users_locations_id ON glpi_users (locations_id);
CREATE INDEX glpi_users_usertitles_id ON glpi_users (usertitles_id);
CREATE INDEX glpi_users_usercategories_id ON glpi_users (usercategories_id);
CREATE INDEX glpi_users_is_deleted ON glpi_users (is_deleted);
CREATE INDEX glpi_users_is_active ON glpi_users (is_active);
CREATE INDEX glpi_users_date_mod ON glpi_users (date_mod);
CREATE INDEX glpi_users_authitem ON glpi_users (authtype, auths_id);
CREATE INDEX glpi_users_is_deleted_ldap ON glpi_users (is_deleted_ldap);
CREATE INDEX glpi_users_date_creation ON glpi_users (date_creation);
CREATE INDEX glpi_users_begin_date ON glpi_users (begin_date);
CREATE INDEX glpi_users_end_date ON glpi_users (end_date);
CREATE INDEX glpi_users_sync_field ON glpi_users (sync_field);
CREATE INDEX glpi_users_groups_id ON glpi_users (groups_id);
CREATE INDEX glpi_users_users_id_supervisor ON glpi_users (users_id_supervisor);
CREATE INDEX glpi_users_auths_id ON glpi_users (auths_id);
CREATE INDEX glpi_users_default_requesttypes_id ON glpi_users (default_requesttypes_id);
CREATE INDEX glpi_users_user_dn_hash ON glpi_users (user_dn_hash);

CREATE TABLE glpi_groups (
    id                                       bigserial NOT NULL,
    entities_id                              bigint NOT NULL DEFAULT 0,
    is_recursive                             smallint NOT NULL DEFAULT 0,
    name                                     character varying(255),
    comment                                  text,
    ldap_field                               character varying(255),
    ldap_value                               text,
    ldap_group_dn                            text,
    date_mod                                 timestamp without time zone,
    groups_id                                bigint NOT NULL DEFAULT 0,
    completename                             text,
    level                                    integer NOT NULL DEFAULT 0,
    ancestors_cache                          text,
    sons_cache                               text,
    is_requester                             smallint NOT NULL DEFAULT 1,
    is_watcher                               smallint NOT NULL DEFAULT 1,
    is_assign                                smallint NOT NULL DEFAULT 1,
    is_task                                  smallint NOT NULL DEFAULT 1,
    is_notify                                smallint NOT NULL DEFAULT 1,
    is_itemgroup                             smallint NOT NULL DEFAULT 1,
    is_usergroup                             smallint NOT NULL DEFAULT 1,
    is_manager                               smallint NOT NULL DEFAULT 1,
    date_creation                            timestamp without time zone,
    PRIMARY KEY (id)
);
CREATE INDEX glpi_groups_name ON glpi_groups (name);
CREATE INDEX glpi_groups_ldap_field ON glpi_groups (ldap_field);
CREATE INDEX glpi_groups_entities_id ON glpi_groups (entities_id);
CREATE INDEX glpi_groups_is_recursive ON glpi_groups (is_recursive);
CREATE INDEX glpi_groups_date_mod ON glpi_groups (date_mod);
CREATE INDEX glpi_groups_ldap_value ON glpi_groups (ldap_value);
CREATE INDEX glpi_groups_ldap_group_dn ON glpi_groups (ldap_group_dn);
CREATE INDEX glpi_groups_groups_id ON glpi_groups (groups_id);
CREATE INDEX glpi_groups_is_requester ON glpi_groups (is_requester);
CREATE INDEX glpi_groups_is_watcher ON glpi_groups (is_watcher);
CREATE INDEX glpi_groups_is_assign ON glpi_groups (is_assign);
CREATE INDEX glpi_groups_is_notify ON glpi_groups (is_notify);
CREATE INDEX glpi_groups_is_itemgroup ON glpi_groups (is_itemgroup);
CREATE INDEX glpi_groups_is_usergroup ON glpi_groups (is_usergroup);
CREATE INDEX glpi_groups_is_manager ON glpi_groups (is_manager);
CREATE INDEX glpi_groups_date_creation ON glpi_groups (date_creation);
CREATE INDEX glpi_groups_level ON glpi_groups (level);

CREATE TABLE glpi_itilcategories (
    id                                       bigserial NOT NULL,
    entities_id                              bigint NOT NULL DEFAULT 0,
    is_recursive                             smallint NOT NULL DEFAULT 0,
    itilcategories_id                        bigint NOT NULL DEFAULT 0,
    name                                     character varying(255),
    completename                             text,
    comment                                  text,
    level                                    integer NOT NULL DEFAULT 0,
    knowbaseitemcategories_id                bigint NOT NULL DEFAULT 0,
    users_id                                 bigint NOT NULL DEFAULT 0,
    groups_id                                bigint NOT NULL DEFAULT 0,
    code                                     character varying(255),
    ancestors_cache                          text,
    sons_cache                               text,
    is_helpdeskvisible                       smallint NOT NULL DEFAULT 1,
    tickettemplates_id_incident              bigint NOT NULL DEFAULT 0,
    tickettemplates_id_demand                bigint NOT NULL DEFAULT 0,
    changetemplates_id                       bigint NOT NULL DEFAULT 0,
    problemtemplates_id                      bigint NOT NULL DEFAULT 0,
    is_incident                              integer NOT NULL DEFAULT 1,
    is_request                               integer NOT NULL DEFAULT 1,
    is_problem                               integer NOT NULL DEFAULT 1,
    is_change                                smallint NOT NULL DEFAULT 1,
    date_mod                                 timestamp without time zone,
    date_creation                            timestamp without time zone,
    PRIMARY KEY (id)
);
CREATE INDEX glpi_itilcategories_name ON glpi_itilcategories (name);
CREATE INDEX glpi_itilcategories_entities_id ON glpi_itilcategories (entities_id);
CREATE INDEX glpi_itilcategories_is_recursive ON glpi_itilcategories (is_recursive);
CREATE INDEX glpi_itilcategories_knowbaseitemcategories_id ON glpi_itilcategories (knowbaseitemcategories_id);
CREATE INDEX glpi_itilcategories_users_id ON glpi_itilcategories (users_id);
CREATE INDEX glpi_itilcategories_groups_id ON glpi_itilcategories (groups_id);
CREATE INDEX glpi_itilcategories_is_helpdeskvisible ON glpi_itilcategories (is_helpdeskvisible);
CREATE INDEX glpi_itilcategories_itilcategories_id ON glpi_itilcategories (itilcategories_id);
CREATE INDEX glpi_itilcategories_tickettemplates_id_incident ON glpi_itilcategories (tickettemplates_id_incident);
CREATE INDEX glpi_itilcategories_tickettemplates_id_demand ON glpi_itilcategories (tickettemplates_id_demand);
CREATE INDEX glpi_itilcategories_changetemplates_id ON glpi_itilcategories (changetemplates_id);
CREATE INDEX glpi_itilcategories_problemtemplates_id ON glpi_itilcategories (problemtemplates_id);
CREATE INDEX glpi_itilcategories_is_incident ON glpi_itilcategories (is_incident);
CREATE INDEX glpi_itilcategories_is_request ON glpi_itilcategories (is_request);
CREATE INDEX glpi_itilcategories_is_problem ON glpi_itilcategories (is_problem);
CREATE INDEX glpi_itilcategories_is_change ON glpi_itilcategories (is_change);
CREATE INDEX glpi_itilcategories_date_mod ON glpi_itilcategories (date_mod);
CREATE INDEX glpi_itilcategories_date_creation ON glpi_itilcategories (date_creation);
CREATE INDEX glpi_itilcategories_level ON glpi_itilcategories (level);

-- Service levels (SLM) and their SLAs, from install/mysql/glpi-10.0.22-empty.sql (the
-- same in glpi-empty.sql at 0041a2e0, 2022).  glpi_slas.type 0 is a time to resolve
-- (SLM::TTR), 1 a time to own (SLM::TTO); a ticket names its SLAs in slas_id_ttr and
-- slas_id_tto (0: none), set by business rules or by hand (src/SLM.php,
-- src/LevelAgreement.php getFieldNames, 10.0 branch).  number_time and
-- definition_time ('minute', 'hour', 'day', 'month') are the goal; calendars_id 0 is
-- 24/7; an SLA copies its SLM's calendar settings.
CREATE TABLE glpi_slms (
    id                                       bigserial NOT NULL,
    name                                     character varying(255),
    entities_id                              bigint NOT NULL DEFAULT 0,
    is_recursive                             smallint NOT NULL DEFAULT 0,
    comment                                  text,
    use_ticket_calendar                      smallint NOT NULL DEFAULT 0,
    calendars_id                             bigint NOT NULL DEFAULT 0,
    date_mod                                 timestamp without time zone,
    date_creation                            timestamp without time zone,
    PRIMARY KEY (id)
);
CREATE INDEX glpi_slms_name ON glpi_slms (name);
CREATE INDEX glpi_slms_entities_id ON glpi_slms (entities_id);
CREATE INDEX glpi_slms_is_recursive ON glpi_slms (is_recursive);
CREATE INDEX glpi_slms_calendars_id ON glpi_slms (calendars_id);
CREATE INDEX glpi_slms_date_mod ON glpi_slms (date_mod);
CREATE INDEX glpi_slms_date_creation ON glpi_slms (date_creation);

CREATE TABLE glpi_slas (
    id                                       bigserial NOT NULL,
    name                                     character varying(255),
    entities_id                              bigint NOT NULL DEFAULT 0,
    is_recursive                             smallint NOT NULL DEFAULT 0,
    type                                     integer NOT NULL DEFAULT 0,
    comment                                  text,
    number_time                              integer NOT NULL,
    use_ticket_calendar                      smallint NOT NULL DEFAULT 0,
    calendars_id                             bigint NOT NULL DEFAULT 0,
    date_mod                                 timestamp without time zone,
    definition_time                          character varying(255),
    end_of_working_day                       smallint NOT NULL DEFAULT 0,
    date_creation                            timestamp without time zone,
    slms_id                                  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (id)
);
CREATE INDEX glpi_slas_name ON glpi_slas (name);
CREATE INDEX glpi_slas_entities_id ON glpi_slas (entities_id);
CREATE INDEX glpi_slas_is_recursive ON glpi_slas (is_recursive);
CREATE INDEX glpi_slas_date_mod ON glpi_slas (date_mod);
CREATE INDEX glpi_slas_date_creation ON glpi_slas (date_creation);
CREATE INDEX glpi_slas_calendars_id ON glpi_slas (calendars_id);
CREATE INDEX glpi_slas_slms_id ON glpi_slas (slms_id);

CREATE TABLE glpi_tickets (
    id                                       bigserial NOT NULL,
    entities_id                              bigint NOT NULL DEFAULT 0,
    name                                     character varying(255),
    date                                     timestamp without time zone,
    closedate                                timestamp without time zone,
    solvedate                                timestamp without time zone,
    takeintoaccountdate                      timestamp without time zone,
    date_mod                                 timestamp without time zone,
    users_id_lastupdater                     bigint NOT NULL DEFAULT 0,
    status                                   integer NOT NULL DEFAULT 1,
    users_id_recipient                       bigint NOT NULL DEFAULT 0,
    requesttypes_id                          bigint NOT NULL DEFAULT 0,
    content                                  text,
    urgency                                  integer NOT NULL DEFAULT 1,
    impact                                   integer NOT NULL DEFAULT 1,
    priority                                 integer NOT NULL DEFAULT 1,
    itilcategories_id                        bigint NOT NULL DEFAULT 0,
    type                                     integer NOT NULL DEFAULT 1,
    global_validation                        integer NOT NULL DEFAULT 1,
    slas_id_ttr                              bigint NOT NULL DEFAULT 0,
    slas_id_tto                              bigint NOT NULL DEFAULT 0,
    slalevels_id_ttr                         bigint NOT NULL DEFAULT 0,
    time_to_resolve                          timestamp without time zone,
    time_to_own                              timestamp without time zone,
    begin_waiting_date                       timestamp without time zone,
    sla_waiting_duration                     integer NOT NULL DEFAULT 0,
    ola_waiting_duration                     integer NOT NULL DEFAULT 0,
    olas_id_tto                              bigint NOT NULL DEFAULT 0,
    olas_id_ttr                              bigint NOT NULL DEFAULT 0,
    olalevels_id_ttr                         bigint NOT NULL DEFAULT 0,
    ola_tto_begin_date                       timestamp without time zone,
    ola_ttr_begin_date                       timestamp without time zone,
    internal_time_to_resolve                 timestamp without time zone,
    internal_time_to_own                     timestamp without time zone,
    waiting_duration                         integer NOT NULL DEFAULT 0,
    close_delay_stat                         integer NOT NULL DEFAULT 0,
    solve_delay_stat                         integer NOT NULL DEFAULT 0,
    takeintoaccount_delay_stat               integer NOT NULL DEFAULT 0,
    actiontime                               integer NOT NULL DEFAULT 0,
    is_deleted                               smallint NOT NULL DEFAULT 0,
    locations_id                             bigint NOT NULL DEFAULT 0,
    validation_percent                       integer NOT NULL DEFAULT 0,
    date_creation                            timestamp without time zone,
    PRIMARY KEY (id)
);
CREATE INDEX glpi_tickets_date ON glpi_tickets (date);
CREATE INDEX glpi_tickets_closedate ON glpi_tickets (closedate);
CREATE INDEX glpi_tickets_status ON glpi_tickets (status);
CREATE INDEX glpi_tickets_priority ON glpi_tickets (priority);
CREATE INDEX glpi_tickets_request_type ON glpi_tickets (requesttypes_id);
CREATE INDEX glpi_tickets_date_mod ON glpi_tickets (date_mod);
CREATE INDEX glpi_tickets_entities_id ON glpi_tickets (entities_id);
CREATE INDEX glpi_tickets_users_id_recipient ON glpi_tickets (users_id_recipient);
CREATE INDEX glpi_tickets_solvedate ON glpi_tickets (solvedate);
CREATE INDEX glpi_tickets_takeintoaccountdate ON glpi_tickets (takeintoaccountdate);
CREATE INDEX glpi_tickets_urgency ON glpi_tickets (urgency);
CREATE INDEX glpi_tickets_impact ON glpi_tickets (impact);
CREATE INDEX glpi_tickets_global_validation ON glpi_tickets (global_validation);
CREATE INDEX glpi_tickets_slas_id_tto ON glpi_tickets (slas_id_tto);
CREATE INDEX glpi_tickets_slas_id_ttr ON glpi_tickets (slas_id_ttr);
CREATE INDEX glpi_tickets_time_to_resolve ON glpi_tickets (time_to_resolve);
CREATE INDEX glpi_tickets_time_to_own ON glpi_tickets (time_to_own);
CREATE INDEX glpi_tickets_olas_id_tto ON glpi_tickets (olas_id_tto);
CREATE INDEX glpi_tickets_olas_id_ttr ON glpi_tickets (olas_id_ttr);
CREATE INDEX glpi_tickets_slalevels_id_ttr ON glpi_tickets (slalevels_id_ttr);
CREATE INDEX glpi_tickets_internal_time_to_resolve ON glpi_tickets (internal_time_to_resolve);
CREATE INDEX glpi_tickets_internal_time_to_own ON glpi_tickets (internal_time_to_own);
CREATE INDEX glpi_tickets_users_id_lastupdater ON glpi_tickets (users_id_lastupdater);
CREATE INDEX glpi_tickets_type ON glpi_tickets (type);
CREATE INDEX glpi_tickets_itilcategories_id ON glpi_tickets (itilcategories_id);
CREATE INDEX glpi_tickets_is_deleted ON glpi_tickets (is_deleted);
CREATE INDEX glpi_tickets_name ON glpi_tickets (name);
CREATE INDEX glpi_tickets_locations_id ON glpi_tickets (locations_id);
CREATE INDEX glpi_tickets_date_creation ON glpi_tickets (date_creation);
CREATE INDEX glpi_tickets_ola_waiting_duration ON glpi_tickets (ola_waiting_duration);
CREATE INDEX glpi_tickets_olalevels_id_ttr ON glpi_tickets (olalevels_id_ttr);

CREATE TABLE glpi_tickets_users (
    id                                       bigserial NOT NULL,
    tickets_id                               bigint NOT NULL DEFAULT 0,
    users_id                                 bigint NOT NULL DEFAULT 0,
    type                                     integer NOT NULL DEFAULT 1,
    use_notification                         smallint NOT NULL DEFAULT 1,
    alternative_email                        character varying(255),
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX glpi_tickets_users_unicity ON glpi_tickets_users (tickets_id, type, users_id, alternative_email);
CREATE INDEX glpi_tickets_users_user ON glpi_tickets_users (users_id, type);

CREATE TABLE glpi_groups_tickets (
    id                                       bigserial NOT NULL,
    tickets_id                               bigint NOT NULL DEFAULT 0,
    groups_id                                bigint NOT NULL DEFAULT 0,
    type                                     integer NOT NULL DEFAULT 1,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX glpi_groups_tickets_unicity ON glpi_groups_tickets (tickets_id, type, groups_id);
CREATE INDEX glpi_groups_tickets_group ON glpi_groups_tickets (groups_id, type);

CREATE TABLE glpi_logs (
    id                                       bigserial NOT NULL,
    itemtype                                 character varying(100) NOT NULL DEFAULT '',
    items_id                                 bigint NOT NULL DEFAULT 0,
    itemtype_link                            character varying(100) NOT NULL DEFAULT '',
    linked_action                            integer NOT NULL DEFAULT 0,  -- see define.php HISTORY_* constant
    user_name                                character varying(255),
    date_mod                                 timestamp without time zone,
    id_search_option                         integer NOT NULL DEFAULT 0,  -- see search.constant.php for value
    old_value                                character varying(255),
    new_value                                character varying(255),
    PRIMARY KEY (id)
);
CREATE INDEX glpi_logs_date_mod ON glpi_logs (date_mod);
CREATE INDEX glpi_logs_itemtype_link ON glpi_logs (itemtype_link);
CREATE INDEX glpi_logs_item ON glpi_logs (itemtype, items_id);
CREATE INDEX glpi_logs_id_search_option ON glpi_logs (id_search_option);

-- Default rows from install/empty_data.php (10.0.19) for the copied tables.
-- glpi_groups, glpi_itilcategories, glpi_tickets, glpi_tickets_users, glpi_groups_tickets
-- and glpi_logs are empty after installation.

INSERT INTO glpi_entities (
    id, name, entities_id, completename, comment, level,
    cartridges_alert_repeat, consumables_alert_repeat, use_licenses_alert,
    send_licenses_alert_before_delay, use_certificates_alert,
    send_certificates_alert_before_delay, certificates_alert_repeat_interval,
    use_contracts_alert, send_contracts_alert_before_delay, use_infocoms_alert,
    send_infocoms_alert_before_delay, use_reservations_alert, use_domains_alert,
    send_domains_alert_close_expiries_delay, send_domains_alert_expired_delay,
    autoclose_delay, autopurge_delay, notclosed_delay, calendars_strategy,
    auto_assign_mode, tickettype, inquest_config, inquest_rate, inquest_delay,
    autofill_warranty_date, autofill_use_date, autofill_buy_date,
    autofill_delivery_date, autofill_order_date, tickettemplates_strategy,
    tickettemplates_id, changetemplates_strategy, changetemplates_id,
    problemtemplates_strategy, problemtemplates_id, entities_strategy_software,
    default_contract_alert, default_infocom_alert, default_cartridges_alarm_threshold,
    default_consumables_alarm_threshold, delay_send_emails, is_notif_enable_default,
    autofill_decommission_date, suppliers_as_private, enable_custom_css, custom_css_code,
    anonymize_support_agents, display_users_initials, contracts_strategy_default,
    transfers_strategy)
VALUES (
    0, 'Root entity', NULL, 'Root entity', NULL, 1,
    0, 0, 0,
    0, 0,
    0, 0,
    0, 0, 0,
    0, 0, 0,
    30, 1,
    -10, -10, 0, 0,
    -10, 1, 1, 0, 0,
    '0', '0', '0',
    '0', '0', 0,
    1, 0, 1,
    0, 1, -10,
    0, 0, 10,
    10, 0, 1,
    '0', 0, 0, '',
    0, 1, 0,
    0);

-- Default accounts (ids are EmptyData::USER_* constants).  password: see header.
INSERT INTO glpi_users (id, name, realname, password, language, list_limit, authtype) VALUES
    (2, 'glpi',        NULL,      NULL, NULL,    20,   1),
    (3, 'post-only',   NULL,      NULL, 'en_GB', 20,   1),
    (4, 'tech',        NULL,      NULL, 'en_GB', 20,   1),
    (5, 'normal',      NULL,      NULL, 'en_GB', 20,   1),
    (6, 'glpi-system', 'Support', '',   NULL,    NULL, 1);
SELECT setval(pg_get_serial_sequence('glpi_users', 'id'), (SELECT max(id) FROM glpi_users));
