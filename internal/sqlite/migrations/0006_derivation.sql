-- The version of the rules each cable's stored form (portions, markings)
-- was derived by; Open stores again the cables that derive otherwise
-- under newer rules (rederive.go). Archives from before this table were
-- derived by version 1.
CREATE TABLE derivation (version INTEGER NOT NULL);
INSERT INTO derivation VALUES (1);
