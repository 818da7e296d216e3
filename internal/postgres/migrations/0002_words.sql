-- words: the vocabulary that suggestions ("did you mean") respell from:
-- every word of every portion, withheld ones too, in lower case. It says
-- nothing to a reader by itself: a word is proposed only when a search
-- for it, as the reader, finds cables (package suggest). Imports add the
-- words of the portions they store (suggest.AddWords); words of replaced
-- versions stay. C collation, so that a prefix is a range of the index.
CREATE TABLE words (
	word text COLLATE "C" PRIMARY KEY
);

-- The archive's words so far, cut as AddWords cuts them (runs of
-- letters, three to 24 long, that are not part of a token with digits).
INSERT INTO words
SELECT DISTINCT w FROM portions, regexp_split_to_table(lower(text), '[^[:alnum:]]+') AS w
WHERE w ~ '^[[:alpha:]]{3,24}$'
ON CONFLICT DO NOTHING;
