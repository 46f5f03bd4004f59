"""Reading reports: the reader pane, two panes side by side, and the grade movement table."""
