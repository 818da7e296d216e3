-- portions_vis covers the columns that decide whether a portion is visible,
-- so that a search reads them from this narrow index instead of from the
-- portion's row, which holds its text: at 250,000 cables that halves the
-- cost of each match a search examines (sqlite/stream.go).
CREATE INDEX portions_vis ON portions(id, cable, level, noforn, plain, rel);
