"""Reading reports: how a stored report is shown (HTML with grade chips and finding styles,
PDF page images) and how it is compared with the force's earlier inspections. No Qt."""
