"""The pipeline part of `manage.py load_demo`: the ecosystem directory and what happens to the
projects once they are past intake (resources, financing sources, support providers, document
requests, internal notes).

`projects/demo_data.py` holds the companies, people and projects; the tables here build on them.
"""
