"""The analysts' web application: server-rendered pages over the same store."""
