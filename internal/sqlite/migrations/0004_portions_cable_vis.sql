-- portions_cable becomes covering for the questions asked of a cable's
-- portions as a whole (may the caller know of it, what is the level of
-- their view of it): at 250,000 cables the facets of a search, which ask
-- them of every hit, read each portion's row, text and all, without it.
DROP INDEX portions_cable;
CREATE INDEX portions_cable ON portions(cable, kind, level, noforn, plain, rel);
