"""Form fields, widgets and the form renderer shared by every app: they import no app."""
