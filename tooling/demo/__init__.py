"""The demo of `manage.py load_demo`: a believable, fictional programme, loaded idempotently.

- the tables, plain Python: account_data.py (accounts, seed), company_data.py (companies, their
  people, the officers' exchanges), project_data.py (the current pipeline's projects and their
  stages), history_data.py (the programme since March 2015: yearly targets, the share reached,
  the task force's calendar, the themes of past projects), directory_data.py (partners and
  schemes) and pipeline_data.py (what follows intake);
- plan.py computes what to load from the tables and a reference day, without the database,
  with history.py for the calendar and the past years' projects;
- loader.py runs the loading steps in order over a shared context (context.py): accounts,
  directory, companies with their contacts and exchanges, projects, yearly targets, then
  pipeline.py (resources, financing, providers, documents, notes), taskforce.py (members,
  sessions, reviews, decisions) and programme.py (collective actions, student placements,
  prospecting, the funders' calendar; tables in programme_data.py). A new feature's demo is
  one more step there.
"""
