"""The demo of `manage.py load_demo`: a believable, fictional programme, loaded idempotently.

- the tables, plain Python: account_data.py (accounts, seed), company_data.py (companies, their
  people, the officers' exchanges), project_data.py (projects and their stages),
  directory_data.py (partners and schemes) and pipeline_data.py (what follows intake);
- plan.py computes what to load from the tables and a reference day, without the database;
- loader.py writes the accounts, companies, contacts, exchanges and projects, then calls
  pipeline.py (directory, resources, financing, providers, documents, notes) and taskforce.py
  (members, sessions, reviews, decisions).
"""
