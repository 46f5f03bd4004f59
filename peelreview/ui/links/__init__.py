"""Links between findings: the links panel, the trace diagram and the undoable commands."""
