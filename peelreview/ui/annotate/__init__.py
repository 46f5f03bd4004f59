"""Annotating in the reader: the selection bar and note editor, the annotations panel, and
the undoable commands that make the changes."""
