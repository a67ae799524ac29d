-- creatordesk schema, version 18: the pipelines an import started past
-- prospect, found fast. Such a pipeline's first history row (old value '')
-- names the stage the file put it at, at the pipeline's creation time. A
-- pipeline imported at replied or further brought its outcome with it and
-- stays out of the funnel's rates; the steps it came in at carry the
-- import's date and stay out of the weekly figures (outreach.BroughtOutcome,
-- outreach.ImportDated). This index holds only those rows, so reading them
-- costs what the imported trackers hold, not the size of the history.
CREATE INDEX history_imported_stage ON history (creator_id, campaign_id, at)
    WHERE field = 'stage' AND old_value = '' AND new_value NOT IN ('prospect', 'do_not_contact');
