-- The Creators screen filters by region and lists the regions present.
CREATE INDEX creators_by_region ON creators (region);
