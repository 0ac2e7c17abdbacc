-- One line per table of the database: "table SCHEMA.NAME ROWS", in name order.
-- scripts/backup.sh runs it in the dump's own snapshot (the manifest); scripts/restore_drill.sh
-- runs it on the restored copy and compares.
SELECT format('SELECT %L || '' '' || count(*) FROM %I.%I',
              'table ' || schemaname || '.' || tablename, schemaname, tablename)
  FROM pg_tables
 WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
 ORDER BY schemaname, tablename
\gexec
