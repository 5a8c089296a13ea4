"""The programme's figures for a year or a range of years: dashboard and yearly report.

Every figure is an aggregate computed by the database; only the median time to decision is
taken in Python, over durations fetched in one query. Building all the figures costs a fixed
number of queries whatever the number of projects.

- `period`: the period the figures are about (whole calendar years);
- `supported`: the companies supported in the period, against the yearly targets, and their list;
- `figures`: the figures of the projects received in the period, and all of them together;
- `cache`: the figures kept in the cache until a write changes what they count, and their
  refresh by a worker while the dashboard shows the previous ones.
"""
