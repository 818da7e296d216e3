-- One search implementation (issue 16): every search is answered by the
-- process's engine (package engine), fed by index_log (0014). The
-- tsvector column, which the server computed for every portion at
-- import (to_tsvector: most of an import's time), and its GIN index go.
-- cable_words stays: suggestions read a word as written with it.
DROP INDEX IF EXISTS portions_tsv;
ALTER TABLE portions DROP COLUMN IF EXISTS tsv;
