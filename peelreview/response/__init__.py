"""The PCC's statutory response: the draft (items, points, deadlines, gaps) and its exports
to Word (on a restylable template) and CSV. No Qt.

Import the exports from their modules (`docx_export`, `csv_export`): python-docx is slow to
import, so only the code that writes Word files should pay for it."""
