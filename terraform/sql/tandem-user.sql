-- Creates the database user the Tandem daemon connects as, with only what it needs.
-- Run once per region as the RDS master user (tandem_admin), against the application database:
--
--   export PGPASSWORD=$(aws secretsmanager get-secret-value --region <aws-region> \
--       --secret-id <postgres_master_secret_arn> --query SecretString --output text | jq -r .password)
--   TANDEM_PASSWORD=$(aws secretsmanager get-secret-value --region <aws-region> \
--       --secret-id <postgres_tandem_secret_arn> --query SecretString --output text | jq -r .password)
--   psql "host=<endpoint> dbname=app user=tandem_admin sslmode=require" \
--       -v tandem_password="$TANDEM_PASSWORD" -v app_db=app -f tandem-user.sql
--
-- from a host the RDS security group admits (the daemon's security group: e.g. a one-off Fargate
-- task in the daemon's subnets and security group). Terraform leaves this to the operator because
-- the PostgreSQL provider would need network access to a private database at plan time.

\set ON_ERROR_STOP on

-- LOGIN with a password from Secrets Manager; nothing else at the cluster level.
CREATE ROLE tandem LOGIN PASSWORD :'tandem_password';

-- Logical replication: on RDS the REPLICATION attribute is granted through this role
-- (rds_superuser cannot grant REPLICATION directly).
GRANT rds_replication TO tandem;

-- Connect to the application database and create Tandem's schema (metadata columns, triggers,
-- conflict log, dead letters, fencing tables) during `tandem init`.
GRANT CONNECT, CREATE ON DATABASE :"app_db" TO tandem;

-- The replicated tables: capture reads them (the Debezium snapshot), apply writes them, and
-- `tandem init` adds the tandem_* metadata columns and triggers, which needs ownership. Give
-- the tables to tandem, or grant per table if the application owns them:
--   ALTER TABLE public.orders OWNER TO tandem;
GRANT USAGE ON SCHEMA public TO tandem;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tandem;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tandem;

-- Debezium's pgoutput publication: created by the daemon for the replicated tables; that needs
-- CREATE on the database (above) and ownership of the tables it publishes.
