-- install: CREATE EXTENSION and the objects it makes
SET client_min_messages = warning;
CREATE EXTENSION slm;
RESET client_min_messages;
SELECT extname, extversion, extrelocatable, nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'slm';
\dx+ slm
-- every object of the extension has a comment
SELECT pg_describe_object(classid, objid, 0) AS uncommented
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'slm')
  AND d.deptype = 'e'
  AND classid IN ('pg_proc'::regclass, 'pg_class'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass)
  AND obj_description(objid, classid::regclass::text) IS NULL
  AND NOT (classid = 'pg_type'::regclass AND EXISTS (
        SELECT 1 FROM pg_type t WHERE t.oid = objid AND (t.typrelid <> 0 OR t.typelem <> 0)))
ORDER BY 1;
