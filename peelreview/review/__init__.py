"""The officer's review of the reports: annotations on exact passages (anchored by W3C
selectors), links between findings across reports, "more like this" suggestions, sharing as
W3C Web Annotations, and re-anchoring when a report is replaced by a new version. No Qt."""
