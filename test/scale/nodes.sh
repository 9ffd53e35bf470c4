# test/scale/nodes.sh - a coordinator and two shards on postgres_fdw, set up
# as doc/scale-out.md says; sourced by scripts/tests/scale_fdw.sh and
# bench/scale.sh after scripts/lib.sh.
#
# Needs: base (a folder for the three servers), port0 (the coordinator's
# port; the shards take the next two), scale_table (the ticket table's
# name), scale_columns (its columns, as CREATE TABLE lists them, for the
# coordinator's partitioned table) and scale_tickets_sql (a file that
# creates and attaches the table on a shard and on the single server).
# scale_start gives the coordinator's databases desk (the tickets, by
# hash of their key, on the shards) and single (a single server with the
# same model, in the same cluster).

scale_psql() { "$SLM_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
node_dir() { echo "$base/$1"; }
node_port() { case $1 in coord) echo "$port0" ;; shard1) echo $((port0 + 1)) ;; shard2) echo $((port0 + 2)) ;; esac; }
# on NODE psql-arguments...: psql on a node's server
on() { local n=$1; shift; scale_psql -h "$(node_dir "$n")" -p "$(node_port "$n")" -U postgres "$@"; }
start_node() {
	SLM_RUN_DIR=$(node_dir "$1") SLM_PORT=$(node_port "$1") SLM_EXTRA_CONF=$2 slm_cluster_start
}
stop_node() {
	su postgres -s /bin/sh -c "$SLM_PG_BIN/pg_ctl -D '$(node_dir "$1")/data' -m fast -w stop" >/dev/null
}
restart_node() { SLM_RUN_DIR=$(node_dir "$1") slm_server_start; }
stop_all() { local n; for n in coord shard1 shard2; do SLM_RUN_DIR=$(node_dir "$n") slm_cluster_stop; done; }

scale_start() {
	local s i
	stop_all
	mkdir -p "$base"
	start_node coord "wal_level = logical
max_replication_slots = 8
max_wal_senders = 8"
	for s in shard1 shard2; do start_node "$s" ""; done

	# the coordinator: the model, published; the tickets, by shard
	on coord -d postgres -c "CREATE DATABASE desk" -c "CREATE DATABASE single"
	# model changes wait until every shard has applied them; the single
	# server in the same cluster waits for nobody
	on coord -d postgres -c "ALTER DATABASE desk SET synchronous_commit = remote_apply" \
		-c "ALTER DATABASE single SET synchronous_commit = local"
	on coord -d desk <<-SQL
		SET client_min_messages = warning;
		CREATE EXTENSION slm;
		CREATE EXTENSION postgres_fdw;
		-- the shard's model comes from here, whole
		CREATE PUBLICATION slm_model FOR TABLE slm.calendars, slm.services, slm.customers, slm.tier_thresholds,
		    slm.priority_matrix, slm.agreements, slm.targets, slm.escalation_levels;
		CREATE TABLE $scale_table ($scale_columns) PARTITION BY HASH (id);
		CREATE SCHEMA slm_shards;
	SQL
	i=0
	for s in shard1 shard2; do
		on coord -d desk <<-SQL
			-- reports fetch every clock of their period: in large batches, from
			-- all shards at once
			CREATE SERVER $s FOREIGN DATA WRAPPER postgres_fdw
			    OPTIONS (host '$(node_dir "$s")', port '$(node_port "$s")', dbname 'desk', extensions 'slm',
			             fetch_size '10000', async_capable 'true');
			CREATE USER MAPPING FOR CURRENT_USER SERVER $s OPTIONS (user 'postgres');
			CREATE FOREIGN TABLE ${scale_table}_$s PARTITION OF $scale_table FOR VALUES WITH (MODULUS 2, REMAINDER $i)
			    SERVER $s OPTIONS (table_name '$scale_table');
			-- the shard's clocks, read through slm.clocks by every report here
			CREATE FOREIGN TABLE slm_shards.clocks_$s () INHERITS (slm.clocks)
			    SERVER $s OPTIONS (schema_name 'slm', table_name 'clocks');
		SQL
		i=$((i + 1))
	done

	# the shards: the model by subscription, the tickets tracked
	i=1
	for s in shard1 shard2; do
		on "$s" -d postgres -c "CREATE DATABASE desk"
		on "$s" -d desk <<-SQL
			SET client_min_messages = warning;
			CREATE EXTENSION slm;
			TRUNCATE slm.calendars, slm.services, slm.customers, slm.tier_thresholds, slm.priority_matrix,
			    slm.agreements, slm.targets, slm.escalation_levels CASCADE;
			CREATE SUBSCRIPTION slm_model_$s
			    CONNECTION 'host=$(node_dir coord) port=$(node_port coord) dbname=desk user=postgres'
			    PUBLICATION slm_model;
			-- clock and event ids of the shards never meet
			ALTER SEQUENCE slm.clocks_id_seq INCREMENT BY 2 RESTART WITH $i;
			ALTER SEQUENCE slm.events_id_seq INCREMENT BY 2 RESTART WITH $i;
			\i $scale_tickets_sql
		SQL
		i=$((i + 1))
	done
	for s in shard1 shard2; do
		for _ in $(seq 1 60); do
			[ "$(on "$s" -d desk -At -c "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'")" = 0 ] && break
			sleep 0.5
		done
	done
	# the subscriptions are synchronous: a commit that changes the model
	# returns once both shards have applied it (set now that they exist:
	# before, every commit on the coordinator would wait for them)
	on coord -d postgres -c "ALTER SYSTEM SET synchronous_standby_names = 'ANY 2 (slm_model_shard1, slm_model_shard2)'" \
		-c "SELECT pg_reload_conf()" >/dev/null
	on coord -d single -c "SET client_min_messages = warning" -c "CREATE EXTENSION slm" -f "$scale_tickets_sql" >/dev/null
}
