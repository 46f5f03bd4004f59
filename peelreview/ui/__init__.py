"""Qt widgets only: they display and forward the officer's intent to the Workspace facade."""
