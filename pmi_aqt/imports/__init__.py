"""Imports of spreadsheets (CSV or Excel) into the portal, for every app.

The machinery is here — reading an upload into rows (`reading`), guessing and choosing which
column fills which field (`mapping`), the import kept between its preview and its confirmation
(`models.ImportRun`), the pages of the flow (`flow`) — and each app says what a row means in an
`Importer` of its own (`companies/imports.py`, `projects/directory_io.py`).
"""
