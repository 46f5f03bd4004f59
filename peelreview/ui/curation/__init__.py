"""The officer's decisions on what the extractor read, in the app: confirm or reject a likely
finding or grade (undoable commands, the reader's keys and menu)."""
