-- The primary key of clicks holds merchant_id (the distribution key, should Citus ever spread the
-- table) as well as created_at (the partition key): on PostgreSQL `db:migrate` then partitions the
-- table by month (db/partitions.ts), which needs every unique key to contain created_at.
ALTER TABLE "clicks" DROP CONSTRAINT "clicks_id_created_at_pk";--> statement-breakpoint
ALTER TABLE "clicks" ADD CONSTRAINT "clicks_merchant_id_id_created_at_pk" PRIMARY KEY("merchant_id","id","created_at");