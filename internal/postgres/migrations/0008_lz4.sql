-- Compress cables' text with LZ4 rather than PostgreSQL's default pglz:
-- compressing each cable's source (about 8 KB) took a quarter of a bulk
-- load's server time with pglz, and LZ4 compresses several times faster
-- for a little more space. Only rows written from now on change; the
-- others are read as they are. (PostgreSQL 14 and later, built with LZ4,
-- as Debian's is.)
ALTER TABLE cable_versions ALTER COLUMN raw SET COMPRESSION lz4;
ALTER TABLE portions ALTER COLUMN text SET COMPRESSION lz4;
ALTER TABLE envelopes ALTER COLUMN telegram SET COMPRESSION lz4;
